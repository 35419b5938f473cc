import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
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

/**
 * One labelled control of a FilterBar; `id` is the control's id (and its query parameter's name, by convention);
 * `error`, the filter's own error, shows under it.
 */
export function FilterField({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
      {error ? (
        <p className="mt-1 text-xs text-red-600" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type FilterControl = { id: string; label: string; value: string | undefined; error?: string };

/** A FilterField of one input, named `id`, showing the filter's given `value`. */
export function FilterInput({
  id,
  label,
  value,
  error,
  ...props
}: FilterControl & Omit<ComponentProps<"input">, "id" | "name" | "value" | "defaultValue">) {
  return (
    <FilterField id={id} label={label} error={error}>
      <Input id={id} name={id} defaultValue={value ?? ""} {...props} />
    </FilterField>
  );
}

/** A FilterField of one select of `children` (its options), named `id`, showing the filter's given `value`. */
export function FilterSelect({ id, label, value, error, children }: FilterControl & { children: ReactNode }) {
  return (
    <FilterField id={id} label={label} error={error}>
      <Select id={id} name={id} defaultValue={value ?? ""}>
        {children}
      </Select>
    </FilterField>
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
