"use client";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { toast } from "sonner";
import { showActionError } from "@/lib/actions/client-result";
import type { ActionResult } from "@/lib/actions/run-action";

/**
 * How the browser answers a finished server action that changed what the page shows: on success the `success`
 * toast (a text, or made from the result's data) and a refresh of the server-rendered page; on refusal its message
 * (or sign-in when the session ended). Answers whether it succeeded, which is what a ConfirmDialog's `onConfirm`
 * returns (a refusal keeps the dialog open).
 */
export function useActionOutcome() {
  const router = useRouter();
  return useCallback(
    <T>(r: ActionResult<T>, success: string | ((data: T) => string)): r is Extract<ActionResult<T>, { ok: true }> => {
      if (!r.ok) {
        showActionError(r);
        return false;
      }
      toast.success(typeof success === "string" ? success : success(r.data));
      router.refresh();
      return true;
    },
    [router],
  );
}
