"use client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";
import { previewFeesAction } from "@/lib/fees/actions";
import { FEE_TRIGGER_LABELS } from "@/lib/fees/schemas";

/** An example amount in, each fee with its split out; computed by the server (decimal arithmetic). */
export function FeePreviewBox({ programId, currency }: { programId: string; currency: string }) {
  const { pending, errors, onSubmit, field, state } = useActionForm(previewFeesAction, {});
  const preview = state?.ok ? state.data : null;
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="flex items-end gap-3" noValidate aria-label="Fee preview">
        <input type="hidden" name="programId" value={programId} />
        <div className="w-56">
          <Field id="amount" label={`Example amount (${currency})`} error={errors.amount}>
            <Input id="amount" name="amount" inputMode="decimal" autoComplete="off" className="font-mono" placeholder="100.00" {...field("amount")} />
          </Field>
        </div>
        <Button type="submit" variant="outline" disabled={pending} className={errors.amount ? "mb-7" : undefined}>{pending ? "Computing…" : "Preview"}</Button>
      </form>
      {preview ? (
        <div data-testid="fee-preview">
          <p className="mb-2 text-xs text-slate-500">{preview.amount} {preview.currency} under version {preview.scheduleVersion}</p>
          {preview.lines.length === 0 ? <p className="text-sm text-slate-500">No per-event fee applies.</p> : (
            <Table aria-label="Fee preview result">
              <thead><tr><Th>Fee</Th><Th>Fixed</Th><Th>Percentage</Th><Th>Fee</Th><Th>Tenant</Th><Th>Program</Th></tr></thead>
              <tbody>
                {preview.lines.map((l) => (
                  <tr key={l.feeType} data-testid="preview-line" data-fee-type={l.feeType}>
                    <Td>{l.label}<div className="text-xs text-slate-500">{FEE_TRIGGER_LABELS[l.trigger]}</div></Td>
                    <Td className="font-mono">{l.fixedPart}</Td>
                    <Td className="font-mono">{l.percentagePart}{l.capped ? <span className="ml-1 text-xs text-amber-700">(capped)</span> : null}</Td>
                    <Td className="font-mono font-medium">{l.total}</Td>
                    <Td className="font-mono">{l.tenantShare}</Td>
                    <Td className="font-mono">{l.programShare}</Td>
                  </tr>
                ))}
                <tr data-testid="preview-total" className="font-semibold">
                  <Td>Total ({preview.currency})</Td><Td /><Td />
                  <Td className="font-mono">{preview.totals.total}</Td>
                  <Td className="font-mono">{preview.totals.tenantShare}</Td>
                  <Td className="font-mono">{preview.totals.programShare}</Td>
                </tr>
              </tbody>
            </Table>
          )}
        </div>
      ) : null}
    </div>
  );
}
