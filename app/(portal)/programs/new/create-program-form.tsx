"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { ChoiceCards } from "@/components/ui/choice-cards";
import { FormActions, FormInput, FormSelect, Options } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { CURRENCIES, CURRENCY_CODES } from "@/lib/core/currencies";
import { createProgramAction } from "@/lib/programs/actions";
import { FEE_TEMPLATE_KEYS, FEE_TEMPLATES } from "@/lib/programs/fee-templates";
import { createProgramSchema } from "@/lib/programs/schemas";

export function CreateProgramForm() {
  const router = useRouter();
  const [currency, setCurrency] = useState("EUR");
  const { pending, onSubmit, ...form } = useActionForm(createProgramAction, {
    schema: createProgramSchema,
    onSuccess: (p) => {
      toast.success(`Program ${p.name} created`, { description: `Program id ${p.id}` });
      router.push(`/programs/${p.id}`);
    },
  });
  const units = CURRENCIES[currency]?.minorUnits ?? 2;

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormInput
        form={form}
        name="name"
        label="Program name"
        hint="Shown to your team and on certificates' records, e.g. Acme Debit."
        maxLength={80}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <FormSelect
          form={form}
          name="baseCurrency"
          label="Base currency"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
        >
          <Options values={CURRENCY_CODES} label={(c) => `${c} · ${CURRENCIES[c].name}`} />
        </FormSelect>
        <FormInput
          form={form}
          name="transactionLimit"
          label="Transaction-limit ceiling"
          hint={
            units
              ? `In ${currency}, up to ${units} decimal places, e.g. 5000.${"0".repeat(units)}.`
              : `In whole ${currency}, e.g. 5000.`
          }
          inputMode="decimal"
          className="pr-14"
          suffix={currency}
        />
      </div>
      <div className="flex items-start gap-3 rounded-md border border-slate-200 p-3">
        <input
          id="threeDsEnabled"
          name="threeDsEnabled"
          type="checkbox"
          defaultChecked
          className="mt-0.5 h-4 w-4 accent-brand-600"
        />
        <div>
          <label htmlFor="threeDsEnabled" className="text-sm font-medium text-slate-800">
            3-D Secure
          </label>
          <p className="text-xs text-slate-500">
            Require cardholder authentication for online payments (recommended; mandatory in the EEA).
          </p>
        </div>
      </div>
      <ChoiceCards
        legend="Initial fee structure"
        name="feeTemplate"
        options={FEE_TEMPLATE_KEYS}
        info={(k) => FEE_TEMPLATES[k]}
        defaultValue={FEE_TEMPLATE_KEYS[0]}
        error={form.errors.feeTemplate}
        className="sm:grid-cols-2 lg:grid-cols-4"
      >
        <p className="text-xs text-slate-500">
          The structure becomes version 1 of the Program&apos;s fee schedule (a value below a platform minimum is raised
          to it); tune every fee later on the Program&apos;s Fees page, in production.
        </p>
      </ChoiceCards>
      <FormActions divided>
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create program
        </SubmitButton>
      </FormActions>
    </form>
  );
}
