"use client";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useActionOutcome } from "@/components/ui/use-action-outcome";
import type { ActionResult } from "@/lib/actions/run-action";

/** How the trigger looks: a `row` button sits in a list row (small, quiet); `danger` ones are red (remove, revoke). */
const LOOKS = {
  default: { variant: "outline" },
  small: { variant: "outline", size: "sm" },
  danger: { variant: "outline", className: "text-red-700" },
  "small-danger": { variant: "outline", size: "sm", className: "text-red-700" },
  row: { variant: "ghost", size: "sm" },
  "row-danger": { variant: "ghost", size: "sm", className: "text-red-700 hover:bg-red-50" },
  destructive: { variant: "destructive" },
} as const satisfies Record<string, ComponentProps<typeof Button>>;

/**
 * A button that runs one server action after a confirmation (ConfirmDialog): on success a toast and a refresh,
 * on refusal its message with the dialog left open. `look` is the trigger's style (LOOKS); `onDone` receives a successful result's data (e.g. a secret to show once). `children` go inside the dialog
 * (e.g. a reason to choose).
 */
export function ConfirmedAction<T>({
  label,
  ariaLabel,
  look = "default",
  title,
  description,
  confirmLabel,
  confirmVariant,
  run,
  success,
  onDone,
  children,
}: {
  label: ReactNode;
  ariaLabel?: string;
  look?: keyof typeof LOOKS;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  confirmVariant?: "destructive" | "default";
  run: () => Promise<ActionResult<T>>;
  success: string | ((data: T) => string);
  onDone?: (data: T) => void;
  children?: ReactNode;
}) {
  const outcome = useActionOutcome();
  return (
    <ConfirmDialog
      trigger={
        <Button {...LOOKS[look]} aria-label={ariaLabel}>
          {label}
        </Button>
      }
      title={title}
      description={description}
      confirmLabel={confirmLabel}
      confirmVariant={confirmVariant}
      onConfirm={async () => {
        const r = await run();
        if (!outcome(r, success)) return false;
        onDone?.(r.data);
        return true;
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
