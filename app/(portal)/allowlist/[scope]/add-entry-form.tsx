"use client";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { FormInput } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { addAllowlistEntryAction } from "@/lib/allowlist/actions";
import { addAllowlistEntrySchema } from "@/lib/allowlist/schemas";
import type { Environment } from "@/lib/environments";

export function AddEntryForm({ environment, programId }: { environment: Environment; programId: string | null }) {
  const { pending, onSubmit, ...form } = useActionForm(addAllowlistEntryAction, {
    schema: addAllowlistEntrySchema,
    onSuccess: (e) => {
      toast.success(`${e.cidr.replace(/\/(32|128)$/, "")} added`, {
        description:
          e.dns.status === "pass"
            ? "FCrDNS passed."
            : e.dns.status === "fail"
              ? "FCrDNS failed: see the reason."
              : undefined,
      });
    },
    reset: true,
    refresh: true,
  });
  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_2fr_auto] sm:items-start" noValidate>
      <input type="hidden" name="environment" value={environment} />
      <input type="hidden" name="programId" value={programId ?? ""} />
      <FormInput
        form={form}
        name="cidr"
        label="IP address or CIDR"
        hint="e.g. 203.0.113.7 or 2001:db8::/48"
        autoComplete="off"
        spellCheck={false}
        className="font-mono"
      />
      <FormInput form={form} name="description" label="Description" hint="What calls from here." maxLength={200} />
      <SubmitButton pending={pending} pendingLabel="Adding and checking…" className="sm:mt-6">
        Add
      </SubmitButton>
    </form>
  );
}
