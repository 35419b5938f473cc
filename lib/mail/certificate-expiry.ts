import "server-only";
import { wantsMail } from "@/lib/account/preferences";
import type { Tx } from "@/lib/db";
import { portalOrigin } from "@/lib/auth/redirect";
import { queueMail } from "@/lib/mail/outbox";

export interface ExpiringCertificate {
  id: string;
  tenantId: string;
  programId: string | null;
  environment: string;
  serialHex: string;
  notAfter: Date;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * Queues the certificate expiry reminder by email to each of the Tenant's admins (active tenant_admin users who
 * did not mute "certificate_expiry"), inside the transaction that emits the reminder's webhook event: the event and
 * its emails commit together, and each (certificate, threshold, admin) is mailed exactly once (dedupe key).
 * Returns how many emails it queued.
 */
export async function queueCertificateExpiryMail(
  tx: Tx,
  c: ExpiringCertificate,
  thresholdDays: number,
  daysLeft: number,
  hasSuccessor: boolean,
  now: Date,
): Promise<number> {
  const admins = await tx.user.findMany({
    where: { tenantId: c.tenantId, role: "tenant_admin", disabledAt: null },
    select: { id: true, email: true, name: true, mutedMailKinds: true },
    orderBy: { createdAt: "asc" },
  });
  const recipients = admins.filter((a) => wantsMail(a, "certificate_expiry"));
  if (recipients.length === 0) return 0;
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: c.tenantId }, select: { name: true } });
  const program = c.programId
    ? await tx.program.findFirst({ where: { id: c.programId, tenantId: c.tenantId }, select: { name: true } })
    : null;
  const scope = program ? `the program ${program.name}` : "the Tenant";
  const link = `${portalOrigin()}/certificates/${c.programId ?? "tenant"}`;
  const day = c.notAfter.toISOString().slice(0, 10);
  const when = daysLeft === 0 ? "today" : daysLeft === 1 ? "in 1 day" : `in ${daysLeft} days`;
  const subject = `A ${c.environment} certificate of ${tenant.name} expires ${when}`;
  const next = hasSuccessor
    ? "A newer certificate already exists: make sure your servers use it before the old one expires."
    : "Submit a new CSR to renew it, then deploy the new certificate before the old one expires.";
  const lines = [
    `The ${c.environment} client certificate of ${scope} (${tenant.name}) expires on ${day} (UTC), ${when}.`,
    `Serial: ${c.serialHex}`,
    "Requests that use it will fail at the TLS handshake once it has expired.",
    next,
  ];
  const text = `${lines.join("\n\n")}\n\nCertificates: ${link}\n\nYou receive this as an administrator of ${tenant.name}. You can turn these reminders off in your notification preferences.\n`;
  const html = `<p>${lines.map(escapeHtml).join("</p><p>")}</p><p><a href="${escapeHtml(link)}">Open the certificates</a></p><p style="color:#64748b">You receive this as an administrator of ${escapeHtml(tenant.name)}. You can turn these reminders off in your notification preferences.</p>`;
  let queued = 0;
  for (const a of recipients) {
    const id = await queueMail(tx, {
      to: a.email.toLowerCase(),
      kind: "certificate_expiry",
      subject,
      text,
      html,
      tenantId: c.tenantId,
      userId: a.id,
      dedupeKey: `cert-expiry:${c.id}:${thresholdDays}:${a.id}`,
      now,
    });
    if (id) queued++;
  }
  return queued;
}
