"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";
import { currentProgramTab, type ProgramTab } from "@/lib/navigation/program-tabs";

/**
 * The Program's sections as tabs, the current one marked; on a phone the row scrolls inside itself, on a wide
 * screen it wraps (fourteen tabs do not fit beside the sidebar, and a tab cut at the edge looked like the last one).
 */
export function ProgramTabBar({ tabs, programName }: { tabs: ProgramTab[]; programName: string }) {
  const current = currentProgramTab(tabs, usePathname());
  return (
    <nav
      aria-label={`Program ${programName}`}
      className="mb-6 min-w-0 overflow-x-auto border-b border-slate-200 text-sm"
      data-testid="program-tabs"
    >
      <ul className="flex w-max gap-1 lg:w-auto lg:flex-wrap">
        {tabs.map((t) => (
          <li key={t.key}>
            <Link
              href={t.href}
              aria-current={t.key === current ? "page" : undefined}
              className={cn(
                "-mb-px block whitespace-nowrap border-b-2 px-3 py-2 font-medium",
                t.key === current
                  ? "border-brand-600 text-brand-700"
                  : "border-transparent text-slate-600 hover:text-slate-900",
              )}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
