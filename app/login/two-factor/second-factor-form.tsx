"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import { useState, type FormEvent } from "react";
import { CancelSignInButton } from "@/components/shell/auth-form";
import { Button, SubmitButton } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { handleRefusal } from "@/components/two-factor/refusal";
import { ErrorLine } from "@/components/two-factor/totp-setup";
import {
  passkeySignInOptionsAction,
  signInWithCodeAction,
  signInWithPasskeyAction,
} from "@/lib/two-factor/sign-in-actions";

type Method = "totp" | "recovery_code";

export function SecondFactorForm({
  next,
  hasTotp,
  hasPasskey,
}: {
  next: string;
  hasTotp: boolean;
  hasPasskey: boolean;
}) {
  const [method, setMethod] = useState<Method>(hasTotp ? "totp" : "recovery_code");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "");
    setPending(true);
    const r = await signInWithCodeAction({ method, code, callbackUrl: next });
    if (r.ok) return window.location.assign(r.data.next);
    setPending(false);
    handleRefusal(r, setError);
  }

  async function onPasskey() {
    setPending(true);
    setError(null);
    try {
      const o = await passkeySignInOptionsAction();
      if (!o.ok) return handleRefusal(o, setError);
      const response = await startAuthentication({ optionsJSON: o.data });
      const r = await signInWithPasskeyAction({ response, callbackUrl: next });
      if (r.ok) return window.location.assign(r.data.next);
      handleRefusal(r, setError);
    } catch {
      setError("The key did not answer (cancelled or timed out). Try again, or use a code.");
    } finally {
      setPending(false);
    }
  }

  const totp = method === "totp";
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      {error ? <ErrorLine text={error} /> : null}
      {hasTotp || method === "recovery_code" ? (
        <form onSubmit={onSubmit} className="space-y-4" noValidate key={method}>
          <Field
            id="code"
            label={totp ? "Authentication code" : "Recovery code"}
            hint={
              totp
                ? "The 6-digit code your authenticator app shows for Axys."
                : "One of the codes you saved when you set up two-factor sign-in; each works once."
            }
          >
            <Input
              id="code"
              name="code"
              required
              autoFocus
              autoComplete="one-time-code"
              inputMode={totp ? "numeric" : "text"}
              className="font-mono"
            />
          </Field>
          <SubmitButton pending={pending} pendingLabel="Checking…" className="w-full">
            Verify
          </SubmitButton>
        </form>
      ) : null}
      {hasPasskey ? (
        <Button variant={hasTotp ? "outline" : "default"} className="w-full" onClick={onPasskey} disabled={pending}>
          Use a passkey or security key
        </Button>
      ) : null}
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        {hasTotp ? (
          <button
            type="button"
            className="text-brand-600 hover:underline"
            onClick={() => {
              setError(null);
              setMethod(totp ? "recovery_code" : "totp");
            }}
          >
            {totp ? "Use a recovery code" : "Use the authenticator app"}
          </button>
        ) : (
          <span />
        )}
        <CancelSignInButton />
      </div>
    </div>
  );
}
