// Types for scripts/suite-counts.mjs (plain JavaScript so that `node scripts/test-all.mjs` runs it without a build).
export type SuiteCounts = { passed: number; failed: number; skipped: number; allowedSkipped: number; notes: string[] };
export function allowedSkipTitles(list: unknown): Set<string>;
export function vitestCounts(report: unknown, opts?: { exitCode?: number | null; allowed?: Set<string> }): SuiteCounts;
export function playwrightTestCount(report: unknown): number;
export function playwrightCounts(
  report: unknown,
  opts?: { listed?: number; exitCode?: number | null; allowed?: Set<string> },
): SuiteCounts;
export function suiteLine(suite: string, r: SuiteCounts): string;
export function summary(results: (SuiteCounts & { suite: string })[]): { lines: string[]; failed: number };
