import "server-only";
import type { Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Which Tenant owns an object named on the staff side (the CLI's `--tenant acme`, `--apiuser <id>`, `--serial
 * <hex>`, ...). The one unscoped lookup of the CLI, here in the staff module and checked by role: the CLI acts for
 * the owner afterwards through the ordinary tenant-scoped services. Each kind: how it is found, how a miss reads.
 */
const OWNERS = {
  tenant: {
    find: (slug: string) =>
      db.tenant.findUnique({ where: { slug }, select: { id: true } }).then((r) => r && { tenantId: r.id, id: r.id }),
    missing: (slug: string) => `No tenant with slug "${slug}".`,
  },
  apiUser: {
    find: (id: string) => db.apiUser.findUnique({ where: { id }, select: { id: true, tenantId: true } }),
    missing: (id: string) => `No API user ${id}.`,
  },
  apiKey: {
    find: (id: string) => db.apiKey.findUnique({ where: { id }, select: { id: true, tenantId: true } }),
    missing: (id: string) => `No API key ${id}.`,
  },
  allowlistEntry: {
    find: (id: string) => db.allowlistEntry.findUnique({ where: { id }, select: { id: true, tenantId: true } }),
    missing: (id: string) => `No allowlist entry ${id}.`,
  },
  webhookEndpoint: {
    find: (id: string) => db.webhookEndpoint.findUnique({ where: { id }, select: { id: true, tenantId: true } }),
    missing: (id: string) => `No webhook endpoint ${id}.`,
  },
  certificateSerial: {
    find: (serial: string) =>
      db.certificate.findUnique({ where: { serialHex: normalSerial(serial) }, select: { id: true, tenantId: true } }),
    missing: (serial: string) => `No certificate with serial ${normalSerial(serial)}.`,
  },
} satisfies Record<
  string,
  { find(key: string): Promise<{ tenantId: string; id: string } | null>; missing(key: string): string }
>;

export type OwnedKind = keyof typeof OWNERS;

const normalSerial = (s: string) => s.replace(/[:\s]/g, "").toUpperCase();

/**
 * The owning Tenant's id and the object's id (a certificate is named by serial, the rest by id; a Tenant by slug).
 * A miss is NOT_FOUND on `field` (the flag that named it).
 */
export async function unsafeFindOwner(
  ctx: Ctx,
  kind: OwnedKind,
  key: string,
  field: string,
): Promise<{ tenantId: string; id: string }> {
  assertCan(ctx, "tenants:manage");
  const owner = await OWNERS[kind].find(key);
  if (!owner) throw new AppError("NOT_FOUND", OWNERS[kind].missing(key), field);
  return owner;
}
