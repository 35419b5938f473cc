import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { tenantOf, type Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { createTenantSchema, type CreateTenantInput } from "@/lib/tenants/schemas";
import { parseInput } from "@/lib/validation";

export interface TenantDto {
  id: string;
  slug: string;
  name: string;
  legalName: string;
}

/** Tenant onboarding is done by Axys staff (CLI), not self-service. */
export async function createTenant(ctx: Ctx, input: CreateTenantInput): Promise<TenantDto> {
  assertCan(ctx, "tenants:manage");
  const data = parseInput(createTenantSchema, input);
  try {
    return await db.$transaction(async (tx) => {
      const t = await tx.tenant.create({
        data: { slug: data.slug, name: data.name, legalName: data.legalName ?? data.name },
      });
      const dto = { id: t.id, slug: t.slug, name: t.name, legalName: t.legalName };
      await recordAudit(tx, ctx, {
        tenantId: t.id,
        action: "tenant.created",
        targetType: "tenant",
        targetId: t.id,
        after: dto,
      });
      return dto;
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", `A tenant with slug "${data.slug}" already exists.`, "slug");
    throw e;
  }
}

/** The caller's own tenant (name, legal name, slug). */
export async function getOwnTenant(ctx: Ctx): Promise<TenantDto> {
  const t = await db.tenant.findUnique({ where: { id: tenantOf(ctx) } });
  if (!t) throw new AppError("NOT_FOUND", "Not found.");
  return { id: t.id, slug: t.slug, name: t.name, legalName: t.legalName };
}
