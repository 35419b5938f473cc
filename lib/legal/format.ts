/** "1 December 2026", plus the time when it is not midnight UTC ("1 December 2026, 09:30 UTC"). */
export function formatEffective(d: Date): string {
  const date = d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const time = d.toISOString().slice(11, 16);
  return time === "00:00" ? date : `${date}, ${time} UTC`;
}
