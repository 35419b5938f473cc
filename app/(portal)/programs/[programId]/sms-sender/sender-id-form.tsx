"use client";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { FormActions, FormInput, FormTextarea } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { saveRequestAction } from "@/lib/requests/actions";
import { smsSenderPayloadSchema } from "@/lib/requests/schemas";

export function SenderIdForm({
  programId,
  existing,
}: {
  programId: string;
  existing: { id: string; senderId: string; countries: string[]; useDescription: string } | null;
}) {
  const { pending, onSubmit, ...form } = useActionForm(saveRequestAction, {
    schema: smsSenderPayloadSchema,
    onSuccess: () => toast.success(existing ? "Application updated" : "Application submitted"),
    refresh: true,
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="programId" value={programId} />
      <input type="hidden" name="kind" value="sms_sender_id" />
      {existing ? <input type="hidden" name="requestId" value={existing.id} /> : null}
      <FormInput
        form={form}
        name="senderId"
        label="Sender ID"
        hint="e.g. AcmeCards. Not a generic word (INFO, SMS, BANK, ...)."
        maxLength={11}
        defaultValue={existing?.senderId}
        className="font-mono"
      />
      <FormInput
        form={form}
        name="countries"
        label="Countries"
        hint="ISO codes, comma-separated, e.g. GB, DE, FR."
        defaultValue={existing?.countries.join(", ")}
      />
      <FormTextarea
        form={form}
        name="useDescription"
        label="What the messages are for"
        rows={3}
        defaultValue={existing?.useDescription}
      />
      <FormActions>
        <SubmitButton pending={pending} pendingLabel="Sending…">
          {existing ? "Update application" : "Apply"}
        </SubmitButton>
      </FormActions>
    </form>
  );
}
