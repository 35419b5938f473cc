// Counting for scripts/test-all.mjs, kept pure so that lib/testing/suite-counts.test.ts can show each rule failing.
// A suite is only green when every test it has ran and passed: a skipped, todo or never-run test is a failure
// unless its full title is listed in scripts/allowed-skips.json with a reason.

/** Full titles of the allowed skips (scripts/allowed-skips.json: [{ "title": "...", "reason": "..." }]). */
export function allowedSkipTitles(list) {
  if (!Array.isArray(list)) throw new Error("allowed-skips.json must be an array of { title, reason }");
  for (const e of list) {
    if (typeof e?.title !== "string" || typeof e?.reason !== "string" || !e.reason.trim()) {
      throw new Error(`allowed-skips.json: every entry needs a title and a reason (got ${JSON.stringify(e)})`);
    }
  }
  return new Set(list.map((e) => e.title));
}

/**
 * Vitest's JSON report: numTotalTests counts every test collected (skipped and todo included); a file that fails
 * to load adds none, so it counts as one failure of its own (a failed file without a failed test).
 * `exitCode` non-zero with nothing else failing (e.g. an unhandled error, a stray .only) is one failure too.
 */
export function vitestCounts(report, { exitCode = 0, allowed = new Set() } = {}) {
  if (!report) return { passed: 0, failed: 1, skipped: 0, allowedSkipped: 0, notes: ["no JSON report was written"] };
  const notes = [];
  const skippedTitles = [];
  let brokenFiles = 0;
  for (const file of report.testResults ?? []) {
    const results = file.assertionResults ?? [];
    for (const a of results) {
      if (["skipped", "pending", "todo", "disabled"].includes(a.status)) skippedTitles.push(a.fullName ?? a.title);
    }
    if (file.status === "failed" && !results.some((a) => a.status === "failed")) {
      brokenFiles++;
      notes.push(`${file.name} failed outside a test: ${String(file.message ?? "").split("\n")[0]}`);
    }
  }
  const passed = report.numPassedTests;
  let failed = report.numFailedTests + brokenFiles;
  const allowedSkipped = skippedTitles.filter((t) => allowed.has(t)).length;
  const ran = passed + report.numFailedTests;
  const missing = report.numTotalTests - ran - allowedSkipped;
  if (missing > 0) {
    notes.push(
      `${missing} of ${report.numTotalTests} tests did not run${skippedTitles.length ? `: ${skippedTitles.filter((t) => !allowed.has(t)).join("; ")}` : ""}`,
    );
    failed += missing;
  }
  if (exitCode !== 0 && failed === 0) {
    notes.push(`the runner exited with ${exitCode} although no test failed`);
    failed = 1;
  }
  return { passed, failed, skipped: skippedTitles.length, allowedSkipped, notes };
}

function* playwrightTests(suite, titles = []) {
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) yield { title: [...titles, spec.title].filter(Boolean).join(" > "), test };
  }
  for (const child of suite.suites ?? []) yield* playwrightTests(child, [...titles, child.title]);
}

/** Every test (one per project) in a Playwright JSON report, also the one `playwright test --list --reporter=json` prints. */
export function playwrightTestCount(report) {
  let n = 0;
  for (const s of report?.suites ?? []) for (const _ of playwrightTests(s, [])) n++;
  return n;
}

/**
 * Playwright's JSON report: stats.expected/unexpected/flaky/skipped. `listed` is how many tests `--list` found
 * before the run: tests the run never reached (interrupted, a worker crash, max failures) count as failures.
 * Titles are "file > describe > test" (the file's suite title is its path relative to testDir).
 */
export function playwrightCounts(report, { listed, exitCode = 0, allowed = new Set() } = {}) {
  const s = report?.stats;
  if (!s) return { passed: 0, failed: 1, skipped: 0, allowedSkipped: 0, notes: ["no JSON report was written"] };
  const notes = [];
  const skippedTitles = [];
  for (const suite of report.suites ?? []) {
    for (const { title, test } of playwrightTests(suite, [suite.title]))
      if (test.status === "skipped") skippedTitles.push(title);
  }
  const passed = s.expected + s.flaky;
  let failed = s.unexpected;
  const allowedSkipped = skippedTitles.filter((t) => allowed.has(t)).length;
  const total = Math.max(listed ?? 0, s.expected + s.unexpected + s.flaky + s.skipped);
  const missing = total - passed - s.unexpected - allowedSkipped;
  if (missing > 0) {
    notes.push(
      `${missing} of ${total} tests did not run${skippedTitles.length ? `: ${skippedTitles.filter((t) => !allowed.has(t)).join("; ")}` : ""}`,
    );
    failed += missing;
  }
  if ((report.errors ?? []).length && failed === 0) notes.push(`${report.errors.length} error(s) outside a test`);
  if ((exitCode !== 0 || (report.errors ?? []).length) && failed === 0) {
    if (exitCode !== 0) notes.push(`the runner exited with ${exitCode} although no test failed`);
    failed = 1;
  }
  return { passed, failed, skipped: skippedTitles.length, allowedSkipped, notes };
}

/** The per-suite line: indented, so CI's `^[0-9]+ passed, [0-9]+ failed$` matches only the final total. */
export function suiteLine(suite, r) {
  return `  ${suite.padEnd(14)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.allowedSkipped ? ` (${r.allowedSkipped} allowed)` : ""}`;
}

/** The summary: per-suite lines, notes, the skipped total, and last the exact line CI greps for. */
export function summary(results) {
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const allowedSkipped = results.reduce((n, r) => n + r.allowedSkipped, 0);
  const lines = ["suite results:"];
  for (const r of results) {
    lines.push(suiteLine(r.suite, r));
    for (const note of r.notes ?? []) lines.push(`    ${note}`);
  }
  lines.push(
    `skipped: ${skipped} (${allowedSkipped} allowed by scripts/allowed-skips.json; any other skip counts as failed)`,
  );
  lines.push(`${passed} passed, ${failed} failed`);
  return { lines, failed };
}
