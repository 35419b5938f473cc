import "server-only";
import { recordAudit } from "@/lib/audit/service";
import type { Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { requireProgram } from "@/lib/programs/queries";
import { createUserSchema, type CreateUserInput } from "@/lib/users/schemas";
import { parseInput } from "@/lib/validation";

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: string;
  tenantId: string | null;
  programId: string | null;
}

/** Creates a sign-in user (operator only). A partner's Program must belong to the same tenant. */
export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<UserDto> {
  assertCan(ctx, "users:manage");
  const data = parseInput(createUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      // the Program must be one of the Tenant the new user joins
      if (data.programId)
        await requireProgram(tx, { ...ctx, tenantId: data.tenantId ?? null }, data.programId, "program");
      const u = await tx.user.create({
        data: {
          email: data.email,
          name: data.name ?? data.email.split("@")[0],
          role: data.role,
          tenantId: data.tenantId ?? null,
          programId: data.programId ?? null,
          passwordHash,
        },
      });
      const dto = {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        tenantId: u.tenantId,
        programId: u.programId,
      };
      await recordAudit(tx, ctx, {
        tenantId: u.tenantId,
        action: "user.created",
        targetType: "user",
        targetId: u.id,
        after: dto,
      });
      return dto;
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", `A user with email ${data.email} already exists.`, "email");
    throw e;
  }
}
