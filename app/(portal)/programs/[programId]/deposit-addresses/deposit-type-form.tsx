"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Select, Textarea } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { saveRequestAction } from "@/lib/requests/actions";
import {
  DEFAULT_DEPOSIT_TYPES,
  DEPOSIT_TYPE_LABELS,
  depositTypePayloadSchema,
  REQUESTABLE_DEPOSIT_TYPES,
} from "@/lib/requests/schemas";

export function DepositTypeForm({ programId }: { programId: string }) {
  const router = useRouter();
  const [mode, setMode] = useState("additional");
  const { pending, errors, onSubmit, field } = useActionForm(saveRequestAction, {
    schema: depositTypePayloadSchema,
    onSuccess: () => {
      toast.success("Request submitted for review");
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="programId" value={programId} />
      <input type="hidden" name="kind" value="deposit_address_type" />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="addressType" label="Address type" error={errors.addressType}>
          <Select id="addressType" name="addressType" {...field("addressType")}>
            {REQUESTABLE_DEPOSIT_TYPES.map((t) => (
              <option key={t} value={t}>
                {DEPOSIT_TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="mode" label="Request" error={errors.mode}>
          <Select id="mode" name="mode" value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="additional">Additional type</option>
            <option value="substitute">Substitute a default</option>
          </Select>
        </Field>
        {mode === "substitute" ? (
          <Field id="replaces" label="Instead of" error={errors.replaces}>
            <Select id="replaces" name="replaces" defaultValue="" {...field("replaces")}>
              <option value="">Choose…</option>
              {DEFAULT_DEPOSIT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {DEPOSIT_TYPE_LABELS[t]}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
      </div>
      <Field id="justification" label="Justification" error={errors.justification}>
        <Textarea id="justification" name="justification" rows={3} {...field("justification")} />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Submit request"}
        </Button>
      </div>
    </form>
  );
}
