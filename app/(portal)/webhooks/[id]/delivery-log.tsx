"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/form";
import { showActionError } from "@/lib/actions/client-result";
import { redeliverFailedSinceAction, replayDeliveryAction } from "@/lib/webhooks/actions";
import { explainFailure } from "@/lib/webhooks/failures";
import { FailureExplanation } from "../failure-explanation";

interface Attempt {
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
}
interface Delivery {
  id: string;
  eventId: string;
  type: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: string;
  lastStatus: number | null;
  createdAt: string;
  attempts: Attempt[];
}

/** Query keys of this feature (one factory, so invalidation stays consistent). */
export const webhookKeys = { deliveries: (endpointId: string) => ["webhooks", endpointId, "deliveries"] as const };
const TONE: Record<string, BadgeTone> = { succeeded: "green", pending: "amber", failed: "red", cancelled: "neutral" };
const t = (s: string) => s.replace("T", " ").slice(0, 19);

const failed = (a: Attempt) => a.error !== null || a.statusCode === null || a.statusCode < 200 || a.statusCode >= 300;

export function DeliveryLog({
  endpointId,
  endpointUrl,
  initial,
  mayWrite,
}: {
  endpointId: string;
  endpointUrl: string;
  initial: Delivery[];
  mayWrite: boolean;
}) {
  const qc = useQueryClient();
  const router = useRouter();
  const [since, setSince] = useState("");
  const { data = initial } = useQuery({
    queryKey: webhookKeys.deliveries(endpointId),
    queryFn: async () => (await (await fetch(`/webhooks/${endpointId}/deliveries`)).json()) as Delivery[],
    initialData: initial,
    refetchInterval: 2000, // live: attempts land while you watch
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: webhookKeys.deliveries(endpointId) });
    router.refresh();
  };
  return (
    <Card>
      <CardHeader
        title="Deliveries"
        description="Every attempt with its status, latency and the first 1 KiB of the answer. Refreshes live."
        actions={
          mayWrite ? (
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={async (e) => {
                e.preventDefault();
                const r = await redeliverFailedSinceAction({ endpointId, since });
                if (!r.ok) return showActionError(r);
                toast.success(`${r.data.count} failed deliveries queued again`);
                refresh();
              }}
            >
              <label htmlFor="since" className="text-xs text-slate-600">
                Redeliver failed since
              </label>
              <Input
                id="since"
                type="datetime-local"
                value={since}
                onChange={(e) => setSince(e.target.value)}
                className="h-8 w-52"
                required
              />
              <Button size="sm" variant="outline" type="submit">
                Redeliver
              </Button>
            </form>
          ) : null
        }
      />
      {data.length === 0 ? (
        <EmptyState title="No deliveries yet" />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Deliveries">
          {data.map((d) => (
            <li
              key={d.id}
              className="px-5 py-3 text-sm"
              data-testid="delivery"
              data-status={d.status}
              data-type={d.type}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex min-w-0 flex-wrap items-center gap-2">
                  <Badge tone={TONE[d.status] ?? "neutral"}>{d.status}</Badge>
                  <code className="font-mono text-xs">{d.type}</code>
                  <span className="text-xs text-slate-500">
                    {d.eventId} · {t(d.createdAt)} UTC · {d.attemptCount} attempt{d.attemptCount === 1 ? "" : "s"}
                    {d.status === "pending" && d.attemptCount ? ` · next ${t(d.nextAttemptAt)} UTC` : ""}
                  </span>
                </div>
                {mayWrite && d.status !== "pending" ? (
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={async () => {
                      const r = await replayDeliveryAction(d.id);
                      if (!r.ok) return showActionError(r);
                      toast.success("Delivery queued again");
                      refresh();
                    }}
                  >
                    Replay
                  </Button>
                ) : null}
              </div>
              {d.status !== "succeeded" && d.attempts[0] && failed(d.attempts[0]) ? (
                <FailureExplanation
                  className="mt-2"
                  failure={explainFailure({
                    status: d.attempts[0].statusCode,
                    error: d.attempts[0].error,
                    url: endpointUrl,
                  })}
                />
              ) : null}
              {d.attempts.length ? (
                <div className="mt-2 overflow-x-auto" tabIndex={0}>
                  <table className="w-full text-xs">
                    <tbody>
                      {d.attempts.map((a, i) => (
                        <tr key={i} className="text-slate-600">
                          <td className="whitespace-nowrap py-0.5 pr-3 tabular-nums">{t(a.startedAt)}</td>
                          <td className="whitespace-nowrap pr-3 font-medium">{a.statusCode ?? "no answer"}</td>
                          <td className="whitespace-nowrap pr-3 tabular-nums">{a.durationMs} ms</td>
                          <td className="max-w-md truncate font-mono">{a.error ?? a.responseBody ?? ""}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
