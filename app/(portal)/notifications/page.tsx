import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { listNotifications } from "@/lib/notifications/service";
import { MarkReadButton } from "./mark-read-button";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const ctx = await requireCtx();
  const now = new Date();
  const items = await orNotFound(listNotifications(ctx));
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Certificate expiry reminders and webhook warnings for your tenant. Marking them read changes only your own view."
        actions={items.some((n) => !n.readAt) ? <MarkReadButton /> : null}
      />
      <Card>
        {items.length === 0 ? (
          <EmptyState title="Nothing to report">
            Reminders appear here 30, 15 and 5 days before a certificate expires.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Notifications">
            {items.map((n) => (
              <li key={n.id} className="flex gap-3 px-5 py-3" data-testid="notification" data-kind={n.kind}>
                <span
                  className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.readAt ? "bg-transparent" : "bg-brand-500"}`}
                  aria-label={n.readAt ? undefined : "Unread"}
                />
                <div className="min-w-0">
                  <p className="text-sm font-medium text-slate-800">
                    {n.link ? (
                      <Link className="hover:underline" href={n.link}>
                        {n.title}
                      </Link>
                    ) : (
                      n.title
                    )}
                  </p>
                  <p className="text-sm text-slate-600">{n.body}</p>
                  <p className="text-xs text-slate-500">
                    <Time value={n.createdAt} relativeTo={now} />
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
