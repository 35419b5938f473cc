import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AM_TYPES_FILE, amTypesSource } from "@/lib/am-api/client/generate";
import { OPERATIONS } from "@/lib/am-api/operations";

describe("the committed TypeScript types of the AM API", () => {
  it("are those of the current OpenAPI document (else: npm run am:types, and commit)", async () => {
    const committed = readFileSync(AM_TYPES_FILE, "utf8");
    const current = await amTypesSource();
    // every operation is typed
    for (const op of OPERATIONS) expect(current).toContain(`${op.id}: {`);
    expect(committed === current, `${AM_TYPES_FILE} is stale: run npm run am:types and commit it`).toBe(true);
  });
});
