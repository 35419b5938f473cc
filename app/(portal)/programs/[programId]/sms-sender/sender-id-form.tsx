"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/form";
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
  const router = useRouter();
  const { pending, errors, onSubmit, field } = useActionForm(saveRequestAction, {
    schema: smsSenderPayloadSchema,
    onSuccess: () => {
      toast.success(existing ? "Application updated" : "Application submitted");
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="programId" value={programId} />
      <input type="hidden" name="kind" value="sms_sender_id" />
      {existing ? <input type="hidden" name="requestId" value={existing.id} /> : null}
      <Field
        id="senderId"
        label="Sender ID"
        error={errors.senderId}
        hint="e.g. AcmeCards. Not a generic word (INFO, SMS, BANK, ...)."
      >
        <Input
          id="senderId"
          name="senderId"
          maxLength={11}
          defaultValue={existing?.senderId}
          className="font-mono"
          {...field("senderId")}
        />
      </Field>
      <Field
        id="countries"
        label="Countries"
        error={errors.countries}
        hint="ISO codes, comma-separated, e.g. GB, DE, FR."
      >
        <Input id="countries" name="countries" defaultValue={existing?.countries.join(", ")} {...field("countries")} />
      </Field>
      <Field id="useDescription" label="What the messages are for" error={errors.useDescription}>
        <Textarea
          id="useDescription"
          name="useDescription"
          rows={3}
          defaultValue={existing?.useDescription}
          {...field("useDescription")}
        />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : existing ? "Update application" : "Apply"}
        </Button>
      </div>
    </form>
  );
}
