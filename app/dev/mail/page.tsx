import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { isAppError } from "@/lib/errors";
import { devOutboxOpen, unsafeListDevOutbox, type OutboxEntry } from "@/lib/mail/service";
import { kindLabel, MailStatus, OutboxBanner } from "./outbox-banner";

export const metadata: Metadata = { title: "Development outbox", robots: { index: false, follow: false } };

/** Public outside production: every email the portal queued, newest first (docs/email.md). 404 in production. */
export default async function DevMailPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  if (!devOutboxOpen()) notFound();
  const raw = (await searchParams).to;
  const to = typeof raw === "string" ? raw.trim() : "";
  let items: OutboxEntry[] = [];
  let problem: string | null = null;
  try {
    items = await unsafeListDevOutbox({ to: to || undefined });
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    problem = e.message;
  }
  return (
    <main className="mx-auto w-full max-w-4xl px-4 py-8">
      <PageHeader title="Development outbox" description="Every email the portal queued, newest first." />
      <OutboxBanner />
      <form method="get" action="/dev/mail" className="mb-4 flex flex-wrap items-end gap-2">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor="to" className="text-sm font-medium text-slate-700">
            Recipient
          </label>
          <input
            id="to"
            name="to"
            type="email"
            defaultValue={to}
            placeholder="admin@acme.test"
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Filter
        </button>
        {to ? (
          <Link href="/dev/mail" className="px-2 py-2 text-sm font-medium text-brand-700 hover:underline">
            Show all
          </Link>
        ) : null}
      </form>
      {problem ? (
        <p role="alert" className="mb-4 text-sm text-red-700">
          {problem}
        </p>
      ) : null}
      <Card>
        {items.length === 0 ? (
          <EmptyState title={to ? `No mail to ${to}` : "No mail yet"}>
            Invitations, password resets, sign-in alerts and certificate reminders appear here when they are queued.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Outbox">
            {items.map((m) => (
              <li key={m.id} data-testid="mail" data-kind={m.kind} className="px-5 py-3">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Link
                    href={`/dev/mail/${m.id}`}
                    className="min-w-0 break-words font-medium text-brand-700 hover:underline"
                  >
                    {m.subject}
                  </Link>
                  <MailStatus status={m.status} />
                </div>
                <p className="mt-1 break-all text-sm text-slate-600">To {m.to}</p>
                <p className="text-xs text-slate-500">
                  {kindLabel(m.kind)} · <Time value={m.createdAt} format="seconds" />
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </main>
  );
}
