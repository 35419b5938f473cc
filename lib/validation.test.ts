import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseInput } from "@/lib/validation";

describe("parseInput", () => {
  const schema = z.object({ name: z.string(), tags: z.array(z.string()).optional(), note: z.string().optional() });

  it("refuses a NUL character in any string of the input, naming its field, before the schema", () => {
    for (const [input, field] of [
      [{ name: "a\u0000b" }, "name"],
      [{ name: "ok", tags: ["x", "\u0000"] }, "tags.1"],
      [{ name: "ok", deep: { er: "\u0000" } }, "deep.er"],
    ] as const)
      expect(() => parseInput(schema, input)).toThrow(
        expect.objectContaining({ code: "VALIDATION", field, message: "Text may not contain NUL characters." }),
      );
    expect(() => parseInput(z.string(), "\u0000")).toThrow(expect.objectContaining({ code: "VALIDATION" }));
  });

  it("passes other input to the schema", () => {
    expect(parseInput(schema, { name: "é🚀\u202e" })).toEqual({ name: "é🚀\u202e" });
    expect(() => parseInput(schema, { name: 1 })).toThrow(
      expect.objectContaining({ code: "VALIDATION", field: "name" }),
    );
  });
});
