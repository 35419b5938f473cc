"use client";
import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { COPIED_MS, COPY_REFUSED, writeClipboard } from "@/components/ui/clipboard";
import { CopyIconButton } from "@/components/ui/copy-icon-button";
import { cn } from "@/lib/cn";

/**
 * The portal's one copy button. With `what` ("program id"), the small icon button named "Copy program id" to put
 * beside a value (`CopyIconButton`: server components render that one directly, with no client component); with
 * `label` ("Copy key"), a labelled outline button. Either shows "Copied" for two seconds and announces it to screen
 * readers (a polite live region beside the button); a refused copy says so in a toast.
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
  if (!label) return <CopyIconButton value={value} what={what} className={className} />;
  return <LabelledCopyButton value={value} label={label} className={className} />;
}

function LabelledCopyButton({ value, label, className }: { value: string; label: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    if (!(await writeClipboard(value, button.current))) {
      toast.error(COPY_REFUSED);
      return;
    }
    setCopied(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(false), COPIED_MS);
  };
  const Icon = copied ? Check : Copy;
  return (
    <span className={cn("relative inline-flex shrink-0 align-middle", className)}>
      <Button ref={button} type="button" variant="outline" size="sm" aria-label={label} onClick={copy}>
        <Icon className="h-3.5 w-3.5" aria-hidden />
        {copied ? "Copied" : label}
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {copied ? `Copied ${label.replace(/^Copy /, "")}` : ""}
      </span>
    </span>
  );
}
