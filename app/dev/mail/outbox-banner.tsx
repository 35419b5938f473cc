import { Badge, type BadgeTone } from "@/components/ui/badge";

/** The page exists only where mail is not sent (lib/mail/service.ts devOutboxOpen): it says so. */
export function OutboxBanner() {
  return (
    <div
      role="status"
      data-testid="outbox-banner"
      className="mb-6 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900"
    >
      <strong>Development outbox</strong> — mail is not being sent (AXYS_SMTP_URL is not set). Every email the portal
      queues is shown here instead. This page does not exist in production, nor where mail is sent.
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
