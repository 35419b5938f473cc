"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Select, Textarea } from "@/components/ui/form";
import { redirectIfSignedOut } from "@/lib/actions/client-result";
import { reviewDesignAction } from "@/lib/card-designs/actions";
import { REJECTION_REASONS, type RejectionReason } from "@/lib/card-designs/schemas";

/** Approve or reject a design; each decision is confirmed first, as the tenant is told at once. */
export function ReviewForm({ designId, name }: { designId: string; name: string }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  // a refused decision closes the dialog and shows its reason on the form, where it can be fixed
  const decide = async (decision: "approve" | "reject") => {
    const r = await reviewDesignAction(
      decision === "approve"
        ? { designId, decision }
        : {
            designId,
            decision,
            reason: reason as RejectionReason /* "" (none chosen) is refused by the server */,
            note: note || undefined,
          },
    );
    if (!r.ok) {
      if (!redirectIfSignedOut(r)) setError(r.fieldErrors?.reason ?? r.message);
      return true;
    }
    toast.success(decision === "approve" ? "Design approved" : "Design rejected");
    router.push("/staff");
    return true;
  };
  return (
    <Card>
      <CardHeader title="Decision" />
      <CardBody className="space-y-3">
        <ConfirmDialog
          trigger={<Button className="w-full">Approve</Button>}
          title={`Approve “${name}”?`}
          confirmLabel="Approve design"
          confirmVariant="default"
          description="The tenant sees the decision at once."
          onConfirm={() => decide("approve")}
        />
        <div className="border-t border-slate-100 pt-3">
          <Field id="reason" label="Rejection reason" error={error ?? undefined}>
            <Select id="reason" value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">Choose a reason…</option>
              {Object.entries(REJECTION_REASONS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="note" label="Note to the tenant">
            <Textarea id="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </Field>
          <ConfirmDialog
            trigger={
              <Button variant="destructive" className="mt-2 w-full">
                Reject
              </Button>
            }
            title={`Reject “${name}”?`}
            confirmLabel="Reject design"
            description={
              <>
                The tenant is told at once
                {reason ? <>, with the reason “{REJECTION_REASONS[reason as keyof typeof REJECTION_REASONS]}”</> : null}
                {note ? " and your note" : null}.
              </>
            }
            onConfirm={() => decide("reject")}
          />
        </div>
      </CardBody>
    </Card>
  );
}
