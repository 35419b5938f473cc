"use client";
import { useEffect } from "react";
import { toast } from "sonner";
import { COPIED_MS, COPY_REFUSED, writeClipboard } from "@/components/ui/clipboard";

const BUBBLE =
  "pointer-events-none absolute bottom-full left-1/2 z-10 mb-1 -translate-x-1/2 rounded bg-slate-900 px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap text-white shadow";

/** Undoes a button's "Copied" state (its timer, the bubble and the announcement), by button. */
const resets = new WeakMap<HTMLElement, () => void>();

async function onClick(event: MouseEvent) {
  const button = (event.target as Element | null)?.closest?.<HTMLButtonElement>("button[data-copy]");
  if (!button) return;
  if (!(await writeClipboard(button.dataset.copy ?? "", button))) {
    toast.error(COPY_REFUSED);
    return;
  }
  resets.get(button)?.();
  const status = button.parentElement?.querySelector<HTMLElement>(":scope > [role=status]");
  const bubble = document.createElement("span");
  bubble.setAttribute("aria-hidden", "true");
  bubble.className = BUBBLE;
  bubble.textContent = "Copied";
  button.after(bubble);
  button.dataset.copied = "true";
  if (status) status.textContent = `Copied ${button.dataset.copyWhat ?? ""}`.trim();
  const timer = setTimeout(reset, COPIED_MS);
  function reset() {
    clearTimeout(timer);
    resets.delete(button!);
    delete button!.dataset.copied;
    bubble.remove();
    if (status) status.textContent = "";
  }
  resets.set(button, reset);
}

/**
 * The one click listener behind every `CopyIconButton` on the page (rendered once, by the portal's providers):
 * server-rendered copy buttons need no client component of their own.
 */
export function CopyDelegate() {
  useEffect(() => {
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);
  return null;
}
