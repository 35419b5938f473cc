"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { reviewStatusLabel, StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { designKindLabel } from "@/lib/card-designs/schemas";
import type { SlotDto } from "@/lib/card-designs/service";
import { SubmitDesignForm } from "./submit-design-form";

type Design = NonNullable<SlotDto["latest"]> & { submittedAt: string; reviewedAt: string | null };
type Slot = Omit<SlotDto, "latest" | "active" | "history"> & {
  latest: Design | null;
  active: Design | null;
  history: Design[];
};

export const designKeys = { slots: (programId: string) => ["designs", programId, "slots"] as const };

export function DesignSlots({
  programId,
  initial,
  mayWrite,
}: {
  programId: string;
  initial: Slot[];
  mayWrite: boolean;
}) {
  const qc = useQueryClient();
  const [open, setOpen] = useState<number | null>(null);
  const { data: slots = initial } = useQuery({
    queryKey: designKeys.slots(programId),
    queryFn: async () => (await (await fetch(`/programs/${programId}/designs/status`)).json()) as Slot[],
    initialData: initial,
    refetchInterval: 3000, // staff decisions show up without a reload
  });
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {slots.map((s) => {
        const d = s.latest;
        return (
          <Card key={s.slot} aria-label={`Slot ${s.slot}`} data-testid="slot" data-status={d?.status ?? "empty"}>
            <div className="flex aspect-[1.586] items-center justify-center overflow-hidden rounded-t-lg bg-slate-100">
              {d ? (
                <img
                  src={`/designs/artwork/${d.id}`}
                  alt={`Artwork of ${d.name}`}
                  className="h-full w-full object-cover"
                />
              ) : (
                <span className="text-sm text-slate-500">Empty slot</span>
              )}
            </div>
            <CardBody className="space-y-2">
              <div className="flex items-center justify-between">
                <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">Slot {s.slot}</span>
                {d ? <StatusBadge status={d.status} /> : <Badge>Empty</Badge>}
              </div>
              {d ? (
                <>
                  <p className="text-sm font-medium text-slate-800">
                    {d.name}{" "}
                    <span className="text-xs font-normal text-slate-500">
                      v{d.version} · {designKindLabel(d)}
                    </span>
                  </p>
                  {d.status === "rejected" ? (
                    <p className="rounded bg-red-50 px-2 py-1 text-xs text-red-800" data-testid="rejection">
                      {d.rejectionLabel}
                      {d.rejectionNote ? `: ${d.rejectionNote}` : ""}
                    </p>
                  ) : null}
                  {s.active && s.active.id !== d.id ? (
                    <p className="text-xs text-slate-500">
                      Active: v{s.active.version} ({s.active.name}) until the new version is approved.
                    </p>
                  ) : null}
                </>
              ) : (
                <p className="text-sm text-slate-500">No design yet.</p>
              )}
              {s.history.length > 0 ? (
                <details className="text-xs text-slate-600">
                  <summary className="cursor-pointer text-brand-700">
                    History ({s.history.length} version{s.history.length === 1 ? "" : "s"})
                  </summary>
                  <ol className="mt-1 space-y-1" aria-label={`History of slot ${s.slot}`}>
                    {s.history.map((h) => (
                      <li key={h.id}>
                        v{h.version} {h.name}: submitted by {h.submittedBy} <Time value={h.submittedAt} />
                        {h.reviewedBy && h.reviewedAt ? (
                          <>
                            ; {reviewStatusLabel(h.status).toLowerCase()} by {h.reviewedBy}{" "}
                            <Time value={h.reviewedAt} />
                          </>
                        ) : (
                          "; not reviewed yet"
                        )}
                        {h.rejectionLabel ? ` (${h.rejectionLabel})` : ""}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
              {mayWrite && d?.status !== "pending" ? (
                open === s.slot ? (
                  <SubmitDesignForm
                    programId={programId}
                    slot={s.slot}
                    onDone={() => {
                      setOpen(null);
                      void qc.invalidateQueries({ queryKey: designKeys.slots(programId) });
                    }}
                    onCancel={() => setOpen(null)}
                  />
                ) : (
                  <Button size="sm" variant="outline" onClick={() => setOpen(s.slot)}>
                    {d ? "Submit a new version" : "Submit artwork"}
                  </Button>
                )
              ) : null}
            </CardBody>
          </Card>
        );
      })}
    </div>
  );
}
