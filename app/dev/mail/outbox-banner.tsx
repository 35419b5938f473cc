import { smtpSettings } from "@/lib/mail/config";
import { Badge, type BadgeTone } from "@/components/ui/badge";

/** Says plainly whether the mail in this outbox leaves the machine. */
export function OutboxBanner() {
  let sending: string | null = null;
  let problem = false;
  try {
    sending = smtpSettings()?.display ?? null;
  } catch {
    problem = true;
  }
  return (
    <div
      role="status"
      data-testid="outbox-banner"
      className={`mb-6 rounded-lg border p-4 text-sm ${sending ? "border-brand-100 bg-brand-50 text-brand-700" : "border-amber-200 bg-amber-50 text-amber-900"}`}
    >
      {sending ? (
        <>
          <strong>Development outbox</strong> — mail is being sent through {sending}; bodies are erased once sent.
        </>
      ) : problem ? (
        <>
          <strong>Development outbox</strong> — mail is not being sent: AXYS_SMTP_URL is set but not valid (see the
          worker&apos;s log).
        </>
      ) : (
        <>
          <strong>Development outbox</strong> — mail is not being sent (AXYS_SMTP_URL is not set). Every email the
          portal queues is shown here instead. This page does not exist in production.
        </>
      )}
    </div>
  );
}

const STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  pending: { tone: "amber", label: "Pending" },
  sent: { tone: "green", label: "Sent" },
  failed: { tone: "red", label: "Failed" },
};

export function MailStatus({ status }: { status: string }) {
  return (
    <Badge tone={STATUS[status]?.tone ?? "neutral"} data-status={status}>
      {STATUS[status]?.label ?? status}
    </Badge>
  );
}

export const kindLabel = (kind: string) => kind.replaceAll("_", " ");
