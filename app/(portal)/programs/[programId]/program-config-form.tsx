"use client";
import Link from "next/link";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { FormActions, FormInput } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateProgramConfigAction } from "@/lib/programs/actions";
import { FEE_TEMPLATES } from "@/lib/programs/fee-templates";
import { updateProgramConfigSchema } from "@/lib/programs/schemas";
import type { ProgramDto } from "@/lib/programs/service";

export function ProgramConfigForm({ program }: { program: ProgramDto }) {
  const { pending, onSubmit, ...form } = useActionForm(updateProgramConfigAction, {
    schema: updateProgramConfigSchema,
    onSuccess: () => toast.success("Configuration saved"),
    refresh: true,
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="programId" value={program.id} />
      <p className="text-sm text-slate-500">
        Base currency <span className="font-medium text-slate-800">{program.baseCurrency}</span> (fixed once created)
      </p>
      <FormInput
        form={form}
        name="transactionLimit"
        label={`Transaction-limit ceiling (${program.baseCurrency})`}
        inputMode="decimal"
        defaultValue={program.transactionLimit}
      />
      <div className="flex items-center gap-2">
        <input
          id="cfg-3ds"
          name="threeDsEnabled"
          type="checkbox"
          defaultChecked={program.threeDsEnabled}
          className="h-4 w-4 accent-brand-600"
        />
        <label htmlFor="cfg-3ds" className="text-sm font-medium text-slate-800">
          3-D Secure
        </label>
      </div>
      {program.feeTemplate ? (
        // chosen at creation as the fee schedule's first version; changing it here would change no fee
        <p className="text-sm text-slate-500" data-testid="fee-structure">
          Fee structure <span className="font-medium text-slate-800">{FEE_TEMPLATES[program.feeTemplate].label}</span>{" "}
          (the starting template, chosen at creation).{" "}
          <Link href={`/programs/${program.id}/fees`} className="text-brand-700 underline underline-offset-2">
            Change fees on the Fees tab
          </Link>
        </p>
      ) : null}
      <FormActions divided>
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save configuration
        </SubmitButton>
      </FormActions>
    </form>
  );
}
