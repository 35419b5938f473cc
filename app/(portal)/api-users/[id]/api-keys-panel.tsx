"use client";
import { useState } from "react";
import { useReauth } from "@/components/shell/reauth";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { CopyableValue } from "@/components/ui/copyable-value";
import { Field, Select, Textarea } from "@/components/ui/form";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";
import { Time } from "@/components/ui/time";
import { useActionOutcome } from "@/components/ui/use-action-outcome";
import type { ApiKeyDto } from "@/lib/api-keys/service";
import {
  compromiseApiKeyAction,
  issueApiKeyAction,
  revokeApiKeyAction,
  rotateApiKeyAction,
} from "@/lib/api-users/actions";
import type { Environment } from "@/lib/environments";

const OVERLAPS = [
  ["24h", "24 hours (recommended)"],
  ["1h", "1 hour"],
  ["3d", "3 days"],
  ["7d", "7 days (maximum)"],
  ["immediately", "No overlap: old key stops now"],
] as const;

/** `now` is the server's time of the render, so relative times ("last used 3 min ago") hydrate unchanged. */
export function ApiKeysPanel({
  apiUserId,
  environment,
  keys,
  mayWrite,
  now,
}: {
  apiUserId: string;
  environment: Environment;
  keys: ApiKeyDto[];
  mayWrite: boolean;
  now: Date;
}) {
  const outcome = useActionOutcome();
  const withReauth = useReauth();
  const [newKey, setNewKey] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [overlap, setOverlap] = useState<string>("24h");
  const [reason, setReason] = useState("");
  const live = keys.filter((k) => k.status === "active" || k.status === "overlap");
  const past = keys.filter((k) => !live.includes(k));

  return (
    <div>
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-sm font-semibold text-slate-800">API key</h3>
        {mayWrite && !live.some((k) => k.status === "active") ? (
          <Button
            size="sm"
            disabled={pending}
            onClick={async () => {
              setPending(true);
              const r = await withReauth(() => issueApiKeyAction({ apiUserId, environment })).finally(() =>
                setPending(false),
              );
              if (outcome(r, "API key issued")) setNewKey(r.data.key);
            }}
          >
            Issue {environment} key
          </Button>
        ) : null}
      </div>
      {keys.length === 0 ? <p className="text-sm text-slate-500">No key yet.</p> : null}
      <ul className="space-y-2">
        {[...live, ...past].map((k) => (
          <li
            key={k.id}
            data-testid="api-key"
            data-status={k.status}
            className="rounded-md border border-slate-200 p-3 text-sm"
          >
            <div className="flex items-center justify-between gap-2">
              <CopyableValue value={k.masked} what={`masked API key ${k.masked}`} className="text-xs text-slate-800" />
              {k.status === "active" ? (
                <Badge tone="green">Active</Badge>
              ) : k.status === "overlap" ? (
                <Badge tone="amber">
                  Old key ·{" "}
                  {k.expiresAt ? <Time value={k.expiresAt} relativeTo={now} prefix="expires" /> : "works until revoked"}
                </Badge>
              ) : k.status === "revoked" ? (
                <Badge tone="red">Revoked</Badge>
              ) : (
                <Badge>Expired</Badge>
              )}
            </div>
            <p className="mt-1 text-xs text-slate-500">
              Created <Time value={k.createdAt} /> · last used{" "}
              {k.lastUsedAt ? (
                <>
                  <Time value={k.lastUsedAt} relativeTo={now} /> from {k.lastUsedIp}
                </>
              ) : (
                "never"
              )}
              {k.revokedReason ? ` · ${k.revokedReason}` : ""}
            </p>
            {mayWrite && (k.status === "active" || k.status === "overlap") ? (
              <div className="mt-2 flex flex-wrap gap-2">
                {k.status === "active" ? (
                  <ConfirmedAction
                    label="Rotate"
                    look="small"
                    title="Rotate this API key?"
                    confirmLabel="Rotate key"
                    description="A new key is issued now. The old key keeps working during the overlap so you can deploy the new one without downtime."
                    run={() => withReauth(() => rotateApiKeyAction({ keyId: k.id, overlap }))}
                    success="API key rotated"
                    onDone={(d) => setNewKey(d.key)}
                  >
                    <Field id={`overlap-${k.id}`} label="Old key keeps working for">
                      <Select id={`overlap-${k.id}`} value={overlap} onChange={(e) => setOverlap(e.target.value)}>
                        {OVERLAPS.map(([v, l]) => (
                          <option key={v} value={v}>
                            {l}
                          </option>
                        ))}
                      </Select>
                    </Field>
                  </ConfirmedAction>
                ) : null}
                <ConfirmedAction
                  label="Compromised…"
                  look="small-danger"
                  title="Key compromised: replace it now?"
                  confirmLabel="Revoke and issue new key"
                  description="The old key stops working immediately and a new one is issued, in one step. Deploy the new key at once: requests with the old key fail from now on."
                  run={() => compromiseApiKeyAction({ keyId: k.id, reason })}
                  success="Old key revoked, new key issued"
                  onDone={(d) => setNewKey(d.key)}
                >
                  <Field id={`reason-${k.id}`} label="What happened" hint="Kept in the audit log.">
                    <Textarea
                      id={`reason-${k.id}`}
                      rows={2}
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                    />
                  </Field>
                </ConfirmedAction>
                <ConfirmedAction
                  label="Revoke"
                  look="row-danger"
                  title="Revoke this API key?"
                  confirmLabel="Revoke key"
                  description={
                    <>
                      Requests with <code className="font-mono text-xs">{k.masked}</code> fail from now on. No new key
                      is issued.
                    </>
                  }
                  run={() => revokeApiKeyAction(k.id)}
                  success="API key revoked"
                />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <SecretOnceDialog value={newKey} onClose={() => setNewKey(null)} />
    </div>
  );
}
