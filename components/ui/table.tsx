import { Fragment, type ComponentProps, type ReactNode } from "react";
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
/*
 * Th and Td carry one short class each (axys-th, axys-td: app/globals.css) rather than their utilities: a list's
 * page repeats them in every cell, twice (the HTML and the RSC payload), about 30% of the
 * transaction list's RSC payload (50 rows). They sit in
 * the components layer, so a utility in `className` still wins over them, as when tailwind-merge dropped the base one.
 */
export const Th = ({ className, ...props }: ComponentProps<"th">) => (
  <th scope="col" className={cn("axys-th", className)} {...props} />
);
/** `label`: the column's name, shown beside the value when a `stack` table is stacked on a phone. */
export const Td = ({ className, label, ...props }: ComponentProps<"td"> & { label?: string }) => (
  <td className={cn("axys-td", className)} data-label={label} {...props} />
);

/** A table's header row: a string is a plain column title, an element (a `<Th>` with its own class) stands as given,
 * and `false`/`null` leave a column out (e.g. the actions of a role that may not act). */
export function TableHead({ columns }: { columns: (ReactNode | false)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <Fragment key={i}>{typeof c === "string" ? <Th>{c}</Th> : c}</Fragment>
        ))}
      </tr>
    </thead>
  );
}

/** The header of a column of row actions: named for screen readers, blank on screen. */
export const ActionsTh = () => (
  <Th>
    <span className="sr-only">Actions</span>
  </Th>
);
