import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";

/**
 * A list's GET filter form: its fields in a grid (`columns` sizes them), then Filter and, while any filter is set,
 * Reset. The form submits to `action` (default: the current URL) so the filters live in the address. A `note`
 * stands at the end of the buttons' row, which then takes a row of its own.
 */
export function FilterBar({
  label,
  columns,
  action,
  resetHref,
  filtered,
  note,
  children,
}: {
  label: string;
  columns: string;
  action?: string;
  resetHref: string;
  filtered: boolean;
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form action={action} className={cn("grid gap-3 border-b border-slate-100 px-5 py-3", columns)} aria-label={label}>
      {children}
      <div className={cn("flex items-end gap-2", note !== undefined && "col-span-full")}>
        <Button type="submit" variant="outline">
          Filter
        </Button>
        {filtered ? (
          <Button variant="ghost" asChild>
            <Link href={resetHref}>Reset</Link>
          </Button>
        ) : null}
        {note !== undefined ? <span className="ml-auto text-xs text-slate-500">{note}</span> : null}
      </div>
    </form>
  );
}

/** One labelled control of a FilterBar; `id` is the control's id (and its query parameter's name, by convention). */
export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** What a list shows instead of rows while its filter is invalid: the error, and why nothing is listed. */
export function InvalidFilterNotice({ error, what }: { error: string; what: string }) {
  return (
    <>
      <p className="px-5 pt-3 text-sm text-red-600" role="alert">
        {error}
      </p>
      <p className="px-5 py-6 text-sm text-slate-600">
        No {what} are listed while a filter is not valid: correct it or reset the filters.
      </p>
    </>
  );
}
