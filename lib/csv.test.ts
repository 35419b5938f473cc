import { describe, expect, it } from "vitest";
import { csvDownload, csvField, csvRow, csvStream } from "@/lib/csv";

describe("csv", () => {
  it("quotes commas, quotes and newlines", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
  });

  it("neutralises formula injection", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("plain")).toBe("plain");
  });

  it("streams a header and rows", async () => {
    async function* rows() {
      yield { a: 1, b: "x,y" };
      yield { a: 2, b: "z" };
    }
    const text = await new Response(csvStream(["a", "b"], rows(), (r) => [r.a, r.b])).text();
    expect(text).toBe(csvRow(["a", "b"]) + '1,"x,y"\r\n2,z\r\n');
  });

  it("csvDownload names the file with today's date and forbids caching", async () => {
    const r = csvDownload("a\r\n", "audit-log");
    expect(r.headers.get("content-disposition")).toBe(
      `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    expect([r.headers.get("content-type"), r.headers.get("cache-control"), await r.text()]).toEqual([
      "text/csv; charset=utf-8",
      "no-store",
      "a\r\n",
    ]);
  });
});
