import type { ReactNode } from "react";
import { CopyIconButton } from "@/components/ui/copy-icon-button";
import { cn } from "@/lib/cn";

/**
 * An identifier as the portal shows it (id, serial, fingerprint, URL, address, reference): monospace, wrapping
 * anywhere rather than widening the page, with its copy button. `children` may show less than is copied
 * (a shortened serial); `className` styles the value, extra props (data-testid) go on it too. `nowrap` keeps a short id
 * on one line, for table cells (the table scrolls inside its card rather than squeezing the id into a column).
 */
export function CopyableValue({
  value,
  what,
  children,
  className,
  nowrap = false,
  ...props
}: {
  value: string;
  what: string;
  children?: ReactNode;
  className?: string;
  nowrap?: boolean;
} & Record<`data-${string}`, string>) {
  return (
    <span className="inline-flex max-w-full items-center gap-1 align-middle">
      <code
        className={cn("min-w-0 font-mono", nowrap ? "whitespace-nowrap" : "[overflow-wrap:anywhere]", className)}
        {...props}
      >
        {children ?? value}
      </code>
      {/* -my-1: the 24 px target must not make its line taller than the text around it */}
      <CopyIconButton value={value} what={what} className="-my-1" />
    </span>
  );
}
