import { describe, expect, it } from "vitest";
import { formatRelative, formatUtc, formatUtcDay } from "@/lib/format/date";

describe("formatUtc", () => {
  it("formats in UTC whatever the local zone", () => {
    expect(formatUtc(new Date("2026-12-05T07:54:31.123Z"))).toBe("2026-12-05 07:54 UTC");
    expect(formatUtc("2026-12-05T07:54:31.123+02:00")).toBe("2026-12-05 05:54 UTC");
    expect(formatUtc(new Date("2026-12-05T07:54:31Z"), { seconds: true })).toBe("2026-12-05 07:54:31 UTC");
    expect(formatUtcDay(new Date("2026-12-05T23:59:59Z"))).toBe("2026-12-05");
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-12-05T08:00:00Z");
  const at = (ms: number) => new Date(now.getTime() + ms);
  it("says past and future times in the largest whole unit", () => {
    expect(formatRelative(at(-10_000), now)).toBe("just now");
    expect(formatRelative(at(-3 * 60_000), now)).toBe("3 min ago");
    expect(formatRelative(at(-60_000), now)).toBe("1 min ago");
    expect(formatRelative(at(-2 * 3600_000 - 59 * 60_000), now)).toBe("2 hours ago");
    expect(formatRelative(at(3600_000), now)).toBe("in 1 hour");
    expect(formatRelative(at(12 * 86_400_000 + 3600_000), now)).toBe("in 12 days");
    expect(formatRelative(at(-86_400_000), now)).toBe("1 day ago");
    expect(formatRelative(at(90 * 86_400_000), now)).toBe("in 3 months");
    expect(formatRelative(at(-800 * 86_400_000), now)).toBe("2 years ago");
  });
  it("is the same for a string and a Date", () => {
    expect(formatRelative(at(-5 * 60_000).toISOString(), now.toISOString())).toBe("5 min ago");
  });
});
