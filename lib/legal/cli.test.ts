import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { axys, cliErrorOf } from "@/lib/testing/cli";

// Every CLI call is a child process (tsx start-up, its own database connection): seconds each on a loaded
// 2-core machine (35 s each was seen with other test runs alongside), so this file's tests get minutes, not 30 s.
vi.setConfig({ testTimeout: 300_000 });

const dir = mkdtempSync(path.join(tmpdir(), "axys-legal-"));
function file(name: string, text: string) {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("axys legal", () => {
  it("publishes version 1 and 2 of the SLA from Markdown files, printing each version, and lists them", async () => {
    const v1 = axys([
      "legal",
      "publish",
      "--kind",
      "sla",
      "--title",
      "Service Level Agreement",
      "--file",
      file("sla1.md", "# SLA\n\n## 99.99% monthly uptime\n"),
      "--summary",
      "Initial version.",
      "--json",
    ]);
    expect(v1.code, v1.err).toBe(0);
    expect(JSON.parse(v1.out)).toMatchObject({
      kind: "sla",
      version: 1,
      title: "Service Level Agreement",
      changeSummary: "Initial version.",
      status: "current",
      publishedBy: expect.stringMatching(/^cli:/),
    });
    expect(JSON.parse(v1.out)).not.toHaveProperty("body");

    const v2 = axys(
      [
        "legal",
        "publish",
        "--kind",
        "sla",
        "--title",
        "Service Level Agreement",
        "--file",
        "-",
        "--summary",
        "New credit tiers.",
        "--effective",
        "2099-12-01",
        "--json",
      ],
      "# SLA\n\nCredits changed.\n",
    );
    expect(v2.code, v2.err).toBe(0);
    expect(JSON.parse(v2.out)).toMatchObject({
      kind: "sla",
      version: 2,
      changeSummary: "New credit tiers.",
      effectiveAt: "2099-12-01T00:00:00.000Z",
      status: "upcoming",
    });
    expect(
      (await db.legalDocument.findUniqueOrThrow({ where: { kind_version: { kind: "sla", version: 2 } } })).body,
    ).toBe("# SLA\n\nCredits changed.");
    expect(
      await db.auditEvent.count({
        where: { action: "legal.published", tenantId: null, actorLabel: { startsWith: "cli:" } },
      }),
    ).toBe(2);

    const list = axys(["legal", "list", "--json"]);
    expect(list.code).toBe(0);
    const sla = JSON.parse(list.out).documents.find((d: { kind: string }) => d.kind === "sla");
    expect(sla).toMatchObject({
      current: { version: 1 },
      upcoming: { version: 2, effectiveAt: "2099-12-01T00:00:00.000Z" },
    });
    const history = axys(["legal", "list", "--kind", "sla", "--json"]);
    expect(JSON.parse(history.out).versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const text = axys(["legal", "list"]);
    expect(text.out).toMatch(/sla {2}v1 {2}current/);
    expect(text.out).toMatch(/upcoming: sla {2}v2 {2}upcoming {2}effective 2099-12-01 00:00 UTC/);
  });

  it("refuses a bad kind, an empty file and a bad date with a JSON error, writing nothing", async () => {
    const before = { docs: await db.legalDocument.count(), audit: await db.auditEvent.count() };
    const doc = file("doc.md", "# Terms\n");
    const bad = axys([
      "legal",
      "publish",
      "--kind",
      "privacy",
      "--title",
      "P",
      "--file",
      doc,
      "--summary",
      "S",
      "--json",
    ]);
    expect(cliErrorOf(bad)).toEqual({
      exit: 1,
      code: "VALIDATION",
      message: "--kind must be one of: terms_of_use, sla, dpa, attestations.",
      field: "kind",
    });

    const empty = axys([
      "legal",
      "publish",
      "--kind",
      "dpa",
      "--title",
      "DPA",
      "--file",
      file("empty.md", "\n\n"),
      "--summary",
      "S",
      "--json",
    ]);
    expect(cliErrorOf(empty)).toMatchObject({ exit: 1, code: "VALIDATION", field: "body" });
    const date = axys([
      "legal",
      "publish",
      "--kind",
      "dpa",
      "--title",
      "DPA",
      "--file",
      doc,
      "--summary",
      "S",
      "--effective",
      "2026-02-30",
      "--json",
    ]);
    expect(cliErrorOf(date)).toMatchObject({ exit: 1, code: "VALIDATION", field: "effectiveAt" });
    const missing = axys([
      "legal",
      "publish",
      "--kind",
      "dpa",
      "--title",
      "DPA",
      "--file",
      path.join(dir, "nope.md"),
      "--summary",
      "S",
      "--json",
    ]);
    expect(cliErrorOf(missing)).toMatchObject({ exit: 64, code: "USAGE", field: "file" });
    expect({ docs: await db.legalDocument.count(), audit: await db.auditEvent.count() }).toEqual(before);
  });
});
