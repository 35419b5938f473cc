import "server-only";
import { deviceKeyOf } from "@/lib/account/device";
import { newSignInMail } from "@/lib/account/mails";
import { wantsMail } from "@/lib/account/preferences";
import { describeUserAgent } from "@/lib/account/user-agent";
import { db } from "@/lib/db";
import { queueMail } from "@/lib/mail/outbox";

/**
 * Called by startSession once its session row exists: stores the session's device key, and when the
 * user has signed in before but never from this device (user agent + network), queues a "new sign-in"
 * email (unless the user muted that kind). A user's very first sign-in is not news. The dedupe key
 * makes it one email per user and device even when two sign-ins race.
 */
export async function noteSignInDevice(
  sessionId: string,
  userId: string,
  request: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<{ newDevice: boolean }> {
  const deviceKey = deviceKeyOf(request);
  return db.$transaction(async (tx) => {
    const [seen, earlier, user] = await Promise.all([
      tx.session.findFirst({ where: { userId, deviceKey, id: { not: sessionId } }, select: { id: true } }),
      tx.session.findFirst({ where: { userId, id: { not: sessionId } }, select: { id: true } }),
      tx.user.findUnique({ where: { id: userId }, select: { email: true, tenantId: true, mutedMailKinds: true } }),
    ]);
    await tx.session.update({ where: { id: sessionId }, data: { deviceKey } });
    const newDevice = !seen && !!earlier;
    if (newDevice && user && wantsMail(user, "new_sign_in")) {
      const ua = describeUserAgent(request.userAgent);
      await queueMail(tx, {
        ...newSignInMail(now, `${ua.browser} on ${ua.os}`, request.ip),
        to: user.email,
        userId,
        tenantId: user.tenantId,
        dedupeKey: `new_sign_in:${userId}:${deviceKey}`,
        now,
      });
    }
    return { newDevice };
  });
}
