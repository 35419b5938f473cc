"use client";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useActionOutcome } from "@/components/ui/use-action-outcome";
import type { ActionResult } from "@/lib/actions/run-action";
import { cn } from "@/lib/cn";

/**
 * A button that runs one server action after a confirmation (ConfirmDialog): on success a toast and a refresh,
 * on refusal its message with the dialog left open. `danger` paints the trigger red (removing, revoking);
 * `onDone` receives a successful result's data (e.g. a secret to show once). `children` go inside the dialog
 * (e.g. a reason to choose).
 */
export function ConfirmedAction<T>({
  label,
  ariaLabel,
  variant = "outline",
  size,
  danger,
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
  variant?: "outline" | "ghost" | "destructive";
  size?: "sm";
  danger?: boolean;
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
        <Button
          variant={variant}
          size={size}
          aria-label={ariaLabel}
          className={cn(danger && "text-red-700", danger && variant === "ghost" && "hover:bg-red-50")}
        >
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
