import { cn } from "@/lib/cn";

/**
 * The small icon button named "Copy <what>" beside a value. Plain server-rendered HTML kept small, as a list repeats
 * it in every row (twice: the HTML and the RSC payload): the value is in `data-copy`, the look (ghost button, copy
 * icon, check icon and green once copied) is the `axys-copy` rule of app/globals.css, and one delegated listener per
 * page (`CopyDelegate`, mounted by the portal's providers) does the copying. On a copy the listener marks the button
 * `data-copied`, shows a "Copied" bubble for two seconds and announces "Copied <what>" in the polite live region
 * beside the button.
 */
export function CopyIconButton({ value, what, className }: { value: string; what?: string; className?: string }) {
  const name = `Copy ${what ?? "to clipboard"}`;
  return (
    <span className={cn("axys-copy", className)}>
      <button type="button" aria-label={name} title={name} data-copy={value} data-copy-what={what} />
      <span role="status" aria-live="polite" className="sr-only" />
    </span>
  );
}
