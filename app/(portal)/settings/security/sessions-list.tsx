"use client";
import { Monitor, Smartphone } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { Time } from "@/components/ui/time";
import { revokeOtherSessionsAction, revokeSessionAction } from "@/lib/account/actions";
import type { SessionDto } from "@/lib/account/sessions";

/** `now` is the server's time of the render, so relative times hydrate unchanged. */
export function SessionsList({ sessions, now }: { sessions: SessionDto[]; now: Date }) {
  const others = sessions.filter((s) => !s.current);
  return (
    <div>
      <ul className="divide-y divide-slate-100">
        {sessions.map((s) => (
          <li
            key={s.id}
            data-testid="session"
            data-current={s.current ? "true" : undefined}
            className="flex flex-wrap items-start justify-between gap-3 py-3 text-sm"
          >
            <div className="flex min-w-0 gap-3">
              {s.mobile ? (
                <Smartphone className="mt-0.5 h-5 w-5 shrink-0 text-slate-400" aria-hidden />
              ) : (
                <Monitor className="mt-0.5 h-5 w-5 shrink-0 text-slate-400" aria-hidden />
              )}
              <div className="min-w-0">
                <p className="font-medium text-slate-800">
                  {s.browser} on {s.os} {s.current ? <Badge tone="green">This session</Badge> : null}
                </p>
                <p className="text-xs break-words text-slate-500">
                  {s.ip ?? "unknown IP"} · signed in <Time value={s.createdAt} /> · last seen{" "}
                  <Time value={s.lastSeenAt} relativeTo={now} />
                </p>
              </div>
            </div>
            {s.current ? null : (
              <ConfirmedAction
                label="Sign out"
                look="small"
                ariaLabel={`Sign out ${s.browser} on ${s.os} (${s.ip ?? "unknown IP"})`}
                title="Sign out this session?"
                confirmLabel="Sign out session"
                description={`${s.browser} on ${s.os} (${s.ip ?? "unknown IP"}) is signed out at once; its next click goes to the sign-in page.`}
                run={() => revokeSessionAction(s.id)}
                success="Session signed out"
              />
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <ConfirmedAction
            label="Sign out all other sessions"
            title="Sign out all other sessions?"
            confirmLabel="Sign out others"
            description={`${others.length} other session${others.length > 1 ? "s are" : " is"} signed out at once. This browser stays signed in.`}
            run={() => revokeOtherSessionsAction()}
            success={(d) => `${d.revoked} session${d.revoked === 1 ? "" : "s"} signed out`}
          />
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-500">You are signed in nowhere else.</p>
      )}
    </div>
  );
}
