import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { WithdrawRequestButton } from "./withdraw-request-button";

interface Req {
  id: string;
  status: string;
  payload: Record<string, unknown>;
  submittedBy: string;
  submittedAt: string;
  reviewedBy: string | null;
  decisionNote: string | null;
}

const WITHDRAWABLE = ["submitted", "changes_requested"];

/** The history of a Program's requests of one kind, newest first; `mayWithdraw` adds Withdraw to open ones. */
export function RequestList({
  requests,
  describe,
  mayWithdraw = false,
}: {
  requests: Req[];
  describe: "sms" | "deposit";
  mayWithdraw?: boolean;
}) {
  return (
    <Card>
      <CardHeader title="History" />
      {requests.length === 0 ? (
        <EmptyState title="No requests yet" />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Requests">
          {requests.map((r) => (
            <li key={r.id} className="px-5 py-3 text-sm" data-testid="request" data-status={r.status}>
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium text-slate-800">
                  {describe === "sms" ? (
                    <code className="font-mono">{String(r.payload.senderId)}</code>
                  ) : (
                    <>
                      {String(r.payload.addressType)}{" "}
                      <span className="text-xs font-normal text-slate-500">
                        {r.payload.mode === "substitute" ? `instead of ${String(r.payload.replaces)}` : "additional"}
                      </span>
                    </>
                  )}
                </span>
                <span className="flex items-center gap-2">
                  {mayWithdraw && WITHDRAWABLE.includes(r.status) ? (
                    <WithdrawRequestButton
                      id={r.id}
                      what={
                        describe === "sms"
                          ? `sender ID ${String(r.payload.senderId)}`
                          : `${String(r.payload.addressType)}`
                      }
                    />
                  ) : null}
                  <StatusBadge status={r.status} />
                </span>
              </div>
              <p className="text-xs text-slate-500">
                {describe === "sms" ? `Countries ${(r.payload.countries as string[]).join(", ")} · ` : ""}submitted by{" "}
                {r.submittedBy} on <Time value={r.submittedAt} />
                {r.reviewedBy ? ` · reviewed by ${r.reviewedBy}` : ""}
              </p>
              {r.decisionNote ? (
                <p className="mt-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900" data-testid="decision-note">
                  {r.decisionNote}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
