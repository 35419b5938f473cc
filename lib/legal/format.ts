import { formatUtc, formatUtcDay } from "@/lib/format/date";

/** The portal's date format; the day alone when the version takes effect at midnight UTC ("2026-12-01"). */
export function formatEffective(d: Date): string {
  return d.toISOString().slice(11, 16) === "00:00" ? formatUtcDay(d) : formatUtc(d);
}
