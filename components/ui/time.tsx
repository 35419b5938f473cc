import { cn } from "@/lib/cn";
import { formatRelative, formatUtc, formatUtcDay } from "@/lib/format/date";

type TimeProps = { value: Date | string; className?: string } & (
  | { format?: "minutes" | "seconds" | "day"; relativeTo?: undefined; prefix?: undefined }
  /** A relative time ("3 min ago") against `relativeTo`, the server's "now" of the render: a client component is given it as a prop, so its first render in the browser matches the server's HTML. */
  | { relativeTo: Date | string; prefix?: string; format?: undefined }
);

/**
 * The one way the portal shows a time: "2026-12-05 07:54 UTC", or a relative time ("expires in 12 days") with
 * the exact UTC time on hover. Not a client component and no clock of its own: it renders the same text wherever it runs.
 */
export function Time({ value, className, format = "minutes", relativeTo, prefix }: TimeProps) {
  const d = typeof value === "string" ? new Date(value) : value;
  const exact = formatUtc(d, { seconds: format === "seconds" });
  if (relativeTo !== undefined) {
    return (
      <time dateTime={d.toISOString()} title={exact} className={className}>
        {prefix ? `${prefix} ` : ""}
        {formatRelative(d, relativeTo)}
      </time>
    );
  }
  // a date and time is one token: a narrow table column must not break it at its hyphens
  return (
    <time dateTime={d.toISOString()} className={cn("whitespace-nowrap", className)}>
      {format === "day" ? formatUtcDay(d) : exact}
    </time>
  );
}
