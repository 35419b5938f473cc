import "server-only";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { DEFAULT_LEGAL_DOCUMENTS } from "@/lib/legal/defaults";
import { renderMarkdown } from "@/lib/legal/markdown";
import {
  LEGAL_KIND_LABELS,
  LEGAL_KINDS,
  legalKindSchema,
  publishLegalDocumentSchema,
  type LegalKind,
  type PublishLegalDocumentInput,
} from "@/lib/legal/schemas";
import { parseInput } from "@/lib/validation";

/**
 * Legal documents (terms of use, SLA, DPA, regulatory attestations) are platform-wide: no tenant id.
 * Versions are never edited; a change is a new version with its own effective date. The version in
 * force ("current") is the newest one whose effective date has passed; newer ones are "upcoming";
 * older ones "superseded".
 */
export type LegalStatus = "current" | "upcoming" | "superseded";

export interface LegalVersionDto {
  id: string;
  kind: LegalKind;
  version: number;
  title: string;
  changeSummary: string;
  effectiveAt: Date;
  publishedBy: string;
  publishedAt: Date;
  status: LegalStatus;
}

export interface LegalDocumentDto extends LegalVersionDto {
  /** Markdown as published */
  body: string;
  /** Rendered, safe HTML (lib/legal/markdown.ts) */
  html: string;
}

export interface LegalSummaryDto {
  kind: LegalKind;
  label: string;
  /** The version in force; null if none is published or none is effective yet */
  current: LegalVersionDto | null;
  /** The next scheduled version (the earliest not yet effective), if any */
  upcoming: LegalVersionDto | null;
  /** How many versions are scheduled in all */
  upcomingCount: number;
}

const versionSelect = {
  id: true,
  kind: true,
  version: true,
  title: true,
  changeSummary: true,
  effectiveAt: true,
  publishedBy: true,
  publishedAt: true,
} as const;

type VersionRow = {
  id: string;
  kind: string;
  version: number;
  title: string;
  changeSummary: string;
  effectiveAt: Date;
  publishedBy: string;
  publishedAt: Date;
};

/** The version number in force at `now` among the rows of one kind, or null. */
function currentVersionOf(rows: { version: number; effectiveAt: Date }[], now: Date): number | null {
  let current: number | null = null;
  for (const r of rows) if (r.effectiveAt <= now && (current === null || r.version > current)) current = r.version;
  return current;
}

function statusOf(row: { version: number; effectiveAt: Date }, current: number | null, now: Date): LegalStatus {
  if (current !== null && row.version === current) return "current";
  return row.effectiveAt > now && (current === null || row.version > current) ? "upcoming" : "superseded";
}

function toVersionDto(r: VersionRow, current: number | null, now: Date): LegalVersionDto {
  return {
    id: r.id,
    kind: r.kind as LegalKind,
    version: r.version,
    title: r.title,
    changeSummary: r.changeSummary,
    effectiveAt: r.effectiveAt,
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt,
    status: statusOf(r, current, now),
  };
}

/** Unknown kinds (e.g. from a URL) are simply not found. */
function kindOrNotFound(kind: string): LegalKind {
  const parsed = legalKindSchema.safeParse(kind);
  if (!parsed.success) throw notFound("Legal document");
  return parsed.data;
}

async function versionsOf(kind: LegalKind): Promise<VersionRow[]> {
  return db.legalDocument.findMany({ where: { kind }, orderBy: { version: "desc" }, select: versionSelect });
}

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Publishes the next version of a document (Axys staff, through the CLI). `effectiveAt` defaults to
 * now and may lie in the future (the current version stays in force until then). It may not lie
 * before today (UTC) nor before the latest version's effective date: legal terms are not backdated,
 * and a scheduled version is never silently overtaken by a later one.
 */
export async function publishLegalDocument(
  ctx: Ctx,
  input: PublishLegalDocumentInput,
  now = new Date(),
): Promise<LegalDocumentDto> {
  assertCan(ctx, "legal:publish");
  const data = parseInput(publishLegalDocumentSchema, input);
  const effectiveAt = data.effectiveAt ?? now;
  if (effectiveAt < startOfUtcDay(now)) {
    const message = `The effective date ${day(effectiveAt)} is in the past: legal documents take effect today or later.`;
    throw new AppError("VALIDATION", message, "effectiveAt", { effectiveAt: message });
  }
  try {
    const row = await db.$transaction(async (tx) => {
      const latest = await tx.legalDocument.findFirst({
        where: { kind: data.kind },
        orderBy: { version: "desc" },
        select: { version: true, effectiveAt: true },
      });
      if (latest && effectiveAt < latest.effectiveAt) {
        const message = `Version ${latest.version} takes effect on ${latest.effectiveAt.toISOString()}; a newer version cannot take effect before it.`;
        throw new AppError("VALIDATION", message, "effectiveAt", { effectiveAt: message });
      }
      const created = await tx.legalDocument.create({
        data: {
          kind: data.kind,
          version: (latest?.version ?? 0) + 1,
          title: data.title,
          body: data.body,
          changeSummary: data.changeSummary,
          effectiveAt,
          publishedBy: ctx.actorLabel,
          publishedAt: now,
        },
      });
      await recordAudit(tx, ctx, {
        tenantId: null,
        action: "legal.published",
        targetType: "legal_document",
        targetId: created.id,
        after: {
          kind: created.kind,
          version: created.version,
          title: created.title,
          changeSummary: created.changeSummary,
          effectiveAt: created.effectiveAt,
        },
      });
      return created;
    });
    const current = currentVersionOf(await versionsOf(data.kind), now);
    return { ...toVersionDto(row, current, now), body: row.body, html: renderMarkdown(row.body) };
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError(
        "CONFLICT",
        `Another version of the ${LEGAL_KIND_LABELS[data.kind].toLowerCase()} was published at the same moment; publish again.`,
        "kind",
      );
    throw e;
  }
}

/** Each kind's version in force and the next scheduled one, in the fixed order of LEGAL_KINDS. */
export async function listLegalDocuments(ctx: Ctx, now = new Date()): Promise<LegalSummaryDto[]> {
  assertCan(ctx, "legal:read");
  const rows = await db.legalDocument.findMany({
    orderBy: [{ kind: "asc" }, { version: "desc" }],
    select: versionSelect,
  });
  return LEGAL_KINDS.map((kind) => {
    const ofKind = rows.filter((r) => r.kind === kind);
    const current = currentVersionOf(ofKind, now);
    const dtos = ofKind.map((r) => toVersionDto(r, current, now));
    const upcoming = dtos.filter((d) => d.status === "upcoming").sort((a, b) => a.version - b.version);
    return {
      kind,
      label: LEGAL_KIND_LABELS[kind],
      current: dtos.find((d) => d.status === "current") ?? null,
      upcoming: upcoming[0] ?? null,
      upcomingCount: upcoming.length,
    };
  });
}

/**
 * One version of a document with its rendered HTML: `version` if given, else the version in force,
 * else (nothing in force yet) the first scheduled one. NOT_FOUND for unknown kinds and versions.
 */
export async function getLegalDocument(
  ctx: Ctx,
  kind: string,
  version?: number,
  now = new Date(),
): Promise<LegalDocumentDto> {
  assertCan(ctx, "legal:read");
  const k = kindOrNotFound(kind);
  const versions = await versionsOf(k);
  const current = currentVersionOf(versions, now);
  const wanted = version ?? current ?? versions.at(-1)?.version;
  if (wanted === undefined || !Number.isSafeInteger(wanted)) throw notFound("Legal document");
  const row = await db.legalDocument.findUnique({ where: { kind_version: { kind: k, version: wanted } } });
  if (!row) throw notFound("Legal document version");
  return { ...toVersionDto(row, current, now), body: row.body, html: renderMarkdown(row.body) };
}

/** Every version of a document, newest first (the change history). Empty if none is published yet. */
export async function listLegalHistory(ctx: Ctx, kind: string, now = new Date()): Promise<LegalVersionDto[]> {
  assertCan(ctx, "legal:read");
  const versions = await versionsOf(kindOrNotFound(kind));
  const current = currentVersionOf(versions, now);
  return versions.map((r) => toVersionDto(r, current, now));
}

/** Seeds version 1 of every kind that has no version yet (demo seed). Returns the kinds it published. */
export async function ensureDefaultLegalDocuments(ctx: Ctx, now = new Date()): Promise<LegalKind[]> {
  assertCan(ctx, "legal:publish");
  const published: LegalKind[] = [];
  for (const kind of LEGAL_KINDS) {
    if (await db.legalDocument.findFirst({ where: { kind }, select: { id: true } })) continue;
    await publishLegalDocument(ctx, { kind, ...DEFAULT_LEGAL_DOCUMENTS[kind], effectiveAt: now }, now);
    published.push(kind);
  }
  return published;
}
