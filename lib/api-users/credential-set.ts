import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The API user a new certificate is bound to: an existing one, or one to create named after the scope. */
export type CertificateApiUser =
  { id: string; name: string } | { create: { name: string; pattern: "program" | "tenant_admin" } };

/** The name an API user created for a scope gets: the Program's name, or "Tenant-level". */
export const TENANT_SCOPE_API_USER_NAME = "Tenant-level";

/**
 * Which API user (credential set) a certificate of a scope is issued for. A named one must be of this
 * tenant (else not found), enabled and of the same scope. Without one: the scope's only enabled API user;
 * none: a new one named after the scope (created by `bindCertificateApiUser` inside the issuing
 * transaction); several: API_USER_REQUIRED, since guessing would hand one user's certificate to another.
 */
export async function chooseCertificateApiUser(
  tenantId: string,
  programId: string | null,
  apiUserId: string | null | undefined,
): Promise<CertificateApiUser> {
  if (apiUserId) {
    const user = await db.apiUser.findFirst({
      where: { id: apiUserId, tenantId },
      select: { id: true, programId: true, disabledAt: true, name: true },
    });
    if (!user) throw new AppError("NOT_FOUND", "API user not found.", "apiUserId");
    if (user.disabledAt)
      throw new AppError(
        "CONFLICT",
        `API user "${user.name}" is disabled: its credential set cannot get a new certificate.`,
        "apiUserId",
      );
    if (user.programId !== programId) {
      throw new AppError(
        "VALIDATION",
        `API user "${user.name}" is ${user.programId ? `bound to program ${user.programId}` : "tenant-level"}: submit its CSR for that scope.`,
        "apiUserId",
      );
    }
    return { id: user.id, name: user.name };
  }
  const users = await db.apiUser.findMany({
    where: { tenantId, programId, disabledAt: null },
    select: { id: true, name: true },
    orderBy: { createdAt: "asc" },
    take: 11,
  });
  if (users.length === 1) return users[0];
  if (users.length > 1) {
    const listed = users
      .slice(0, 10)
      .map((u) => `${u.name} (${u.id})`)
      .join(", ");
    throw new AppError(
      "API_USER_REQUIRED",
      `This scope has ${users.length > 10 ? "more than 10" : users.length} API users (${listed}${users.length > 10 ? ", ..." : ""}): choose the one the certificate is for (--apiuser <id> in the CLI).`,
      "apiUserId",
    );
  }
  const name = programId
    ? ((await db.program.findFirst({ where: { id: programId, tenantId }, select: { name: true } }))?.name ?? programId)
    : TENANT_SCOPE_API_USER_NAME;
  const taken = await db.apiUser.findFirst({ where: { tenantId, name: name.slice(0, 80) }, select: { id: true } });
  return {
    create: {
      name: (taken ? `${name} (${programId ?? "tenant"})` : name).slice(0, 80),
      pattern: programId ? "program" : "tenant_admin",
    },
  };
}

/** Resolves the choice inside the issuing transaction: creates (and audits) the scope's API user if needed. */
export async function bindCertificateApiUser(
  tx: Tx,
  ctx: Ctx,
  tenantId: string,
  programId: string | null,
  choice: CertificateApiUser,
): Promise<string> {
  if ("id" in choice) return choice.id;
  const u = await tx.apiUser.create({
    data: { tenantId, programId, name: choice.create.name, pattern: choice.create.pattern, createdById: ctx.userId },
  });
  await recordAudit(tx, ctx, {
    action: "api_user.created",
    targetType: "api_user",
    targetId: u.id,
    after: { name: u.name, pattern: u.pattern, programId: u.programId, reason: "first certificate of the scope" },
  });
  return u.id;
}

export interface CertificateApiUserOptions {
  /** the scope's enabled API users, oldest first */
  users: { id: string; name: string }[];
  /** the name of the API user a certificate would create when the scope has none */
  newUserName: string;
}

/** What the CSR form offers in its "API user" select for a scope (for a caller who may issue certificates). */
export async function certificateApiUserOptions(
  ctx: Ctx,
  programId: string | null,
): Promise<CertificateApiUserOptions> {
  assertCan(ctx, "certificates:write");
  const tenantId = tenantOf(ctx);
  const users = await db.apiUser.findMany({
    where: { tenantId, programId, disabledAt: null },
    select: { id: true, name: true },
    orderBy: { createdAt: "asc" },
  });
  const choice = users.length ? null : await chooseCertificateApiUser(tenantId, programId, null);
  return { users, newUserName: choice && "create" in choice ? choice.create.name : "" };
}
