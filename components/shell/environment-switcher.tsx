"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { showActionError } from "@/lib/actions/client-result";
import type { Environment } from "@/lib/environments";
import { cn } from "@/lib/cn";
import { switchEnvironmentAction } from "@/lib/session/actions";

const ENVS: { value: Environment; label: string }[] = [
  { value: "staging", label: "Staging" },
  { value: "production", label: "Production" },
];

/** A two-way toggle; production is marked in amber so nobody changes it by accident. */
export function EnvironmentSwitcher({ current }: { current: Environment }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div
      role="radiogroup"
      aria-label="Environment"
      className={cn(
        "inline-flex rounded-md border border-slate-200 bg-slate-50 p-0.5 text-xs font-medium",
        pending && "opacity-60",
      )}
    >
      {ENVS.map((e) => {
        const active = e.value === current;
        return (
          <button
            key={e.value}
            type="button"
            role="radio"
            aria-checked={active}
            disabled={pending}
            onClick={() =>
              !active &&
              start(async () => {
                const r = await switchEnvironmentAction(e.value);
                if (!r.ok) return showActionError(r);
                router.refresh();
                toast.success(`Switched to ${e.label.toLowerCase()}`);
              })
            }
            className={cn(
              "rounded px-3 py-1 transition-colors",
              active
                ? e.value === "production"
                  ? "bg-amber-700 text-white shadow-sm"
                  : "bg-brand-600 text-white shadow-sm"
                : "text-slate-600 hover:text-slate-900",
            )}
          >
            {e.label}
          </button>
        );
      })}
    </div>
  );
}
