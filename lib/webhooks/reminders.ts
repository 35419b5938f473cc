import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";
import { emitEvent } from "@/lib/webhooks/events";
import { queueCertificateExpiryMail } from "@/lib/mail/certificate-expiry";
import { metrics } from "@/lib/metrics/registry";

export const REMINDER_DAYS = [30, 15, 5] as const;
const DAY = 86_400_000;

/**
 * Emits certificate.expiring at 30, 15 and 5 days before notAfter and certificate.expired at expiry,
 * for every unrevoked certificate: each exactly once per certificate and threshold, whatever the
 * number of workers or restarts (a unique dedupe key in the database decides), catching up on what
 * was missed while nothing ran. Also writes the in-portal notification and, at 30, 15 and 5 days, queues an email
 * to each of the Tenant's admins (lib/mail/certificate-expiry.ts; one email for the most urgent threshold when a
 * late pass emits several at once), all in the event's transaction. Returns how
 * many it emitted.
 */
export async function scheduleExpiryReminders(now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + REMINDER_DAYS[0] * DAY);
  const certs = await db.certificate.findMany({
    where: { revokedAt: null, notAfter: { lte: horizon }, notBefore: { lte: now } },
    select: {
      id: true,
      tenantId: true,
      programId: true,
      apiUserId: true,
      environment: true,
      serialHex: true,
      notAfter: true,
      createdAt: true,
      dnsNames: true,
    },
  });
  if (certs.length === 0) return 0;
  const wanted = certs.flatMap((c) => {
    const left = c.notAfter.getTime() - now.getTime();
    if (left <= 0) return [{ c, key: `certificate.expired:${c.id}`, threshold: 0 }];
    return REMINDER_DAYS.filter((d) => left <= d * DAY).map((d) => ({
      c,
      key: `certificate.expiring:${c.id}:${d}`,
      threshold: d,
    }));
  });
  const done = new Set(
    (
      await db.webhookEvent.findMany({
        where: { dedupeKey: { in: wanted.map((w) => w.key) } },
        select: { dedupeKey: true },
      })
    ).map((e) => e.dedupeKey),
  );
  let emitted = 0;
  for (const w of wanted.filter((x) => !done.has(x.key))) {
    const { c, threshold } = w;
    const successor = await db.certificate.findFirst({
      where: {
        tenantId: c.tenantId,
        programId: c.programId,
        apiUserId: c.apiUserId,
        environment: c.environment,
        revokedAt: null,
        notAfter: { gt: c.notAfter },
        createdAt: { gt: c.createdAt },
      },
      select: { id: true, serialHex: true, notAfter: true },
    });
    const daysLeft = Math.max(0, Math.floor((c.notAfter.getTime() - now.getTime()) / DAY));
    const expired = threshold === 0;
    const data = {
      certificate: {
        id: c.id,
        serial: c.serialHex,
        environment: c.environment,
        programId: c.programId,
        scope: c.programId ? "program" : "tenant",
        dnsNames: JSON.parse(c.dnsNames),
        notAfter: c.notAfter.toISOString(),
      },
      ...(expired ? {} : { thresholdDays: threshold, daysLeft, late: daysLeft < threshold - 1 }),
      replacedBy: successor
        ? { id: successor.id, serial: successor.serialHex, notAfter: successor.notAfter.toISOString() }
        : null,
    };
    try {
      await db.$transaction(async (tx) => {
        const id = await emitEvent(tx, {
          tenantId: c.tenantId,
          programId: c.programId,
          type: expired ? "certificate.expired" : "certificate.expiring",
          data,
          dedupeKey: w.key,
          now,
        });
        if (!id) return;
        const scope = c.programId ?? "tenant";
        await tx.notification.create({
          data: {
            tenantId: c.tenantId,
            kind: expired ? "certificate.expired" : "certificate.expiring",
            dedupeKey: w.key,
            link: `/certificates/${scope}`,
            title: expired
              ? `A ${c.environment} certificate expired`
              : `A ${c.environment} certificate expires in ${daysLeft} days`,
            body: `${scope === "tenant" ? "Tenant-level" : `Program ${scope}`} certificate ${c.serialHex.slice(0, 16)}… ${expired ? "has expired: requests using it fail at the TLS handshake." : `expires on ${c.notAfter.toISOString().slice(0, 10)}.`}${successor ? " A newer certificate already exists." : " Submit a new CSR to renew it."}`,
          },
        });
        // caught up late (nothing ran at 30 days), several thresholds are due at once: one email, the most urgent
        const mostUrgent = Math.min(...REMINDER_DAYS.filter((d) => c.notAfter.getTime() - now.getTime() <= d * DAY));
        if (!expired && threshold === mostUrgent)
          await queueCertificateExpiryMail(tx, c, threshold, daysLeft, successor !== null, now);
        emitted++;
        metrics.reminderLag.observe(Math.max(0, now.getTime() - (c.notAfter.getTime() - threshold * DAY)) / 1000);
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // another worker emitted this reminder first
    }
  }
  return emitted;
}
