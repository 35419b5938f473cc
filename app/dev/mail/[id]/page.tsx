import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { isAppError } from "@/lib/errors";
import { devOutboxOpen, unsafeViewDevOutboxMessage } from "@/lib/mail/service";
import { kindLabel, MailStatus, OutboxBanner } from "../outbox-banner";

export const metadata: Metadata = { title: "Development outbox", robots: { index: false, follow: false } };

/** The text body with its web addresses as links (React escapes the rest; only http(s) addresses become links). */
function TextBody({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre data-testid="mail-text" className="whitespace-pre-wrap break-words px-5 py-4 font-sans text-sm text-slate-800">
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <a key={i} href={p} className="text-brand-700 underline">
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}

/** One queued email: its envelope, its text, and its HTML in a sandboxed frame (no script, no same origin). */
export default async function DevMailMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (!devOutboxOpen()) notFound();
  const { id } = await params;
  const m = await unsafeViewDevOutboxMessage(id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const facts: [string, React.ReactNode][] = [
    [
      "To",
      <span key="to" className="break-all">
        {m.to}
      </span>,
    ],
    ["Kind", kindLabel(m.kind)],
    ["Status", <MailStatus key="s" status={m.status} />],
    ["Queued", <Time key="q" value={m.createdAt} format="seconds" />],
    ["Attempts", String(m.attemptCount)],
    ...(m.sentAt
      ? ([["Sent", <Time key="t" value={m.sentAt} format="seconds" />]] as [string, React.ReactNode][])
      : []),
    ...(m.lastError ? ([["Last error", m.lastError]] as [string, React.ReactNode][]) : []),
  ];
  return (
    <main className="mx-auto w-full max-w-4xl px-4 py-8">
      <p className="mb-2 text-sm">
        <Link href="/dev/mail" className="font-medium text-brand-700 hover:underline">
          ← Outbox
        </Link>
      </p>
      <h1 className="mb-4 break-words text-2xl font-semibold tracking-tight text-slate-900">{m.subject}</h1>
      <OutboxBanner />
      <Card className="mb-6">
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 px-5 py-4 text-sm">
          {facts.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-medium text-slate-500">{k}</dt>
              <dd className="min-w-0 text-slate-800">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card className="mb-6">
        <CardHeader title="Text" />
        {m.text !== null ? (
          <TextBody text={m.text} />
        ) : (
          <p className="px-5 py-4 text-sm text-slate-500">The body was erased once the message was {m.status}.</p>
        )}
      </Card>
      {m.html !== null ? (
        <Card>
          <CardHeader title="HTML" description="Shown in a sandboxed frame: no scripts, no access to this page." />
          <iframe
            title="HTML version of the email"
            sandbox=""
            srcDoc={m.html}
            referrerPolicy="no-referrer"
            className="h-96 w-full rounded-b-lg border-0 bg-white"
          />
        </Card>
      ) : null}
    </main>
  );
}
