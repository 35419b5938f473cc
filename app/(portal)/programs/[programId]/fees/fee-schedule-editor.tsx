"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ProgramMinimum } from "@/lib/fees/minimums";
import { diffSchedules } from "@/lib/fees/diff";
import { scheduleInputOf } from "@/lib/fees/form-input";
import { feeItemsSchema, type FeeItem, type FeeType } from "@/lib/fees/schemas";
import { fieldErrorsOf } from "@/lib/validation";
import { FeePreviewBox, type LiveItems } from "./fee-preview";
import { FeeScheduleForm, type FormVersion, type Initial } from "./fee-schedule-form";

/**
 * The schedule form and the preview of its values: the preview follows the form as it is typed in
 * (unsaved), computed in the browser by the server's own arithmetic (lib/fees/compute.ts).
 */
export function FeeScheduleEditor({
  programId,
  currency,
  readOnly,
  initial,
  basedOn,
  baseVersion,
  minimums,
  versions,
  header,
  previewUnavailable,
}: {
  programId: string;
  currency: string;
  readOnly: boolean;
  initial: Initial;
  basedOn: string | null;
  baseVersion: number | null;
  minimums: Partial<Record<FeeType, ProgramMinimum>>;
  versions: FormVersion[];
  header: { title: string; description: string };
  previewUnavailable: string | null;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [live, setLive] = useState<LiveItems>({ ok: true, items: initial.items, changed: false });

  const readForm = useCallback(() => {
    const form = formRef.current;
    if (!form || readOnly) return setLive({ ok: true, items: initial.items, changed: false });
    const parsed = feeItemsSchema(currency).safeParse(scheduleInputOf(new FormData(form)).items);
    if (!parsed.success)
      return setLive({
        ok: false,
        message: Object.values(fieldErrorsOf(parsed.error))[0] ?? "Fix the fee values above.",
      });
    const top = { billingCycle: "", billingDay: 0, settlementAsset: "" };
    const items: FeeItem[] = parsed.data;
    setLive({
      ok: true,
      items,
      changed: diffSchedules({ ...top, items: initial.items }, { ...top, items }).length > 0,
    });
  }, [currency, initial.items, readOnly]);

  // after a save the page re-renders with the new version: what counts as "unsaved" changes with it
  useEffect(() => {
    readForm();
  }, [readForm]);

  return (
    <>
      <Card>
        <CardHeader title={header.title} description={header.description} />
        <CardBody>
          <FeeScheduleForm
            ref={formRef}
            onValuesChange={readForm}
            programId={programId}
            currency={currency}
            readOnly={readOnly}
            initial={initial}
            basedOn={basedOn}
            minimums={minimums}
            versions={versions}
          />
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Preview"
          description={`Per-event fees of the schedule above, as it stands in the form, on an example transaction in ${currency}.`}
        />
        <CardBody>
          {previewUnavailable ? (
            <p className="text-sm text-slate-500">{previewUnavailable}</p>
          ) : (
            <FeePreviewBox currency={currency} live={live} baseVersion={baseVersion} />
          )}
        </CardBody>
      </Card>
    </>
  );
}
