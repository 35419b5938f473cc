"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/form";
import { decideRequestAction, startReviewAction } from "@/lib/requests/actions";

export function RequestDecision({ id, status }: { id: string; status: string }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const act = async (p: Promise<{ ok: boolean; message?: string; fieldErrors?: Record<string, string> }>, msg: string, back = true) => {
    const r = await p;
    if (!r.ok) return setError(r.fieldErrors?.note ?? r.message ?? "Failed");
    toast.success(msg);
    if (back) router.push("/staff");
    else router.refresh();
  };
  return (
    <Card>
      <CardHeader title="Decision" />
      <CardBody className="space-y-3">
        {status === "submitted" ? <Button variant="outline" className="w-full" onClick={() => act(startReviewAction(id), "In review: the tenant cannot edit it now", false)}>Start review</Button> : null}
        <Button className="w-full" onClick={() => act(decideRequestAction(id, "approve"), "Approved")}>Approve</Button>
        <Field id="note" label="Reason or requested changes" error={error ?? undefined}><Textarea id="note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} /></Field>
        <div className="grid grid-cols-2 gap-2">
          <Button variant="outline" onClick={() => act(decideRequestAction(id, "request_changes", note), "Changes requested")}>Request changes</Button>
          <Button variant="destructive" onClick={() => act(decideRequestAction(id, "reject", note), "Rejected")}>Reject</Button>
        </div>
      </CardBody>
    </Card>
  );
}
