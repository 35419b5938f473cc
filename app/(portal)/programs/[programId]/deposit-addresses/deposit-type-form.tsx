"use client";
import { useState } from "react";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { Field, FormActions, FormSelect, FormTextarea, Options, Select } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { saveRequestAction } from "@/lib/requests/actions";
import {
  DEFAULT_DEPOSIT_TYPES,
  DEPOSIT_TYPE_LABELS,
  depositTypePayloadSchema,
  REQUESTABLE_DEPOSIT_TYPES,
} from "@/lib/requests/schemas";

export function DepositTypeForm({ programId }: { programId: string }) {
  const [mode, setMode] = useState("additional");
  const { pending, onSubmit, ...form } = useActionForm(saveRequestAction, {
    schema: depositTypePayloadSchema,
    onSuccess: () => toast.success("Request submitted for review"),
    refresh: true,
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="programId" value={programId} />
      <input type="hidden" name="kind" value="deposit_address_type" />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormSelect form={form} name="addressType" label="Address type">
          <Options values={REQUESTABLE_DEPOSIT_TYPES} label={DEPOSIT_TYPE_LABELS} />
        </FormSelect>
        <Field id="mode" label="Request" error={form.errors.mode}>
          <Select id="mode" name="mode" value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="additional">Additional type</option>
            <option value="substitute">Substitute a default</option>
          </Select>
        </Field>
        {mode === "substitute" ? (
          <FormSelect form={form} name="replaces" label="Instead of" defaultValue="">
            <option value="">Choose…</option>
            <Options values={DEFAULT_DEPOSIT_TYPES} label={DEPOSIT_TYPE_LABELS} />
          </FormSelect>
        ) : null}
      </div>
      <FormTextarea form={form} name="justification" label="Justification" rows={3} />
      <FormActions>
        <SubmitButton pending={pending} pendingLabel="Sending…">
          Submit request
        </SubmitButton>
      </FormActions>
    </form>
  );
}
