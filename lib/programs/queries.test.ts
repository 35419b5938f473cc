import { beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listProgramRefs, requireProgram, requirePrograms, unsafeProgramNames } from "@/lib/programs/queries";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";

let admin: Ctx;
let other: Ctx;
let mine: { id: string; name: string };
let theirs: { id: string; name: string };

const failure = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: AppError) => ({ code: e.code, message: e.message, field: e.field }),
  );

beforeAll(async () => {
  admin = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Queries A")).id });
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Queries B")).id });
  mine = await makeProgram(admin, { name: "Mine" });
  theirs = await makeProgram(other, { name: "Theirs" });
});

describe("requireProgram: this Program of this Tenant", () => {
  it("answers the caller's own Program", async () => {
    expect(await requireProgram(db, admin, mine.id)).toEqual({
      id: mine.id,
      name: "Mine",
      baseCurrency: expect.any(String),
    });
    expect(await db.$transaction((tx) => requireProgram(tx, admin, mine.id))).toMatchObject({ id: mine.id });
  });

  it("answers another Tenant's Program exactly like a missing one: NOT_FOUND, on the field named", async () => {
    const foreign = await failure(requireProgram(db, admin, theirs.id, "programId"));
    expect(foreign).toEqual({ code: "NOT_FOUND", message: "Program not found.", field: "programId" });
    expect(await failure(requireProgram(db, admin, "prg_missing", "programId"))).toEqual(foreign);
    expect(await failure(requireProgram(db, admin, undefined))).toEqual({
      code: "NOT_FOUND",
      message: "Program not found.",
      field: undefined,
    });
  });

  it("narrows a partner to its own Program, and a caller without a Tenant finds nothing", async () => {
    const second = await makeProgram(admin, { name: "Second" });
    const partner = await makeCtx("partner_viewer", { tenantId: admin.tenantId, programId: mine.id });
    expect((await requireProgram(db, partner, mine.id)).id).toBe(mine.id);
    expect((await failure(requireProgram(db, partner, second.id)))?.code).toBe("NOT_FOUND");
    const staff = await makeCtx("staff_reviewer");
    expect((await failure(requireProgram(db, staff, mine.id)))?.code).toBe("NOT_FOUND");
  });

  it("requirePrograms: every id of a batch must be the caller's; names the first that is not", async () => {
    expect((await requirePrograms(db, admin, [mine.id, mine.id])).map((p) => p.id)).toEqual([mine.id]);
    expect(await failure(requirePrograms(db, admin, [mine.id, theirs.id], "programId"))).toEqual({
      code: "NOT_FOUND",
      message: `Program ${theirs.id} not found.`,
      field: "programId",
    });
  });

  it("lists only the caller's Programs; the staff name lookup is the one unscoped read", async () => {
    expect((await listProgramRefs(db, admin)).map((p) => p.id)).not.toContain(theirs.id);
    expect((await listProgramRefs(db, other)).map((p) => p.id)).toEqual([theirs.id]);
    const names = await unsafeProgramNames([mine.id, theirs.id, "prg_missing"]);
    expect([...names.entries()].sort()).toEqual(
      [
        [mine.id, "Mine"],
        [theirs.id, "Theirs"],
      ].sort(),
    );
  });
});
