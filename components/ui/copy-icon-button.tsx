import { Check, Copy } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/cn";

/**
 * The small icon button named "Copy <what>" beside a value. Plain server-rendered HTML: the value is in `data-copy`
 * and one delegated listener per page (`CopyDelegate`, mounted by the portal's providers) does the copying, so a
 * table of 50 ids carries no client component per cell. On a copy the listener marks the button `data-copied` (the
 * check icon and green colour follow by CSS), shows a "Copied" bubble for two seconds and announces "Copied <what>"
 * in the polite live region beside the button.
 */
export function CopyIconButton({ value, what, className }: { value: string; what?: string; className?: string }) {
  const name = `Copy ${what ?? "to clipboard"}`;
  return (
    <span className={cn("relative inline-flex shrink-0 align-middle", className)}>
      <button
        type="button"
        aria-label={name}
        title={name}
        data-copy={value}
        data-copy-what={what}
        className={cn(
          buttonVariants({ variant: "ghost" }),
          "group h-6 w-6 px-0 text-slate-500 hover:text-slate-900",
          "data-[copied]:text-emerald-700 data-[copied]:hover:text-emerald-700",
        )}
      >
        <Copy className="h-3.5 w-3.5 group-data-[copied]:hidden" aria-hidden />
        <Check className="hidden h-3.5 w-3.5 group-data-[copied]:block" aria-hidden />
      </button>
      <span role="status" aria-live="polite" className="sr-only" />
    </span>
  );
}
