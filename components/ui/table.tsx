import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

/**
 * A table that scrolls inside its card on narrow screens; the scroll area takes focus, so it scrolls by keyboard,
 * and is the containing block of its sr-only labels (else they sit outside it and widen the page).
 * `stack`: below 640 px each row becomes a block and each cell shows its column's name (Td's `label`) beside
 * its value, for tables whose long text (notes, descriptions) would otherwise be squeezed or scroll sideways.
 */
export function Table({
  className,
  disabled,
  stack,
  ...props
}: ComponentProps<"table"> & { disabled?: boolean; stack?: boolean }) {
  const table = <table className={cn("w-full text-left text-sm", stack && "table-stack", className)} {...props} />;
  return (
    <div className="relative overflow-x-auto" tabIndex={0}>
      {/* a read-only form's controls are disabled inside the scroll area, which itself stays focusable */}
      {disabled ? <fieldset disabled>{table}</fieldset> : table}
    </div>
  );
}
export const Th = ({ className, ...props }: ComponentProps<"th">) => (
  <th
    scope="col"
    className={cn(
      "border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500",
      className,
    )}
    {...props}
  />
);
/** `label`: the column's name, shown beside the value when a `stack` table is stacked on a phone. */
export const Td = ({ className, label, ...props }: ComponentProps<"td"> & { label?: string }) => (
  <td className={cn("border-b border-slate-100 px-4 py-2.5 align-top", className)} data-label={label} {...props} />
);
