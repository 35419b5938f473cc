import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

/**
 * A table that scrolls inside its card on narrow screens; the scroll area takes focus, so it scrolls by keyboard,
 * and is the containing block of its sr-only labels (else they sit outside it and widen the page).
 */
export function Table({ className, disabled, ...props }: ComponentProps<"table"> & { disabled?: boolean }) {
  const table = <table className={cn("w-full text-left text-sm", className)} {...props} />;
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
export const Td = ({ className, ...props }: ComponentProps<"td">) => (
  <td className={cn("axys-td", className)} {...props} />
);
