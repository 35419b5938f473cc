"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";
import { saveFeeScheduleAction } from "@/lib/fees/actions";
import { minimumText, type ProgramMinimum } from "@/lib/fees/minimums";
import { FEE_TRIGGER_LABELS, FEE_TRIGGERS, FEE_TYPE_LABELS, minorUnitsOf, SETTLEMENT_ASSETS, type FeeItem, type FeeType } from "@/lib/fees/schemas";

interface Initial { billingCycle: string; billingDay: string; settlementAsset: string; items: FeeItem[] }

const FIELDS = ["fixedAmount", "rateBps", "capAmount", "trigger", "tenantSharePct", "programSharePct"] as const;

/** The fee schedule as an editable table, one row per fee type; saving adds a new version. */
export function FeeScheduleForm({ programId, currency, readOnly, initial, basedOn, minimums }: {
  programId: string; currency: string; readOnly: boolean; initial: Initial; basedOn: string | null; minimums: Partial<Record<FeeType, ProgramMinimum>>;
}) {
  const router = useRouter();
  const { pending, errors, onSubmit, field } = useActionForm(saveFeeScheduleAction, {
    onSuccess: (d) => { toast.success(`Saved as version ${d.version}`); router.refresh(); },
  });
  const units = minorUnitsOf(currency);
  const amountHint = units ? `0.${"0".repeat(units)}` : "0";
  const rowErrors = (i: number) => FIELDS.map((f) => [`items.${i}.${f}`, errors[`items.${i}.${f}`]] as const).filter(([, e]) => e);
  const count = Object.keys(errors).length;
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate aria-label="Fee schedule">
      <input type="hidden" name="programId" value={programId} />
      {basedOn ? <p className="text-xs text-slate-500">{basedOn}</p> : null}
      {count > 0 ? <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">The schedule was not saved: {count === 1 ? "one value needs" : `${count} values need`} fixing below.</p> : null}
      <fieldset disabled={readOnly} className="space-y-5">
        <Table>
          <thead>
            <tr>
              <Th>Fee</Th><Th>On</Th><Th>Fixed ({currency})</Th><Th>Rate (bps)</Th><Th>Cap ({currency})</Th><Th>Billed</Th><Th>Tenant %</Th><Th>Program %</Th>
            </tr>
          </thead>
          <tbody>
            {initial.items.map((item, i) => {
              const label = FEE_TYPE_LABELS[item.feeType];
              const id = (f: string) => `items.${i}.${f}`;
              const min = minimumText(minimums[item.feeType]);
              const errs = rowErrors(i);
              return [
                <tr key={item.feeType} data-testid="fee-row" data-fee-type={item.feeType}>
                  <Td className={errs.length ? "border-b-0" : undefined}>
                    <input type="hidden" name={id("feeType")} value={item.feeType} />
                    <div className="font-medium text-slate-800">{label}</div>
                    {min ? <div className="mt-0.5 text-xs text-amber-700" data-testid="fee-minimum">{min}</div> : null}
                  </Td>
                  <Td className={errs.length ? "border-b-0" : undefined}>
                    <label htmlFor={id("enabled")} className="sr-only">{label} enabled</label>
                    <input id={id("enabled")} name={id("enabled")} type="checkbox" defaultChecked={item.enabled} className="mt-2 h-4 w-4 rounded border-slate-300" />
                  </Td>
                  {(["fixedAmount", "rateBps", "capAmount"] as const).map((f) => (
                    <Td key={f} className={errs.length ? "border-b-0" : undefined}>
                      <label htmlFor={id(f)} className="sr-only">{label} {f === "fixedAmount" ? "fixed amount" : f === "rateBps" ? "rate (bps)" : "cap"}</label>
                      <Input id={id(f)} name={id(f)} inputMode="decimal" autoComplete="off" className="w-24 font-mono" placeholder={f === "rateBps" ? "0" : amountHint} defaultValue={item[f] ?? ""} {...field(id(f))} />
                    </Td>
                  ))}
                  <Td className={errs.length ? "border-b-0" : undefined}>
                    <label htmlFor={id("trigger")} className="sr-only">{label} billed</label>
                    <Select id={id("trigger")} name={id("trigger")} defaultValue={item.trigger} className="w-44" {...field(id("trigger"))}>
                      {FEE_TRIGGERS.map((t) => <option key={t} value={t}>{FEE_TRIGGER_LABELS[t]}</option>)}
                    </Select>
                  </Td>
                  {(["tenantSharePct", "programSharePct"] as const).map((f) => (
                    <Td key={f} className={errs.length ? "border-b-0" : undefined}>
                      <label htmlFor={id(f)} className="sr-only">{label} {f === "tenantSharePct" ? "tenant" : "program"} share %</label>
                      <Input id={id(f)} name={id(f)} inputMode="decimal" autoComplete="off" className="w-20 font-mono" defaultValue={item[f]} {...field(id(f))} />
                    </Td>
                  ))}
                </tr>,
                errs.length ? (
                  <tr key={`${item.feeType}-errors`}>
                    <td colSpan={8} className="border-b border-slate-100 px-4 pb-2.5">
                      {errs.map(([k, e]) => <p key={k} id={`${k}-error`} className="text-sm text-red-600">{e}</p>)}
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </Table>
        <div className="grid gap-4 sm:grid-cols-4">
          <Field id="billingCycle" label="Billing cycle" error={errors.billingCycle}>
            <Select id="billingCycle" name="billingCycle" defaultValue={initial.billingCycle} {...field("billingCycle")}>
              <option value="monthly">Monthly</option>
              <option value="weekly">Weekly</option>
            </Select>
          </Field>
          <Field id="billingDay" label="Billing day" error={errors.billingDay} hint="1-28 (monthly) or 1-7, Monday = 1 (weekly).">
            <Input id="billingDay" name="billingDay" inputMode="numeric" defaultValue={initial.billingDay} {...field("billingDay")} />
          </Field>
          <Field id="settlementAsset" label="Settlement currency or asset" error={errors.settlementAsset}>
            <Select id="settlementAsset" name="settlementAsset" defaultValue={initial.settlementAsset} {...field("settlementAsset")}>
              {SETTLEMENT_ASSETS.map((a) => <option key={a} value={a}>{a}</option>)}
            </Select>
          </Field>
          <Field id="effectiveAt" label="Effective from (UTC)" error={errors.effectiveAt} hint="Empty: now. A later date schedules the version.">
            <Input id="effectiveAt" name="effectiveAt" type="datetime-local" {...field("effectiveAt")} />
          </Field>
        </div>
      </fieldset>
      {readOnly ? null : <div className="flex justify-end"><Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save as new version"}</Button></div>}
    </form>
  );
}
