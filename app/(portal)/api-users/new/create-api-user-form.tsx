"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { ChoiceCards } from "@/components/ui/choice-cards";
import { FormActions, FormInput, FormSelect } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { createApiUserAction } from "@/lib/api-users/actions";
import { API_USER_PATTERNS, createApiUserSchema, PATTERN_INFO, type ApiUserPattern } from "@/lib/api-users/schemas";

export function CreateApiUserForm({ programs }: { programs: { id: string; name: string }[] }) {
  const router = useRouter();
  const [pattern, setPattern] = useState<ApiUserPattern>("program");
  const { pending, onSubmit, ...form } = useActionForm(createApiUserAction, {
    schema: createApiUserSchema,
    onSuccess: (u) => {
      toast.success(`API user ${u.name} created`);
      router.push(`/api-users/${u.id}`);
    },
  });
  const programLevel = PATTERN_INFO[pattern].level === "program";
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormInput
        form={form}
        name="name"
        label="Name"
        hint="What this credential set is for, e.g. Acme Debit backend."
        maxLength={80}
      />
      <ChoiceCards
        legend="Pattern"
        name="pattern"
        options={API_USER_PATTERNS}
        info={(p) => PATTERN_INFO[p]}
        value={pattern}
        onChange={setPattern}
        className="sm:grid-cols-2"
      />
      {programLevel ? (
        <FormSelect
          form={form}
          name="programId"
          label="Program"
          hint={
            programs.length ? "A program-level API user is bound to exactly this Program." : "Create a Program first."
          }
          defaultValue=""
        >
          <option value="" disabled>
            Choose a program…
          </option>
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.id})
            </option>
          ))}
        </FormSelect>
      ) : null}
      <FormActions divided>
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create API user
        </SubmitButton>
      </FormActions>
    </form>
  );
}
