"use client";
import { TriangleAlert } from "lucide-react";
import { Dialog } from "radix-ui";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * Shows a new secret (API key, signing secret, invitation link) exactly once. Closing it forgets the value,
 * which by then is already active: so only the explicit "I have stored it" button closes it. Escape, a click
 * outside and focus moving outside do nothing (the dialog says so), and it has no close icon.
 */
export function SecretOnceDialog({
  value,
  onClose,
  title = "Copy your new API key now",
  label = "New API key",
  copyLabel = "Copy key",
  note = "This is the only time the key is shown. Axys stores only a hash of it. Put it in your secret store, not in code or chat.",
}: {
  value: string | null;
  onClose: () => void;
  title?: string;
  label?: string;
  copyLabel?: string;
  note?: string;
}) {
  const keepOpen = (e: Event) => e.preventDefault();
  return (
    // no onOpenChange: Radix only asks to close on Escape or an outside interaction, both refused below
    <Dialog.Root open={value !== null}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          className="fixed top-1/2 left-1/2 z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl"
          onEscapeKeyDown={keepOpen}
          onInteractOutside={keepOpen}
        >
          <Dialog.Title className="text-lg font-semibold text-slate-900">{title}</Dialog.Title>
          <Dialog.Description className="mt-2 flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <TriangleAlert className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            {note}
          </Dialog.Description>
          <label htmlFor="new-secret" className="mt-4 block text-sm font-medium text-slate-800">
            {label}
          </label>
          <div className="mt-1 flex gap-2">
            <input
              id="new-secret"
              readOnly
              value={value ?? ""}
              onFocus={(e) => e.currentTarget.select()}
              className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-xs"
            />
            <CopyButton value={value ?? ""} label={copyLabel} />
          </div>
          <div className="mt-6 flex items-center justify-end gap-3">
            <p className="text-xs text-slate-500">
              Escape and clicks outside do not close this: it cannot be shown again.
            </p>
            <Button onClick={onClose}>I have stored it</Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
