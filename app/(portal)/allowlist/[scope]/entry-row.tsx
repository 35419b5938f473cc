"use client";
import { useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { CopyableValue } from "@/components/ui/copyable-value";
import { Input } from "@/components/ui/form";
import { Time } from "@/components/ui/time";
import { useActionOutcome } from "@/components/ui/use-action-outcome";
import {
  recheckAllowlistEntryAction,
  removeAllowlistEntryAction,
  updateAllowlistDescriptionAction,
} from "@/lib/allowlist/actions";
import type { AllowlistEntryDto } from "@/lib/allowlist/service";

const DNS: Record<string, { tone: BadgeTone; label: string }> = {
  pass: { tone: "green", label: "FCrDNS pass" },
  fail: { tone: "red", label: "FCrDNS fail" },
  pending: { tone: "amber", label: "FCrDNS pending" },
  not_applicable: { tone: "neutral", label: "Range: checked per caller" },
};

/** `now` is the server's time of the render, so the relative "checked 3 min ago" hydrates unchanged. */
export function EntryRow({ entry: e, mayWrite, now }: { entry: AllowlistEntryDto; mayWrite: boolean; now: Date }) {
  const after = useActionOutcome();
  const [editing, setEditing] = useState(false);
  const [description, setDescription] = useState(e.description);
  const [busy, setBusy] = useState(false);
  const address = e.cidr.replace(/\/(32|128)$/, "");
  return (
    <li className="px-5 py-4" data-testid="allowlist-entry" data-cidr={address} data-dns={e.dns.status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <CopyableValue
              value={address}
              what={`${address.includes("/") ? "IP range" : "IP"} ${address}`}
              className="text-sm font-semibold text-slate-900"
            />
            <Badge tone={DNS[e.dns.status].tone}>{DNS[e.dns.status].label}</Badge>
          </div>
          {editing ? (
            <form
              className="mt-2 flex gap-2"
              onSubmit={async (ev) => {
                ev.preventDefault();
                setBusy(true);
                if (
                  after(
                    await updateAllowlistDescriptionAction({ id: e.id, description }).finally(() => setBusy(false)),
                    "Description saved",
                  )
                )
                  setEditing(false);
              }}
            >
              <label htmlFor={`desc-${e.id}`} className="sr-only">
                Description of {address}
              </label>
              <Input
                id={`desc-${e.id}`}
                value={description}
                onChange={(ev) => setDescription(ev.target.value)}
                maxLength={200}
                autoFocus
                className="w-80"
              />
              <Button type="submit" size="sm" disabled={busy}>
                Save
              </Button>
              <Button
                type="button"
                size="sm"
                variant="ghost"
                onClick={() => {
                  setDescription(e.description);
                  setEditing(false);
                }}
              >
                Cancel
              </Button>
            </form>
          ) : (
            <p className="mt-1 text-sm text-slate-700">{e.description}</p>
          )}
          <p className="mt-1 text-xs text-slate-500">
            Added by {e.createdByLabel} on <Time value={e.createdAt} />
          </p>
        </div>
        {mayWrite ? (
          <div className="flex flex-wrap gap-2">
            {e.single ? (
              <Button
                variant="outline"
                size="sm"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  after(await recheckAllowlistEntryAction(e.id).finally(() => setBusy(false)), "Checked again");
                }}
              >
                Re-check DNS
              </Button>
            ) : null}
            {!editing ? (
              <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
                Edit description
              </Button>
            ) : null}
            <ConfirmedAction
              label="Remove"
              look="row-danger"
              title={`Remove ${address}?`}
              confirmLabel="Remove"
              description="Requests from this address are refused (403) within seconds."
              run={() => removeAllowlistEntryAction(e.id)}
              success={`${address} removed`}
            />
          </div>
        ) : null}
      </div>
      {e.single ? (
        <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 px-3 py-2 text-xs">
          <dt className="text-slate-500">PTR</dt>
          <dd className="font-mono">{e.dns.ptrNames.join(", ") || "—"}</dd>
          <dt className="text-slate-500">Resolves to</dt>
          <dd className="font-mono">
            {Object.entries(e.dns.forward)
              .map(([n, a]) => `${n} → ${a.join(", ") || "nothing"}`)
              .join("; ") || "—"}
          </dd>
          <dt className="text-slate-500">Certificate domain</dt>
          <dd className="font-mono">{e.dns.matchedDomain ?? "—"}</dd>
          <dt className="text-slate-500">Result</dt>
          <dd>{e.dns.reason ?? "Not checked yet."}</dd>
          <dt className="text-slate-500">Checked</dt>
          <dd>{e.dns.checkedAt ? <Time value={e.dns.checkedAt} relativeTo={now} /> : "never"}</dd>
        </dl>
      ) : (
        <p className="mt-2 text-xs text-slate-500">{e.dns.reason}</p>
      )}
    </li>
  );
}
