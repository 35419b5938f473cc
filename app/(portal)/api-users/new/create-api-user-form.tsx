"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { createApiUserAction } from "@/lib/api-users/actions";
import { API_USER_PATTERNS, createApiUserSchema, PATTERN_INFO, type ApiUserPattern } from "@/lib/api-users/schemas";

export function CreateApiUserForm({ programs }: { programs: { id: string; name: string }[] }) {
  const router = useRouter();
  const [pattern, setPattern] = useState<ApiUserPattern>("program");
  const { pending, errors, onSubmit, field } = useActionForm(createApiUserAction, {
    schema: createApiUserSchema,
    onSuccess: (u) => {
      toast.success(`API user ${u.name} created`);
      router.push(`/api-users/${u.id}`);
    },
  });
  const programLevel = PATTERN_INFO[pattern].level === "program";
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <Field
        id="name"
        label="Name"
        error={errors.name}
        hint="What this credential set is for, e.g. Acme Debit backend."
      >
        <Input id="name" name="name" maxLength={80} {...field("name")} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Pattern</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {API_USER_PATTERNS.map((p) => (
            <label
              key={p}
              className="flex cursor-pointer flex-col gap-1 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
            >
              <span className="flex items-center gap-2 font-medium">
                <input
                  type="radio"
                  name="pattern"
                  value={p}
                  checked={pattern === p}
                  onChange={() => setPattern(p)}
                  className="accent-brand-600"
                />
                {PATTERN_INFO[p].label}
              </span>
              <span className="text-xs text-slate-500">{PATTERN_INFO[p].description}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {programLevel ? (
        <Field
          id="programId"
          label="Program"
          error={errors.programId}
          hint={
            programs.length ? "A program-level API user is bound to exactly this Program." : "Create a Program first."
          }
        >
          <Select id="programId" name="programId" defaultValue="" {...field("programId")}>
            <option value="" disabled>
              Choose a program…
            </option>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.id})
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <div className="flex justify-end border-t border-slate-100 pt-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create API user"}
        </Button>
      </div>
    </form>
  );
}
