"use client";
import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { bindErrors, FormInput } from "@/components/ui/form";
import { Time } from "@/components/ui/time";
import { RecoveryCodesDialog } from "@/components/two-factor/recovery-codes-dialog";
import { useReauth } from "@/components/shell/reauth";
import { showActionError } from "@/lib/actions/client-result";
import { addPasskeyAction, passkeyRegistrationOptionsAction, removePasskeyAction } from "@/lib/two-factor/actions";
import type { PasskeyDto } from "@/lib/two-factor/passkeys";

export function PasskeysPanel({ passkeys }: { passkeys: PasskeyDto[] }) {
  const router = useRouter();
  const withReauth = useReauth();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return setError("Name the key, e.g. “YubiKey 5” or “Work laptop”.");
    setError(null);
    setPending(true);
    try {
      const o = await withReauth(() => passkeyRegistrationOptionsAction());
      if (!o.ok) return showActionError(o);
      let response;
      try {
        response = await startRegistration({ optionsJSON: o.data });
      } catch {
        return setError("The key did not answer (cancelled, timed out, or already registered). Try again.");
      }
      // the JSON the browser library returns; the action's schema parses it, the server verifies it
      const r = await addPasskeyAction({ name, response });
      if (!r.ok) {
        if (r.fieldErrors?.name) return setError(r.fieldErrors.name);
        return showActionError(r);
      }
      form.reset();
      toast.success(`Added “${r.data.passkey.name}”`);
      if (r.data.recoveryCodes) setCodes(r.data.recoveryCodes);
      else router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      {passkeys.length ? (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Passkeys">
          {passkeys.map((p) => (
            <li
              key={p.id}
              className="flex flex-wrap items-center justify-between gap-2 px-3 py-2"
              data-testid="passkey"
            >
              <div className="min-w-0 text-sm">
                <p className="font-medium break-words text-slate-800">{p.name}</p>
                <p className="text-xs text-slate-500">
                  Added <Time value={p.createdAt} />
                  {p.lastUsedAt ? (
                    <>
                      , last used <Time value={p.lastUsedAt} />
                    </>
                  ) : null}
                </p>
              </div>
              <ConfirmedAction
                label="Remove"
                look="small"
                ariaLabel={`Remove ${p.name}`}
                title={`Remove “${p.name}”?`}
                description="This key can no longer be used to sign in."
                confirmLabel="Remove key"
                run={() => withReauth(() => removePasskeyAction(p.id))}
                success="Key removed"
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No passkey or security key yet.</p>
      )}
      <form onSubmit={onAdd} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-0 flex-1 sm:max-w-xs">
          <FormInput
            form={bindErrors(error ? { name: error } : {}, (n) => `passkey-${n}`)}
            name="name"
            label="Key name"
            maxLength={60}
            placeholder="e.g. YubiKey 5"
          />
        </div>
        <SubmitButton pending={pending} pendingLabel="Waiting for the key…" variant="outline">
          Add passkey or security key
        </SubmitButton>
      </form>
      <RecoveryCodesDialog codes={codes} onClose={() => setCodes(null)} refresh />
    </div>
  );
}
