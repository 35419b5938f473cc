"use client";
import { TriangleAlert } from "lucide-react";
import { Dialog } from "radix-ui";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/** Shows a new API key exactly once. Closing it forgets the key: only its mask remains. */
export function NewKeyDialog({ value, onClose }: { value: string | null; onClose: () => void }) {
  return (
    <Dialog.Root open={value !== null} onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl"
          onPointerDownOutside={(e) => e.preventDefault()}>
          <Dialog.Title className="text-lg font-semibold text-slate-900">Copy your new API key now</Dialog.Title>
          <Dialog.Description className="mt-2 flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <TriangleAlert className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            This is the only time the key is shown. Axys stores only a hash of it. Put it in your secret store, not in code or chat.
          </Dialog.Description>
          <label htmlFor="new-api-key" className="mt-4 block text-sm font-medium text-slate-800">New API key</label>
          <div className="mt-1 flex gap-2">
            <input id="new-api-key" readOnly value={value ?? ""} onFocus={(e) => e.currentTarget.select()}
              className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-xs" />
            <CopyButton value={value ?? ""} label="Copy key" />
          </div>
          <div className="mt-6 flex justify-end">
            <Dialog.Close asChild><Button>I have stored the key</Button></Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
