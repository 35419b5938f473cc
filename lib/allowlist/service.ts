import "server-only";
import { bigIntToIp, contains, nonPublicReason, parseCidr, toHex } from "@/lib/allowlist/cidr";
import { isAllowedLoopback } from "@/lib/allowlist/loopback";
import { checkFcrdns, type DnsStatus } from "@/lib/allowlist/fcrdns";
import {
  addAllowlistEntrySchema,
  listAllowlistSchema,
  MAX_ENTRIES_PER_SCOPE,
  updateAllowlistDescriptionSchema,
  type AddAllowlistEntryInput,
} from "@/lib/allowlist/schemas";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { certificateDomainsOf } from "@/lib/certificates/queries";
import { containsInsensitive, db, includesFolded, likeLiteral, SEARCH_SCAN_LIMIT } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { AppError, notFound } from "@/lib/errors";
import { requireProgram } from "@/lib/programs/queries";
import { parseInput } from "@/lib/validation";

export interface AllowlistEntryDto {
  id: string;
  environment: Environment;
  programId: string | null;
  cidr: string;
  single: boolean;
  description: string;
  createdByLabel: string;
  createdAt: Date;
  dns: {
    status: DnsStatus;
    ptrNames: string[];
    forward: Record<string, string[]>;
    matchedDomain: string | null;
    reason: string | null;
    checkedAt: Date | null;
  };
}

type Row = Awaited<ReturnType<typeof db.allowlistEntry.findFirstOrThrow>>;

function toDto(r: Row): AllowlistEntryDto {
  return {
    id: r.id,
    environment: r.environment as Environment,
    programId: r.programId,
    cidr: r.cidr,
    single: r.rangeStart === r.rangeEnd,
    description: r.description,
    createdByLabel: r.createdByLabel,
    createdAt: r.createdAt,
    dns: {
      status: r.dnsStatus as DnsStatus,
      ptrNames: r.dnsPtrNames ? JSON.parse(r.dnsPtrNames) : [],
      forward: r.dnsForward ? JSON.parse(r.dnsForward) : {},
      matchedDomain: r.dnsMatchedDomain,
      reason: r.dnsReason,
      checkedAt: r.dnsCheckedAt,
    },
  };
}

/** Display form: a single address without its /32 or /128. */
export const displayCidr = (cidr: string) => cidr.replace(/\/(32|128)$/, "");

/** The FCrDNS result of a single-address entry as the columns to store (null for a range: checked live by the gateway). */
async function checkEntry(row: Row, now: Date) {
  if (row.rangeStart === row.rangeEnd) {
    const ip = row.cidr.split("/")[0];
    const result = await checkFcrdns(
      ip,
      await certificateDomainsOf(row.tenantId, row.programId, row.environment, now),
      undefined,
      now,
    );
    return {
      dnsStatus: result.status,
      dnsPtrNames: JSON.stringify(result.ptrNames),
      dnsForward: JSON.stringify(result.forward),
      dnsMatchedDomain: result.matchedDomain,
      dnsReason: result.reason,
      dnsCheckedAt: result.checkedAt,
    };
  }
  return null;
}

async function runCheck(row: Row, now = new Date()): Promise<Row> {
  const data = await checkEntry(row, now);
  return data ? db.allowlistEntry.update({ where: { id: row.id }, data }) : row;
}

const dnsResultOf = (r: Pick<Row, "dnsStatus" | "dnsReason" | "dnsMatchedDomain" | "dnsCheckedAt">) => ({
  status: r.dnsStatus,
  reason: r.dnsReason,
  matchedDomain: r.dnsMatchedDomain,
  checkedAt: r.dnsCheckedAt,
});

export async function listAllowlist(
  ctx: Ctx,
  input: { environment: string; programId: string | null },
): Promise<AllowlistEntryDto[]> {
  assertCan(ctx, "allowlist:read");
  const tenantId = tenantOf(ctx);
  const { environment, programId } = listAllowlistSchema.parse(input);
  if (programId) await requireProgram(db, ctx, programId);
  const rows = await db.allowlistEntry.findMany({
    where: { tenantId, environment, programId },
    orderBy: [{ ipVersion: "asc" }, { rangeStart: "asc" }],
  });
  return rows.map(toDto);
}

/**
 * Allowlist entries of the Tenant, in either environment, whose address or description contains `q` (the command
 * palette), newest first. Text the database cannot match literally is matched in JS over the latest rows.
 */
export async function searchAllowlistEntries(ctx: Ctx, q: string, limit: number): Promise<AllowlistEntryDto[]> {
  assertCan(ctx, "allowlist:read");
  const literal = likeLiteral(q);
  const rows = await db.allowlistEntry.findMany({
    where: {
      tenantId: tenantOf(ctx),
      ...(literal
        ? { OR: [{ cidr: containsInsensitive(literal) }, { description: containsInsensitive(literal) }] }
        : {}),
    },
    orderBy: { createdAt: "desc" },
    take: literal ? limit : SEARCH_SCAN_LIMIT,
  });
  return rows
    .filter((r) => includesFolded(r.cidr, q) || includesFolded(r.description, q))
    .slice(0, limit)
    .map(toDto);
}

/**
 * Adds an address or range to a scope's allowlist in one environment, then runs the FCrDNS check for
 * single addresses. Production refuses private, loopback and link-local space; staging allows it for
 * local testing. Duplicates and overlaps with existing entries are refused, naming the entry.
 */
export async function addAllowlistEntry(
  ctx: Ctx,
  input: AddAllowlistEntryInput,
  now = new Date(),
): Promise<AllowlistEntryDto> {
  assertCan(ctx, "allowlist:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(addAllowlistEntrySchema, input);
  if (data.programId) await requireProgram(db, ctx, data.programId);
  const parsed = parseCidr(data.cidr);
  if (!parsed.ok) throw new AppError("VALIDATION", parsed.message, "cidr", { cidr: parsed.message });
  const c = parsed.value;
  const special = nonPublicReason(c);
  // a single loopback address only with the local-testing setting (lib/allowlist/loopback.ts)
  if (
    special &&
    data.environment === "production" &&
    !(c.single && isAllowedLoopback(bigIntToIp(c.start, c.version)))
  ) {
    const message = `${data.cidr} is ${special}: production allowlists take public addresses only (staging accepts it for local testing).`;
    throw new AppError("VALIDATION", message, "cidr", { cidr: message });
  }
  const [start, end] = [toHex(c.start, c.version), toHex(c.end, c.version)];
  const row = await db.$transaction(async (tx) => {
    const scope = { tenantId, environment: data.environment, programId: data.programId };
    if ((await tx.allowlistEntry.count({ where: scope })) >= MAX_ENTRIES_PER_SCOPE) {
      throw new AppError(
        "CONFLICT",
        `This allowlist already has ${MAX_ENTRIES_PER_SCOPE} entries, the limit. Remove unused ones or use a range.`,
        "cidr",
      );
    }
    const clash = await tx.allowlistEntry.findFirst({
      where: { ...scope, ipVersion: c.version, rangeStart: { lte: end }, rangeEnd: { gte: start } },
    });
    if (clash) {
      const what =
        clash.cidr === c.cidr
          ? "is already on this allowlist"
          : `overlaps the existing entry ${displayCidr(clash.cidr)}`;
      const message = `${displayCidr(c.cidr)} ${what} ("${clash.description}").`;
      throw new AppError("CONFLICT", message, "cidr", { cidr: message });
    }
    const created = await tx.allowlistEntry.create({
      data: {
        ...scope,
        cidr: c.cidr,
        ipVersion: c.version,
        rangeStart: start,
        rangeEnd: end,
        description: data.description,
        createdById: ctx.userId,
        createdByLabel: ctx.actorLabel,
        dnsStatus: c.single ? "pending" : "not_applicable",
        dnsReason: c.single
          ? null
          : "A range: the gateway checks FCrDNS live for each calling address in it (results cached for 5 minutes).",
      },
    });
    await recordAudit(tx, ctx, {
      action: "allowlist.added",
      targetType: "allowlist_entry",
      targetId: created.id,
      after: {
        cidr: created.cidr,
        environment: created.environment,
        scope: created.programId ?? "tenant",
        description: created.description,
      },
    });
    return created;
  });
  return toDto(await runCheck(row, now));
}

export async function updateAllowlistDescription(
  ctx: Ctx,
  input: { id: string; description: string },
): Promise<AllowlistEntryDto> {
  assertCan(ctx, "allowlist:write");
  const tenantId = tenantOf(ctx);
  const data = parseInput(updateAllowlistDescriptionSchema, input);
  return db.$transaction(async (tx) => {
    const row = await tx.allowlistEntry.findFirst({ where: { id: data.id, tenantId } });
    if (!row) throw notFound("Allowlist entry");
    await tx.allowlistEntry.updateMany({ where: { id: row.id, tenantId }, data: { description: data.description } });
    await recordAudit(tx, ctx, {
      action: "allowlist.updated",
      targetType: "allowlist_entry",
      targetId: row.id,
      before: { description: row.description },
      after: { description: data.description },
    });
    return toDto({ ...row, description: data.description });
  });
}

export async function removeAllowlistEntry(ctx: Ctx, input: { id: string }): Promise<{ id: string }> {
  assertCan(ctx, "allowlist:write");
  const tenantId = tenantOf(ctx);
  return db.$transaction(async (tx) => {
    const row = await tx.allowlistEntry.findFirst({ where: { id: String(input.id ?? ""), tenantId } });
    if (!row) throw notFound("Allowlist entry");
    await tx.allowlistEntry.deleteMany({ where: { id: row.id, tenantId } });
    await recordAudit(tx, ctx, {
      action: "allowlist.removed",
      targetType: "allowlist_entry",
      targetId: row.id,
      before: {
        cidr: row.cidr,
        environment: row.environment,
        scope: row.programId ?? "tenant",
        description: row.description,
      },
    });
    return { id: row.id };
  });
}

/**
 * Runs the FCrDNS check again now (e.g. after fixing a PTR record or issuing a certificate), audited
 * with the result before and after. The DNS lookups run before the transaction, not inside it.
 */
export async function recheckAllowlistEntry(
  ctx: Ctx,
  input: { id: string },
  now = new Date(),
): Promise<AllowlistEntryDto> {
  assertCan(ctx, "allowlist:write");
  const tenantId = tenantOf(ctx);
  const row = await db.allowlistEntry.findFirst({ where: { id: String(input.id ?? ""), tenantId } });
  if (!row) throw notFound("Allowlist entry");
  const data = await checkEntry(row, now);
  return db.$transaction(async (tx) => {
    if (data && (await tx.allowlistEntry.updateMany({ where: { id: row.id, tenantId }, data })).count === 0)
      throw notFound("Allowlist entry");
    const updated = { ...row, ...data };
    await recordAudit(tx, ctx, {
      action: "allowlist.rechecked",
      targetType: "allowlist_entry",
      targetId: row.id,
      before: { cidr: row.cidr, ...dnsResultOf(row) },
      after: { cidr: row.cidr, ...dnsResultOf(updated) },
    });
    return toDto(updated);
  });
}

/** Periodic re-check of single addresses whose result is older than `maxAgeMs` (all tenants; for the scheduler). */
export async function unsafeRecheckStaleEntries(maxAgeMs: number, now = new Date(), limit = 200): Promise<number> {
  const rows = await db.allowlistEntry.findMany({
    where: {
      dnsStatus: { in: ["pending", "pass", "fail"] },
      OR: [{ dnsCheckedAt: null }, { dnsCheckedAt: { lt: new Date(now.getTime() - maxAgeMs) } }],
    },
    take: limit,
    orderBy: { dnsCheckedAt: "asc" },
  });
  for (const r of rows) await runCheck(r, now);
  return rows.length;
}

export { contains };
