"use client";
import { useState, type FormEvent } from "react";
import { Button, SubmitButton } from "@/components/ui/button";
import { bindErrors, FormInput } from "@/components/ui/form";
import { RecoveryCodesDialog } from "@/components/two-factor/recovery-codes-dialog";
import type { ActionResult } from "@/lib/actions/run-action";
import type { TotpSetup as TotpSetupDto } from "@/lib/two-factor/service";
import { handleRefusal } from "@/components/two-factor/refusal";

/**
 * Setting up an authenticator app: a QR code (and the key in text), then a first code to confirm; the ten recovery
 * codes are shown once. The actions are passed in: the settings page's (signed in) or the sign-in enrolment's.
 */
export function TotpSetup({
  start,
  confirm,
  onDone,
  startLabel = "Set up an authenticator app",
}: {
  start: () => Promise<ActionResult<TotpSetupDto>>;
  confirm: (input: { code: string }) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
  onDone: () => void;
  startLabel?: string;
}) {
  const [setup, setSetup] = useState<TotpSetupDto | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onStart() {
    setPending(true);
    const r = await start().finally(() => setPending(false));
    if (!r.ok) return handleRefusal(r, setError);
    setError(null);
    setSetup(r.data);
  }

  async function onConfirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "");
    setPending(true);
    const r = await confirm({ code }).finally(() => setPending(false));
    if (!r.ok) return handleRefusal(r, setError);
    setError(null);
    setCodes(r.data.recoveryCodes);
  }

  if (!setup)
    return (
      <div className="space-y-3">
        {error ? <ErrorLine text={error} /> : null}
        <Button onClick={onStart} disabled={pending}>
          {pending ? "Preparing…" : startLabel}
        </Button>
      </div>
    );
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>Scan the QR code with your authenticator app (1Password, Google Authenticator, Authy, …).</li>
        <li>Enter the 6-digit code it shows to confirm.</li>
      </ol>
      <div className="flex flex-wrap items-start gap-4">
        <img
          src={setup.qrDataUrl}
          alt="QR code for your authenticator app"
          width={176}
          height={176}
          className="rounded border border-slate-200 bg-white"
        />
        <div className="min-w-0 flex-1 text-sm">
          <p className="text-slate-600">Cannot scan? Enter this key in the app instead (time-based, 6 digits):</p>
          <code data-testid="totp-secret" className="mt-1 block font-mono text-sm break-all text-slate-900">
            {setup.secret}
          </code>
        </div>
      </div>
      <form onSubmit={onConfirm} className="space-y-3" noValidate>
        <FormInput
          form={bindErrors(error ? { code: error } : {}, (n) => `totp-${n}`)}
          name="code"
          label="6-digit code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          required
          className="max-w-40 font-mono"
        />
        <SubmitButton pending={pending} pendingLabel="Checking…">
          Confirm and turn on
        </SubmitButton>
      </form>
      <RecoveryCodesDialog codes={codes} onClose={onDone} />
    </div>
  );
}

export function ErrorLine({ text }: { text: string }) {
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {text}
    </p>
  );
}
