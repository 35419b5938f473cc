"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { FormActions, FormInput, FormSelect } from "@/components/ui/form";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";
import { useActionForm } from "@/components/ui/use-action-form";
import { addWebhookEndpointAction } from "@/lib/webhooks/actions";
import { EVENT_TYPES } from "@/lib/webhooks/schemas";

export function AddEndpointForm({ programs }: { programs: { id: string; name: string }[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const { pending, onSubmit, ...form } = useActionForm(addWebhookEndpointAction, {
    onSuccess: (r) => {
      toast.success("Endpoint registered: verification request sent");
      setCreated({ id: r.endpoint.id, secret: r.secret });
    },
  });
  return (
    <>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormInput
          form={form}
          name="url"
          label="Endpoint URL"
          hint="e.g. https://hooks.example.com/axys. Public addresses only; redirects are not followed."
          type="url"
          placeholder="https://"
        />
        <FormSelect form={form} name="programId" label="Scope" defaultValue="">
          <option value="">Tenant: events of every program</option>
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} only
            </option>
          ))}
        </FormSelect>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          {form.errors.events ? <p className="text-sm text-red-600">{form.errors.events}</p> : null}
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {EVENT_TYPES.map((t) => (
              <label key={t} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="events"
                  value={t}
                  defaultChecked={t.startsWith("certificate.exp")}
                  className="accent-brand-600"
                />
                <code className="font-mono text-xs">{t}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <FormActions>
          <SubmitButton pending={pending} pendingLabel="Checking the URL…">
            Register endpoint
          </SubmitButton>
        </FormActions>
      </form>
      <SecretOnceDialog
        value={created?.secret ?? null}
        title="Copy the signing secret now"
        label="Signing secret"
        copyLabel="Copy secret"
        note="Use it to verify the webhook-signature header of every delivery (docs/webhooks.md). It is shown only now."
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) router.push(`/webhooks/${id}`);
        }}
      />
    </>
  );
}
