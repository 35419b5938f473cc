"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { CURRENCIES, CURRENCY_CODES } from "@/lib/core/currencies";
import { createProgramAction } from "@/lib/programs/actions";
import { FEE_TEMPLATE_KEYS, FEE_TEMPLATES } from "@/lib/programs/fee-templates";
import { createProgramSchema } from "@/lib/programs/schemas";

export function CreateProgramForm() {
  const router = useRouter();
  const [currency, setCurrency] = useState("EUR");
  const { pending, errors, onSubmit, field } = useActionForm(createProgramAction, {
    schema: createProgramSchema,
    onSuccess: (p) => {
      toast.success(`Program ${p.name} created`, { description: `Program id ${p.id}` });
      router.push(`/programs/${p.id}`);
    },
  });
  const units = CURRENCIES[currency]?.minorUnits ?? 2;

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <Field
        id="name"
        label="Program name"
        error={errors.name}
        hint="Shown to your team and on certificates' records, e.g. Acme Debit."
      >
        <Input id="name" name="name" maxLength={80} {...field("name")} />
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="baseCurrency" label="Base currency" error={errors.baseCurrency}>
          <Select
            id="baseCurrency"
            name="baseCurrency"
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            {...field("baseCurrency")}
          >
            {CURRENCY_CODES.map((c) => (
              <option key={c} value={c}>
                {c} · {CURRENCIES[c].name}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="transactionLimit"
          label="Transaction-limit ceiling"
          error={errors.transactionLimit}
          hint={
            units
              ? `In ${currency}, up to ${units} decimal places, e.g. 5000.${"0".repeat(units)}.`
              : `In whole ${currency}, e.g. 5000.`
          }
        >
          <div className="relative">
            <Input
              id="transactionLimit"
              name="transactionLimit"
              inputMode="decimal"
              className="pr-14"
              {...field("transactionLimit")}
            />
            <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-slate-500">
              {currency}
            </span>
          </div>
        </Field>
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
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Initial fee structure</legend>
        {errors.feeTemplate ? <p className="text-sm text-red-600">{errors.feeTemplate}</p> : null}
        <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
          {FEE_TEMPLATE_KEYS.map((k, i) => (
            <label
              key={k}
              className="flex cursor-pointer flex-col gap-1 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
            >
              <span className="flex items-center gap-2 font-medium">
                <input
                  type="radio"
                  name="feeTemplate"
                  value={k}
                  defaultChecked={i === 0}
                  className="accent-brand-600"
                />
                {FEE_TEMPLATES[k].label}
              </span>
              <span className="text-xs text-slate-500">{FEE_TEMPLATES[k].description}</span>
            </label>
          ))}
        </div>
        <p className="text-xs text-slate-500">
          The structure becomes version 1 of the Program&apos;s fee schedule (a value below a platform minimum is raised
          to it); tune every fee later on the Program&apos;s Fees page, in production.
        </p>
      </fieldset>
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create program"}
        </Button>
      </div>
    </form>
  );
}
