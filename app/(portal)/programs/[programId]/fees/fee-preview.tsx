"use client";
import { useState } from "react";
import { Field, Input } from "@/components/ui/form";
import { Table, TableHead, Td } from "@/components/ui/table";
import { computePreview } from "@/lib/fees/compute";
import { FEE_TRIGGER_LABELS, minorUnitsOf, parseDecimal, type FeeItem } from "@/lib/fees/schemas";
import { formatMoney } from "@/lib/format/money";

/** The form's fee rows, parsed by the shared schema, or why they cannot be previewed yet. */
export type LiveItems = { ok: true; items: FeeItem[]; changed: boolean } | { ok: false; message: string };

/** An example amount in, each fee with its split out; computed as the server computes it, on the form's values. */
export function FeePreviewBox({
  currency,
  live,
  baseVersion,
}: {
  currency: string;
  live: LiveItems;
  baseVersion: number | null;
}) {
  const units = minorUnitsOf(currency);
  const [amount, setAmount] = useState(units ? `100.${"0".repeat(units)}` : "100");
  const parsed = parseDecimal(amount, { maxDecimals: units, what: "the amount", unit: currency, pad: true });
  const preview = parsed.ok && live.ok ? computePreview(live.items, parsed.value, currency) : null;
  const source = !live.ok
    ? null
    : live.changed || baseVersion === null
      ? "the values in the form (unsaved)"
      : `version ${baseVersion}`;
  return (
    <div className="space-y-4">
      <div className="w-56">
        <Field id="amount" label={`Example amount (${currency})`} error={parsed.ok ? undefined : parsed.message}>
          <Input
            id="amount"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            inputMode="decimal"
            autoComplete="off"
            className="font-mono"
            aria-invalid={parsed.ok ? undefined : true}
            aria-describedby={parsed.ok ? undefined : "amount-error"}
          />
        </Field>
      </div>
      {!live.ok ? (
        <p className="text-sm text-amber-700" data-testid="preview-unavailable">
          No preview until the schedule&apos;s values are valid: {live.message}
        </p>
      ) : null}
      {preview && parsed.ok ? (
        <div data-testid="fee-preview">
          <p className="mb-2 text-xs text-slate-500" data-testid="preview-source">
            {formatMoney(parsed.value, currency)} under {source}
          </p>
          {preview.lines.length === 0 ? (
            <p className="text-sm text-slate-500">No per-event fee applies.</p>
          ) : (
            <Table aria-label="Fee preview result">
              <TableHead columns={["Fee", "Fixed", "Percentage", "Fee", "Tenant", "Program"]} />
              <tbody>
                {preview.lines.map((l) => (
                  <tr key={l.feeType} data-testid="preview-line" data-fee-type={l.feeType}>
                    <Td>
                      {l.label}
                      <div className="text-xs text-slate-500">{FEE_TRIGGER_LABELS[l.trigger]}</div>
                    </Td>
                    <Td className="whitespace-nowrap font-mono">{formatMoney(l.fixedPart, currency)}</Td>
                    <Td className="whitespace-nowrap font-mono">
                      {formatMoney(l.percentagePart, currency)}
                      {l.capped ? <span className="ml-1 text-xs text-amber-700">(capped)</span> : null}
                    </Td>
                    <Td className="whitespace-nowrap font-mono font-medium">{formatMoney(l.total, currency)}</Td>
                    <Td className="whitespace-nowrap font-mono">{formatMoney(l.tenantShare, currency)}</Td>
                    <Td className="whitespace-nowrap font-mono">{formatMoney(l.programShare, currency)}</Td>
                  </tr>
                ))}
                <tr data-testid="preview-total" className="font-semibold">
                  <Td>Total</Td>
                  <Td />
                  <Td />
                  <Td className="whitespace-nowrap font-mono">{formatMoney(preview.totals.total, currency)}</Td>
                  <Td className="whitespace-nowrap font-mono">{formatMoney(preview.totals.tenantShare, currency)}</Td>
                  <Td className="whitespace-nowrap font-mono">{formatMoney(preview.totals.programShare, currency)}</Td>
                </tr>
              </tbody>
            </Table>
          )}
        </div>
      ) : null}
    </div>
  );
}
