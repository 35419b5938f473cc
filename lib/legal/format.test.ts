import { describe, expect, it } from "vitest";
import { formatEffective } from "@/lib/legal/format";

describe("formatEffective", () => {
  it("shows the day alone at midnight UTC, else the portal's date format", () => {
    expect(formatEffective(new Date("2026-12-01T00:00:00Z"))).toBe("2026-12-01");
    expect(formatEffective(new Date("2026-12-01T09:30:00Z"))).toBe("2026-12-01 09:30 UTC");
  });
});
