/** The portal's one date format: "2026-12-05 07:54 UTC" (minutes), or with seconds where order matters. */
export function formatUtc(value: Date | string, { seconds = false }: { seconds?: boolean } = {}): string {
  const d = typeof value === "string" ? new Date(value) : value;
  return `${d
    .toISOString()
    .slice(0, seconds ? 19 : 16)
    .replace("T", " ")} UTC`;
}

/** The day only, for dates where the time says nothing ("2026-12-05"). */
export function formatUtcDay(value: Date | string): string {
  const d = typeof value === "string" ? new Date(value) : value;
  return d.toISOString().slice(0, 10);
}

const UNITS: [limitSeconds: number, seconds: number, name: string][] = [
  [60, 1, "s"],
  [3600, 60, "min"],
  [86_400, 3600, "hour"],
  [86_400 * 60, 86_400, "day"],
  [86_400 * 730, 86_400 * 30, "month"],
  [Infinity, 86_400 * 365, "year"],
];

/**
 * A relative time against an explicit `now` ("3 min ago", "in 12 days", "just now"), so the server and the
 * browser render the same text when they are given the same `now`. Rounds down: "in 12 days" is at least 12 days.
 */
export function formatRelative(value: Date | string, now: Date | string): string {
  const d = typeof value === "string" ? new Date(value) : value;
  const n = typeof now === "string" ? new Date(now) : now;
  const diff = Math.round((d.getTime() - n.getTime()) / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return "just now";
  const [, size, name] = UNITS.find(([limit]) => abs < limit)!;
  const count = Math.max(1, Math.floor(abs / size));
  const unit = name === "s" || name === "min" ? name : `${name}${count === 1 ? "" : "s"}`;
  return diff < 0 ? `${count} ${unit} ago` : `in ${count} ${unit}`;
}
