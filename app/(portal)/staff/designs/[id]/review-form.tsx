"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Select, Textarea } from "@/components/ui/form";
import { redirectIfSignedOut } from "@/lib/actions/client-result";
import { reviewDesignAction } from "@/lib/card-designs/actions";
import { REJECTION_REASONS } from "@/lib/card-designs/schemas";

export function ReviewForm({ designId }: { designId: string }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const decide = async (decision: "approve" | "reject") => {
    setBusy(true);
    const r = await reviewDesignAction(designId, decision, reason || undefined, note || undefined).finally(() => setBusy(false));
    if (!r.ok) { if (!redirectIfSignedOut(r)) setError(r.fieldErrors?.reason ?? r.message); return; }
    toast.success(decision === "approve" ? "Design approved" : "Design rejected");
    router.push("/staff");
  };
  return (
    <Card>
      <CardHeader title="Decision" />
      <CardBody className="space-y-3">
        <Button className="w-full" disabled={busy} onClick={() => decide("approve")}>Approve</Button>
        <div className="border-t border-slate-100 pt-3">
          <Field id="reason" label="Rejection reason" error={error ?? undefined}>
            <Select id="reason" value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">Choose a reason…</option>
              {Object.entries(REJECTION_REASONS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </Select>
          </Field>
          <Field id="note" label="Note to the tenant"><Textarea id="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} /></Field>
          <Button variant="destructive" className="mt-2 w-full" disabled={busy} onClick={() => decide("reject")}>Reject</Button>
        </div>
      </CardBody>
    </Card>
  );
}
