"use client";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { addAllowlistEntryAction } from "@/lib/allowlist/actions";
import { addAllowlistEntrySchema } from "@/lib/allowlist/schemas";
import type { Environment } from "@/lib/environments";

export function AddEntryForm({ environment, programId }: { environment: Environment; programId: string | null }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { pending, errors, onSubmit, field } = useActionForm(addAllowlistEntryAction, {
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
      form.current?.reset();
      router.refresh();
    },
  });
  return (
    <form ref={form} onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_2fr_auto] sm:items-start" noValidate>
      <input type="hidden" name="environment" value={environment} />
      <input type="hidden" name="programId" value={programId ?? ""} />
      <Field id="cidr" label="IP address or CIDR" error={errors.cidr} hint="e.g. 203.0.113.7 or 2001:db8::/48">
        <Input id="cidr" name="cidr" autoComplete="off" spellCheck={false} className="font-mono" {...field("cidr")} />
      </Field>
      <Field id="description" label="Description" error={errors.description} hint="What calls from here.">
        <Input id="description" name="description" maxLength={200} {...field("description")} />
      </Field>
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? "Adding and checking…" : "Add"}
      </Button>
    </form>
  );
}
