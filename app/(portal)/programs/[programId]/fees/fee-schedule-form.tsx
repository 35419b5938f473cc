"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode, type Ref } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { bindErrors, FormActions, FormInput, FormSelect, Input, Options, Select } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { showActionError } from "@/lib/actions/client-result";
import { saveFeeScheduleAction } from "@/lib/fees/actions";
import { defaultFeeItems } from "@/lib/fees/compute";
import { diffSchedules, versionInForceAt, type FeeChange } from "@/lib/fees/diff";
import { scheduleInputOf } from "@/lib/fees/form-input";
import { minimumText, type ProgramMinimum } from "@/lib/fees/minimums";
import {
  FEE_TRIGGER_LABELS,
  FEE_TRIGGERS,
  FEE_TYPE_LABELS,
  feeScheduleSchema,
  minorUnitsOf,
  SETTLEMENT_ASSETS,
  type FeeItem,
  type FeeType,
} from "@/lib/fees/schemas";
import { fieldErrorsOf } from "@/lib/validation";
import { formatUtc } from "@/lib/format/date";

/** The fee row's text inputs, in column order (the trigger select stands between the amounts and the shares). */
const TEXT_COLUMNS = [
  { field: "fixedAmount", label: "fixed amount", width: "w-24", amount: true },
  { field: "rateBps", label: "rate (bps)", width: "w-24", amount: false },
  { field: "capAmount", label: "cap", width: "w-24", amount: true },
  { field: "tenantSharePct", label: "tenant share %", width: "w-20", amount: false },
  { field: "programSharePct", label: "program share %", width: "w-20", amount: false },
] as const;

/** A cell of a fee's row: its control, labelled for screen readers by the fee and the column. */
function FeeCell({ id, label, bare, children }: { id: string; label: string; bare: boolean; children: ReactNode }) {
  return (
    <Td className={bare ? "border-b-0" : undefined}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      {children}
    </Td>
  );
}

export interface Initial {
  billingCycle: string;
  billingDay: string;
  settlementAsset: string;
  items: FeeItem[];
}
/** A saved version as the page hands it to the browser (effectiveAt an ISO string). */
export interface FormVersion {
  version: number;
  effectiveAt: string;
  billingCycle: string;
  billingDay: number;
  settlementAsset: string;
  items: FeeItem[];
}
interface Review {
  form: FormData;
  next: number;
  base: number | null;
  takesEffect: string;
  changes: FeeChange[];
}

const FIELDS = ["fixedAmount", "rateBps", "capAmount", "trigger", "tenantSharePct", "programSharePct"] as const;
const utc = (d: Date) => formatUtc(d);

/**
 * The fee schedule as an editable table, one row per fee type. Saving first shows what changes against
 * the version in force at the new version's effective date (field, old -> new) and when it takes effect;
 * only a confirmation saves, as a new version. A form that changes nothing is not sent (the service refuses it too).
 */
export function FeeScheduleForm({
  programId,
  currency,
  readOnly,
  initial,
  basedOn,
  minimums,
  versions,
  onValuesChange,
  ref,
}: {
  programId: string;
  currency: string;
  readOnly: boolean;
  initial: Initial;
  basedOn: string | null;
  minimums: Partial<Record<FeeType, ProgramMinimum>>;
  versions: FormVersion[];
  onValuesChange?: () => void;
  ref?: Ref<HTMLFormElement>;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [review, setReview] = useState<Review | null>(null);
  const bound = bindErrors(errors);
  const { field } = bound;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = feeScheduleSchema(currency).safeParse(scheduleInputOf(form));
    setNotice(null);
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error));
    const now = new Date();
    const at = parsed.data.effectiveAt ?? now;
    if (at.getTime() < now.getTime() - 60_000) {
      return setErrors({
        effectiveAt:
          "The effective date is in the past: a schedule takes effect now or later (history is never rewritten).",
      });
    }
    setErrors({});
    const dated = versions.map((v) => ({ ...v, effectiveAt: new Date(v.effectiveAt) }));
    const base = versionInForceAt(dated, at);
    const when = parsed.data.effectiveAt ? `on ${utc(at)}` : "now";
    const changes = diffSchedules(
      base ?? { billingCycle: "monthly", billingDay: 1, settlementAsset: currency, items: defaultFeeItems() },
      parsed.data,
    );
    if (base && changes.length === 0)
      return setNotice(
        `Nothing to save: these values are version ${base.version}'s, the schedule in force ${when}. Change a value first.`,
      );
    setReview({
      form,
      next: Math.max(0, ...versions.map((v) => v.version)) + 1,
      base: base?.version ?? null,
      takesEffect: `Takes effect ${when}.`,
      changes,
    });
  }

  async function save(form: FormData): Promise<boolean> {
    const r = await saveFeeScheduleAction(null, form);
    if (r.ok) {
      toast.success(`Saved as version ${r.data.version}`);
      router.refresh();
    } else if (r.fieldErrors) setErrors(r.fieldErrors);
    else showActionError(r);
    return true; // refused values show on their fields, below the dialog
  }

  const units = minorUnitsOf(currency);
  const amountHint = units ? `0.${"0".repeat(units)}` : "0";
  const rowErrors = (i: number) =>
    FIELDS.map((f) => [`items.${i}.${f}`, errors[`items.${i}.${f}`]] as const).filter(([, e]) => e);
  const count = Object.keys(errors).length;
  return (
    <>
      <form
        ref={ref}
        onSubmit={onSubmit}
        onChange={onValuesChange}
        className="space-y-5"
        noValidate
        aria-label="Fee schedule"
      >
        <input type="hidden" name="programId" value={programId} />
        {basedOn ? <p className="text-xs text-slate-500">{basedOn}</p> : null}
        {count > 0 ? (
          <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
            The schedule was not saved: {count === 1 ? "one value needs" : `${count} values need`} fixing below.
          </p>
        ) : null}
        {notice ? (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800" role="alert">
            {notice}
          </p>
        ) : null}
        <div className="space-y-5">
          <Table disabled={readOnly}>
            <thead>
              <tr>
                <Th>Fee</Th>
                <Th>On</Th>
                <Th>Fixed ({currency})</Th>
                <Th>Rate (bps)</Th>
                <Th>Cap ({currency})</Th>
                <Th>Billed</Th>
                <Th>Tenant %</Th>
                <Th>Program %</Th>
              </tr>
            </thead>
            <tbody>
              {initial.items.map((item, i) => {
                const label = FEE_TYPE_LABELS[item.feeType];
                const id = (f: string) => `items.${i}.${f}`;
                const min = minimumText(minimums[item.feeType]);
                const errs = rowErrors(i);
                const bare = errs.length > 0;
                const text = (c: (typeof TEXT_COLUMNS)[number]) => (
                  <FeeCell key={c.field} id={id(c.field)} label={`${label} ${c.label}`} bare={bare}>
                    <Input
                      id={id(c.field)}
                      name={id(c.field)}
                      inputMode="decimal"
                      autoComplete="off"
                      className={`${c.width} font-mono`}
                      placeholder={c.amount ? amountHint : c.field === "rateBps" ? "0" : undefined}
                      defaultValue={item[c.field] ?? ""}
                      {...field(id(c.field))}
                    />
                  </FeeCell>
                );
                return [
                  <tr key={item.feeType} data-testid="fee-row" data-fee-type={item.feeType}>
                    <Td className={bare ? "border-b-0" : undefined}>
                      <input type="hidden" name={id("feeType")} value={item.feeType} />
                      <div className="font-medium text-slate-800">{label}</div>
                      {min ? (
                        <div className="mt-0.5 text-xs text-amber-700" data-testid="fee-minimum">
                          {min}
                        </div>
                      ) : null}
                    </Td>
                    <FeeCell id={id("enabled")} label={`${label} enabled`} bare={bare}>
                      <input
                        id={id("enabled")}
                        name={id("enabled")}
                        type="checkbox"
                        defaultChecked={item.enabled}
                        className="mt-2 h-4 w-4 rounded border-slate-300"
                      />
                    </FeeCell>
                    {TEXT_COLUMNS.slice(0, 3).map(text)}
                    <FeeCell id={id("trigger")} label={`${label} billed`} bare={bare}>
                      <Select
                        id={id("trigger")}
                        name={id("trigger")}
                        defaultValue={item.trigger}
                        className="w-44"
                        {...field(id("trigger"))}
                      >
                        <Options values={FEE_TRIGGERS} label={FEE_TRIGGER_LABELS} />
                      </Select>
                    </FeeCell>
                    {TEXT_COLUMNS.slice(3).map(text)}
                  </tr>,
                  errs.length ? (
                    <tr key={`${item.feeType}-errors`}>
                      <td colSpan={8} className="border-b border-slate-100 px-4 pb-2.5">
                        {errs.map(([k, e]) => (
                          <p key={k} id={`${k}-error`} className="text-sm text-red-600">
                            {e}
                          </p>
                        ))}
                      </td>
                    </tr>
                  ) : null,
                ];
              })}
            </tbody>
          </Table>
          <fieldset disabled={readOnly} className="grid gap-4 sm:grid-cols-4">
            <FormSelect form={bound} name="billingCycle" label="Billing cycle" defaultValue={initial.billingCycle}>
              <option value="monthly">Monthly</option>
              <option value="weekly">Weekly</option>
            </FormSelect>
            <FormInput
              form={bound}
              name="billingDay"
              label="Billing day"
              hint="1-28 (monthly) or 1-7, Monday = 1 (weekly)."
              inputMode="numeric"
              defaultValue={initial.billingDay}
            />
            <FormSelect
              form={bound}
              name="settlementAsset"
              label="Settlement currency or asset"
              defaultValue={initial.settlementAsset}
            >
              <Options values={SETTLEMENT_ASSETS} />
            </FormSelect>
            <FormInput
              form={bound}
              name="effectiveAt"
              label="Effective from (UTC)"
              hint="Empty: now. A later date schedules the version."
              type="datetime-local"
            />
          </fieldset>
        </div>
        {readOnly ? null : (
          <FormActions>
            <Button type="submit">Save as new version</Button>
          </FormActions>
        )}
      </form>
      <ConfirmDialog
        open={review !== null}
        onOpenChange={(o) => {
          if (!o) setReview(null);
        }}
        confirmVariant="default"
        title={`Save version ${review?.next ?? ""} of the fee schedule?`}
        confirmLabel={`Save version ${review?.next ?? ""}`}
        description={
          <p className="font-medium text-slate-800" data-testid="takes-effect">
            {review?.takesEffect}
          </p>
        }
        onConfirm={() => (review ? save(review.form) : Promise.resolve(true))}
      >
        {review && review.changes.length ? (
          <div className="max-h-72 overflow-auto">
            <Table aria-label="Changes">
              <thead>
                <tr>
                  <Th>Field</Th>
                  <Th>{review.base ? `Version ${review.base}` : "No schedule"}</Th>
                  <Th>New</Th>
                </tr>
              </thead>
              <tbody>
                {review.changes.map((c) => (
                  <tr key={c.field} data-testid="fee-change">
                    <Td>{c.field}</Td>
                    <Td className="font-mono">{c.before}</Td>
                    <Td className="font-mono font-medium">{c.after}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        ) : (
          <p className="text-sm text-slate-600">No fee is enabled: the first version records every fee as off.</p>
        )}
      </ConfirmDialog>
    </>
  );
}
