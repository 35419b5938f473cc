import "server-only";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan, can } from "@/lib/auth/permissions";
import { daysLeft, isValidAt } from "@/lib/certificates/status";
import { db } from "@/lib/db";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import { listProgramRefs } from "@/lib/programs/queries";

export type RegisterState = "expired" | "expiring" | "ok" | "missing";

export interface RegisterRow {
  environment: Environment;
  scope: "tenant" | "program";
  programId: string | null;
  scopeName: string;
  /** the credential set (API user) of the row; null for a scope without an enabled API user */
  apiUserId: string | null;
  apiUserName: string | null;
  certificateId: string | null;
  issuedAt: Date | null;
  expiresAt: Date | null;
  daysLeft: number | null;
  state: RegisterState;
  /** the latest expiry reminder sent for the current certificate (30, 15 or 5 days) */
  lastReminder: { thresholdDays: number; at: Date } | null;
  /**
   * creation time of the API user's newest key in this environment (keys are created on issue and rotation);
   * null also for a reader without apiusers:read (API keys are the API users feature's)
   */
  apiKeyLastRotatedAt: Date | null;
}

const RANK: Record<RegisterState, number> = { expired: 0, expiring: 1, ok: 1, missing: 2 };

/**
 * One row per environment x credential set: each enabled API user of each scope (the Tenant, each Program),
 * and one row for a scope without any, with the current certificate of that API user (the gateway accepts
 * a certificate only with its own API user's key). Sorted by urgency: lapsed first, then fewest days
 * left, then credential sets never issued.
 */
export async function getCredentialRegister(ctx: Ctx, now = new Date()): Promise<RegisterRow[]> {
  assertCan(ctx, "certificates:read");
  const tenantId = tenantOf(ctx);
  const [programs, users, certs, keys, reminders] = await Promise.all([
    listProgramRefs(db, ctx),
    db.apiUser.findMany({
      where: { tenantId, disabledAt: null },
      select: { id: true, name: true, programId: true },
      orderBy: { name: "asc" },
    }),
    db.certificate.findMany({
      where: { tenantId },
      select: {
        id: true,
        environment: true,
        programId: true,
        apiUserId: true,
        notBefore: true,
        notAfter: true,
        revokedAt: true,
        createdAt: true,
      },
      orderBy: { createdAt: "desc" },
    }),
    // a key is created on issue and on every rotation: the newest one's time is the last rotation
    can(ctx.role, "apiusers:read")
      ? db.apiKey.findMany({
          where: { tenantId },
          select: { environment: true, createdAt: true, apiUserId: true },
          orderBy: { createdAt: "desc" },
        })
      : [],
    db.webhookEvent.findMany({
      where: { tenantId, type: { in: ["certificate.expiring", "certificate.expired"] } },
      select: { dedupeKey: true, createdAt: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  const scopes = [
    { programId: null as string | null, name: "Tenant (Account Management)" },
    ...programs.map((p) => ({ programId: p.id, name: p.name })),
  ];
  const rows: RegisterRow[] = [];
  for (const environment of ENVIRONMENTS) {
    for (const s of scopes) {
      const sets = users.filter((u) => u.programId === s.programId);
      for (const u of sets.length ? sets : [{ id: null, name: null }]) {
        const mine = certs.filter(
          (c) => c.environment === environment && c.programId === s.programId && c.apiUserId === u.id,
        );
        const current = mine.find((c) => isValidAt(c, now)) ?? null;
        const lapsed = !current && mine.some((c) => !c.revokedAt);
        const days = current ? daysLeft(current.notAfter, now) : null;
        rows.push({
          environment,
          scope: s.programId ? "program" : "tenant",
          programId: s.programId,
          scopeName: s.name,
          apiUserId: u.id,
          apiUserName: u.name,
          certificateId: current?.id ?? null,
          issuedAt: current?.notBefore ?? null,
          expiresAt: current?.notAfter ?? null,
          daysLeft: days,
          state: current ? (days! <= 30 ? "expiring" : "ok") : lapsed ? "expired" : "missing",
          lastReminder: (() => {
            const r = current && reminders.find((x) => x.dedupeKey?.startsWith(`certificate.expiring:${current.id}:`));
            return r ? { thresholdDays: Number(r.dedupeKey!.split(":")[2]), at: r.createdAt } : null;
          })(),
          apiKeyLastRotatedAt:
            (u.id && keys.find((k) => k.environment === environment && k.apiUserId === u.id)?.createdAt) || null,
        });
      }
    }
  }
  return rows.sort(
    (a, b) =>
      RANK[a.state] - RANK[b.state] ||
      (a.daysLeft ?? 1e9) - (b.daysLeft ?? 1e9) ||
      a.scopeName.localeCompare(b.scopeName) ||
      (a.apiUserName ?? "").localeCompare(b.apiUserName ?? "") ||
      a.environment.localeCompare(b.environment),
  );
}
