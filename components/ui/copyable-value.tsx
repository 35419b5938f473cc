import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/lib/cn";

/**
 * An identifier as the portal shows it (id, serial, fingerprint, URL, address, reference): monospace, wrapping
 * anywhere rather than widening the page, with its copy button. `children` may show less than is copied
 * (a shortened serial); `className` styles the value, extra props (data-testid) go on it too.
 */
export function CopyableValue({ value, what, children, className, ...props }: { value: string; what: string; children?: ReactNode; className?: string } & Record<`data-${string}`, string>) {
  return (
    <span className="inline-flex max-w-full items-center gap-1 align-middle">
      <code className={cn("min-w-0 font-mono [overflow-wrap:anywhere]", className)} {...props}>{children ?? value}</code>
      <CopyButton value={value} what={what} />
    </span>
  );
}
