import Link from "next/link";
import type { BadgeTone } from "@/components/ui/badge";
import { Options, Select } from "@/components/ui/form";
import { cn } from "@/lib/cn";
import type { MonitoringSurfaces } from "@/lib/partners/visibility";

export { surfacesFor } from "@/lib/partners/visibility";

/** The tabs between the monitoring pages, keeping the Program filter. */
export function MonitoringTabs({
  current,
  surfaces,
  program,
}: {
  current: "overview" | "transactions" | "balances";
  surfaces: MonitoringSurfaces;
  program?: string;
}) {
  const q = program ? `?program=${encodeURIComponent(program)}` : "";
  const tabs = [
    surfaces.overview && { key: "overview", href: `/monitoring${q}`, label: "Overview" },
    surfaces.transactions && { key: "transactions", href: `/monitoring/transactions${q}`, label: "Transactions" },
    surfaces.balances && { key: "balances", href: `/monitoring/balances${q}`, label: "Balances" },
  ].filter((t): t is { key: string; href: string; label: string } => !!t);
  return (
    <nav aria-label="Monitoring" className="-mt-3 mb-6 flex gap-1 border-b border-slate-200 text-sm">
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={t.key === current ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 font-medium",
            t.key === current
              ? "border-brand-600 text-brand-700"
              : "border-transparent text-slate-500 hover:text-slate-800",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

export const STATUS_TONES = {
  completed: "green",
  pending: "amber",
  declined: "red",
  reversed: "neutral",
} as const satisfies Record<string, BadgeTone>;

/** The Program filter of the monitoring pages: all programs, or one of the Tenant's. */
export function ProgramSelect({
  programs,
  defaultValue,
  className,
}: {
  programs: readonly { id: string; name: string }[];
  defaultValue: string | undefined;
  className?: string;
}) {
  return (
    <Select id="program" name="program" defaultValue={defaultValue ?? ""} className={className}>
      <Options
        any="All programs"
        values={programs.map((p) => p.id)}
        label={Object.fromEntries(programs.map((p) => [p.id, p.name]))}
      />
    </Select>
  );
}
