"use client";
import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";

const COPIED_MS = 2000;

/**
 * Puts text on the clipboard: the Clipboard API where the page may use it, else a selected off-screen textarea and
 * the copy command (plain-HTTP intranet hosts, older browsers). Answers whether it worked; focus returns to `back`.
 */
async function writeClipboard(text: string, back: HTMLElement | null): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // denied (e.g. a permissions policy): try the old way
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.readOnly = true;
  area.className = "fixed top-0 left-0 opacity-0";
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  back?.focus();
  return ok;
}

/**
 * The portal's one copy button. With `what` ("program id"), a small icon button named "Copy program id" to put beside
 * a value; with `label` ("Copy key"), a labelled outline button. Either shows "Copied" for two seconds and announces
 * it to screen readers (a polite live region beside the button); a refused copy says so in a toast.
 */
export function CopyButton({
  value,
  what,
  label,
  className,
}: {
  value: string;
  what?: string;
  label?: string;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const name = label ?? `Copy ${what ?? "to clipboard"}`;
  const copy = async () => {
    if (!(await writeClipboard(value, button.current))) {
      toast.error("Copying is blocked by the browser: select the text and copy it by hand.");
      return;
    }
    setCopied(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(false), COPIED_MS);
  };
  const Icon = copied ? Check : Copy;
  return (
    <span className={cn("relative inline-flex shrink-0 align-middle", className)}>
      {label ? (
        <Button ref={button} type="button" variant="outline" size="sm" aria-label={label} onClick={copy}>
          <Icon className="h-3.5 w-3.5" aria-hidden />
          {copied ? "Copied" : label}
        </Button>
      ) : (
        <>
          <Button
            ref={button}
            type="button"
            variant="ghost"
            aria-label={name}
            title={name}
            onClick={copy}
            data-copied={copied || undefined}
            className={cn(
              "h-6 w-6 px-0 text-slate-500 hover:text-slate-900",
              copied && "text-emerald-700 hover:text-emerald-700",
            )}
          >
            <Icon className="h-3.5 w-3.5" aria-hidden />
          </Button>
          {copied ? (
            <span
              aria-hidden
              className="pointer-events-none absolute bottom-full left-1/2 z-10 mb-1 -translate-x-1/2 rounded bg-slate-900 px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap text-white shadow"
            >
              Copied
            </span>
          ) : null}
        </>
      )}
      <span role="status" aria-live="polite" className="sr-only">
        {copied ? `Copied ${what ?? label?.replace(/^Copy /, "") ?? ""}`.trim() : ""}
      </span>
    </span>
  );
}
