"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/form";
import { redirectIfSignedOut } from "@/lib/actions/client-result";
import { decideRequestAction, startReviewAction } from "@/lib/requests/actions";

export function RequestDecision({ id, status, updatedAt }: { id: string; status: string; updatedAt: string }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  // the version the reviewer is looking at: a decision on a request the Tenant edited since is refused
  const [seen, setSeen] = useState(updatedAt);
  const act = async (p: Promise<{ ok: boolean; message?: string; fieldErrors?: Record<string, string>; data?: { status: string; updatedAt?: string } }>, msg: string, back = true) => {
    const r = await p;
    if (!r.ok) { if (!redirectIfSignedOut(r)) setError(r.fieldErrors?.note ?? r.message ?? "Failed"); return; }
    if (r.data?.updatedAt) setSeen(r.data.updatedAt);
    toast.success(msg);
    if (back) router.push("/staff");
    else router.refresh();
  };
  return (
    <Card>
      <CardHeader title="Decision" />
      <CardBody className="space-y-3">
        {status === "submitted" ? <Button variant="outline" className="w-full" onClick={() => act(startReviewAction(id), "In review: the tenant cannot edit it now", false)}>Start review</Button> : null}
        <Button className="w-full" onClick={() => act(decideRequestAction(id, "approve", undefined, seen), "Approved")}>Approve</Button>
        <Field id="note" label="Reason or requested changes" error={error ?? undefined}><Textarea id="note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} /></Field>
        <div className="grid grid-cols-2 gap-2">
          <Button variant="outline" onClick={() => act(decideRequestAction(id, "request_changes", note, seen), "Changes requested")}>Request changes</Button>
          <Button variant="destructive" onClick={() => act(decideRequestAction(id, "reject", note, seen), "Rejected")}>Reject</Button>
        </div>
      </CardBody>
    </Card>
  );
}
