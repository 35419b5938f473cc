import { describe, expect, it } from "vitest";
import playwrightConfig from "@/playwright.config";
import {
  allowedSkipTitles,
  playwrightCounts,
  playwrightTestCount,
  summary,
  vitestCounts,
} from "@/scripts/suite-counts.mjs";
import vitestConfig from "@/vitest.config";

const assertion = (fullName: string, status: string) => ({ fullName, title: fullName, status, ancestorTitles: [] });
const vitestReport = (
  files: { name: string; status: string; message?: string; tests: ReturnType<typeof assertion>[] }[],
) => {
  const tests = files.flatMap((f) => f.tests);
  return {
    numTotalTests: tests.length,
    numPassedTests: tests.filter((t) => t.status === "passed").length,
    numFailedTests: tests.filter((t) => t.status === "failed").length,
    testResults: files.map((f) => ({
      name: f.name,
      status: f.status,
      message: f.message ?? "",
      assertionResults: f.tests,
    })),
  };
};

describe("a stray .only is refused", () => {
  it("by Vitest and by Playwright, also outside CI", () => {
    expect((vitestConfig as { test?: { allowOnly?: boolean } }).test?.allowOnly).toBe(false);
    expect(playwrightConfig.forbidOnly).toBe(true);
  });
});

describe("vitestCounts", () => {
  it("counts a green run as green", () => {
    const r = vitestCounts(
      vitestReport([
        { name: "a.test.ts", status: "passed", tests: [assertion("a one", "passed"), assertion("a two", "passed")] },
      ]),
    );
    expect(r).toEqual({ passed: 2, failed: 0, skipped: 0, allowedSkipped: 0, notes: [] });
  });

  it("counts a skipped or todo test as failed and names it", () => {
    const r = vitestCounts(
      vitestReport([
        {
          name: "a.test.ts",
          status: "passed",
          tests: [assertion("a one", "passed"), assertion("a two", "skipped"), assertion("a three", "todo")],
        },
      ]),
    );
    expect(r).toEqual({
      passed: 1,
      failed: 2,
      skipped: 2,
      allowedSkipped: 0,
      notes: ["2 of 3 tests did not run: a two; a three"],
    });
  });

  it("lets a skip listed in allowed-skips.json pass, and only that one", () => {
    const allowed = allowedSkipTitles([{ title: "a two", reason: "needs a licence server" }]);
    const r = vitestCounts(
      vitestReport([
        {
          name: "a.test.ts",
          status: "passed",
          tests: [assertion("a one", "passed"), assertion("a two", "skipped"), assertion("a three", "skipped")],
        },
      ]),
      { allowed },
    );
    expect(r).toEqual({
      passed: 1,
      failed: 1,
      skipped: 2,
      allowedSkipped: 1,
      notes: ["1 of 3 tests did not run: a three"],
    });
  });

  it("refuses an allowed skip without a reason", () => {
    expect(() => allowedSkipTitles([{ title: "a two", reason: " " }])).toThrow(/needs a title and a reason/);
  });

  it("counts a file that failed to load (no tests collected) as a failure", () => {
    const r = vitestCounts(
      vitestReport([
        { name: "a.test.ts", status: "passed", tests: [assertion("a one", "passed")] },
        { name: "b.test.ts", status: "failed", message: "Cannot find module './gone'\n  at b.test.ts:1", tests: [] },
      ]),
      { exitCode: 1 },
    );
    expect(r).toEqual({
      passed: 1,
      failed: 1,
      skipped: 0,
      allowedSkipped: 0,
      notes: ["b.test.ts failed outside a test: Cannot find module './gone'"],
    });
  });

  it("counts a non-zero exit without a failed test as one failure, and a missing report as one", () => {
    const green = vitestReport([{ name: "a.test.ts", status: "passed", tests: [assertion("a one", "passed")] }]);
    expect(vitestCounts(green, { exitCode: 1 })).toEqual({
      passed: 1,
      failed: 1,
      skipped: 0,
      allowedSkipped: 0,
      notes: ["the runner exited with 1 although no test failed"],
    });
    expect(vitestCounts(null)).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
      allowedSkipped: 0,
      notes: ["no JSON report was written"],
    });
  });
});

const pwTest = (status: string) => ({ projectName: "chromium", status, annotations: [] });
const pwReport = (
  specs: [string, string][],
  stats: { expected: number; unexpected: number; flaky: number; skipped: number },
) => ({
  stats,
  errors: [],
  suites: [
    {
      title: "a.spec.ts",
      specs: [],
      suites: [
        { title: "feature", specs: specs.map(([title, status]) => ({ title, tests: [pwTest(status)] })), suites: [] },
      ],
    },
  ],
});

describe("playwrightCounts", () => {
  it("counts every listed test and a green run as green", () => {
    const report = pwReport(
      [
        ["one", "expected"],
        ["two", "expected"],
      ],
      { expected: 2, unexpected: 0, flaky: 0, skipped: 0 },
    );
    expect(playwrightTestCount(report)).toBe(2);
    expect(playwrightCounts(report, { listed: 2 })).toEqual({
      passed: 2,
      failed: 0,
      skipped: 0,
      allowedSkipped: 0,
      notes: [],
    });
  });

  it("counts a skipped test as failed unless allowed by its full title", () => {
    const report = pwReport(
      [
        ["one", "expected"],
        ["two", "skipped"],
      ],
      { expected: 1, unexpected: 0, flaky: 0, skipped: 1 },
    );
    expect(playwrightCounts(report, { listed: 2 })).toEqual({
      passed: 1,
      failed: 1,
      skipped: 1,
      allowedSkipped: 0,
      notes: ["1 of 2 tests did not run: a.spec.ts > feature > two"],
    });
    const allowed = allowedSkipTitles([{ title: "a.spec.ts > feature > two", reason: "needs a hardware token" }]);
    expect(playwrightCounts(report, { listed: 2, allowed })).toEqual({
      passed: 1,
      failed: 0,
      skipped: 1,
      allowedSkipped: 1,
      notes: [],
    });
  });

  it("counts listed tests the run never reached (interrupted, crashed worker) as failed", () => {
    const report = pwReport([["one", "expected"]], { expected: 1, unexpected: 0, flaky: 0, skipped: 0 });
    expect(playwrightCounts(report, { listed: 3, exitCode: 1 })).toEqual({
      passed: 1,
      failed: 2,
      skipped: 0,
      allowedSkipped: 0,
      notes: ["2 of 3 tests did not run"],
    });
  });
});

describe("summary", () => {
  it("prints skipped counts per suite and on their own line, and ends with exactly `N passed, N failed`", () => {
    const { lines, failed } = summary([
      { suite: "unit-sqlite", passed: 300, failed: 0, skipped: 1, allowedSkipped: 1, notes: [] },
      {
        suite: "e2e-sqlite",
        passed: 40,
        failed: 2,
        skipped: 2,
        allowedSkipped: 0,
        notes: ["2 of 42 tests did not run: x; y"],
      },
    ]);
    expect(lines).toEqual([
      "suite results:",
      "  unit-sqlite    300 passed, 0 failed, 1 skipped (1 allowed)",
      "  e2e-sqlite     40 passed, 2 failed, 2 skipped",
      "    2 of 42 tests did not run: x; y",
      "skipped: 3 (1 allowed by scripts/allowed-skips.json; any other skip counts as failed)",
      "340 passed, 2 failed",
    ]);
    expect(failed).toBe(2);
    expect(lines.filter((l) => /^[0-9]+ passed, [0-9]+ failed$/.test(l))).toEqual(["340 passed, 2 failed"]);
  });
});
