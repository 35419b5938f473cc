"use client";
import { Dialog } from "radix-ui";
import { createContext, useCallback, useContext, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Button, SubmitButton } from "@/components/ui/button";
import { bindErrors, FormInput } from "@/components/ui/form";
import { reauthenticateAction } from "@/lib/account/actions";
import { redirectIfSignedOut } from "@/lib/actions/client-result";
import type { ActionResult } from "@/lib/actions/run-action";

/** The code a service answers when the action needs a fresh password (lib/account/reauth.ts). */
export const REAUTH_REQUIRED = "REAUTH_REQUIRED";

type WithReauth = <T>(call: () => Promise<ActionResult<T>>) => Promise<ActionResult<T>>;

const CANCELLED = {
  ok: false as const,
  code: "REAUTH_CANCELLED",
  message: "Not done: your password was not confirmed.",
};
const ReauthContext = createContext<WithReauth | null>(null);

/**
 * "Sudo mode" in the browser: wrap a sensitive server action call in `withReauth(() => action(args))`.
 * When the server answers REAUTH_REQUIRED (nothing ran), a dialog asks for the password, the session is
 * re-authenticated, and the call runs again once; cancelling answers REAUTH_CANCELLED (nothing done).
 * Every other result is returned as is. Mounted once for the portal (components/providers.tsx).
 */
export function useReauth(): WithReauth {
  return useContext(ReauthContext) ?? ((call) => call());
}

export function ReauthProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // the password, or a code of the user's authenticator app
  const [withCode, setWithCode] = useState(false);
  const resolver = useRef<((confirmed: boolean) => void) | null>(null);

  const settle = (confirmed: boolean) => {
    resolver.current?.(confirmed);
    resolver.current = null;
    setOpen(false);
    setError(null);
    setWithCode(false);
  };

  const withReauth = useCallback<WithReauth>(async (call) => {
    const first = await call();
    if (first.ok || first.code !== REAUTH_REQUIRED) return first;
    resolver.current?.(false); // an earlier prompt still open is abandoned
    const confirmed = await new Promise<boolean>((resolve) => {
      resolver.current = resolve;
      setError(null);
      setOpen(true);
    });
    return confirmed ? call() : CANCELLED;
  }, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get(withCode ? "code" : "password") ?? "").trim();
    if (!value) {
      setError(withCode ? "Enter the 6-digit code from your authenticator app." : "Enter your password.");
      return;
    }
    setPending(true);
    const r = await reauthenticateAction(withCode ? { code: value } : { password: value }).finally(() =>
      setPending(false),
    );
    if (r.ok) return settle(true);
    if (redirectIfSignedOut(r)) return;
    setError(r.fieldErrors?.[withCode ? "code" : "password"] ?? r.message);
  }
  // one field shows at a time (the password, or a code instead), with the one error
  const bound = bindErrors(error ? { code: error, password: error } : {}, (n) => `reauth-${n}`);

  return (
    <ReauthContext.Provider value={withReauth}>
      {children}
      <Dialog.Root open={open} onOpenChange={(o) => !o && !pending && settle(false)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-[60] bg-slate-900/40" />
          <Dialog.Content className="fixed top-1/2 left-1/2 z-[70] w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
            <Dialog.Title className="text-lg font-semibold text-slate-900">Confirm your password</Dialog.Title>
            <Dialog.Description className="mt-2 text-sm text-slate-600">
              This action is protected: enter your password again (or a code from your authenticator app) to continue.
              You will not be asked again for 10 minutes.
            </Dialog.Description>
            <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
              {withCode ? (
                <FormInput
                  form={bound}
                  name="code"
                  label="Code from your authenticator app"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  autoFocus
                />
              ) : (
                <FormInput
                  form={bound}
                  name="password"
                  label="Your password"
                  type="password"
                  autoComplete="current-password"
                  autoFocus
                />
              )}
              <button
                type="button"
                className="text-sm text-brand-700 underline"
                onClick={() => {
                  setWithCode(!withCode);
                  setError(null);
                }}
              >
                {withCode ? "Use your password instead" : "Use a code from your authenticator app instead"}
              </button>
              <div className="flex justify-end gap-2">
                <Button type="button" variant="outline" disabled={pending} onClick={() => settle(false)}>
                  Cancel
                </Button>
                <SubmitButton pending={pending} pendingLabel="Checking…">
                  Confirm
                </SubmitButton>
              </div>
            </form>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </ReauthContext.Provider>
  );
}
