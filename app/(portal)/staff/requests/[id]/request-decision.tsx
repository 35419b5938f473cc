"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Textarea } from "@/components/ui/form";
import { redirectIfSignedOut } from "@/lib/actions/client-result";
import { decideRequestAction, startReviewAction } from "@/lib/requests/actions";

type Result = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  data?: { status: string; updatedAt?: string };
};

/** Start review, then approve, request changes or reject; the three decisions are confirmed first. */
export function RequestDecision({
  id,
  status,
  updatedAt,
  what,
}: {
  id: string;
  status: string;
  updatedAt: string;
  what: string;
}) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  // the version the reviewer is looking at: a decision on a request the Tenant edited since is refused
  const [seen, setSeen] = useState(updatedAt);
  // a refused decision closes its dialog and shows the reason on the form, where it can be fixed
  const act = async (p: Promise<Result>, msg: string, back = true) => {
    const r = await p;
    if (!r.ok) {
      if (!redirectIfSignedOut(r)) setError(r.fieldErrors?.note ?? r.message ?? "Failed");
      return true;
    }
    if (r.data?.updatedAt) setSeen(r.data.updatedAt);
    toast.success(msg);
    if (back) router.push("/staff");
    else router.refresh();
    return true;
  };
  const withNote = note.trim() ? <> Your note is sent with it: “{note.trim()}”.</> : null;
  return (
    <Card>
      <CardHeader title="Decision" />
      <CardBody className="space-y-3">
        {status === "submitted" ? (
          <Button
            variant="outline"
            className="w-full"
            onClick={() => act(startReviewAction(id), "In review: the tenant cannot edit it now", false)}
          >
            Start review
          </Button>
        ) : null}
        <ConfirmDialog
          trigger={<Button className="w-full">Approve</Button>}
          title={`Approve ${what}?`}
          confirmLabel="Approve request"
          confirmVariant="default"
          description={<>The tenant sees it approved at once.{withNote}</>}
          onConfirm={() =>
            act(decideRequestAction({ requestId: id, decision: "approve", seenUpdatedAt: seen }), "Approved")
          }
        />
        <Field id="note" label="Reason or requested changes" error={error ?? undefined}>
          <Textarea id="note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <div className="grid grid-cols-2 gap-2">
          <ConfirmDialog
            trigger={<Button variant="outline">Request changes</Button>}
            title={`Request changes to ${what}?`}
            confirmLabel="Request changes"
            confirmVariant="default"
            description={<>The tenant may edit and resubmit it.{withNote}</>}
            onConfirm={() =>
              act(
                decideRequestAction({ requestId: id, decision: "request_changes", note, seenUpdatedAt: seen }),
                "Changes requested",
              )
            }
          />
          <ConfirmDialog
            trigger={<Button variant="destructive">Reject</Button>}
            title={`Reject ${what}?`}
            confirmLabel="Reject request"
            description={<>The tenant sees it rejected at once.{withNote}</>}
            onConfirm={() =>
              act(decideRequestAction({ requestId: id, decision: "reject", note, seenUpdatedAt: seen }), "Rejected")
            }
          />
        </div>
      </CardBody>
    </Card>
  );
}
