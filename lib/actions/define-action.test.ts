import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Ctx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeCtx, makeProgram, makeTenant } from "@/lib/testing/factories";
import { addWalletAddressSchema } from "@/lib/wallets/schemas";
import { addWalletAddress, removeWalletAddress } from "@/lib/wallets/service";
import { log } from "@/lib/log/logger";

const session = vi.hoisted(() => ({ ctx: null as Ctx | null }));
vi.mock("@/lib/auth/session", () => ({ getCtx: async () => session.ctx }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));
const { defineAction, defineFormAction, definePublicFormAction } = await import("@/lib/actions/define-action");
const { idArg } = await import("@/lib/actions/form-fields");

let admin: Ctx, other: Ctx, programId: string;
beforeAll(async () => {
  admin = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
  other = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
  programId = (await makeProgram(admin)).id;
});
beforeEach(() => {
  session.ctx = admin;
  revalidatePath.mockClear();
});

const form = (fields: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) f.append(k, x);
  return f;
};
const addWallet = defineFormAction(addWalletAddressSchema, addWalletAddress, {
  revalidate: (w) => `/programs/${w.programId}`,
});
const removeWallet = defineAction(idArg, (ctx, id) => removeWalletAddress(ctx, { id }), { revalidate: "/wallets" });
const EVM = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";

describe("defineFormAction", () => {
  it("parses the FormData with the schema, calls the service with the caller's context and revalidates after the success", async () => {
    const r = await addWallet(null, form({ programId, chain: "evm", address: EVM, label: " Treasury " }));
    expect(r).toMatchObject({
      ok: true,
      data: { programId, chain: "evm", label: "Treasury", createdByLabel: admin.actorLabel },
    });
    expect(revalidatePath).toHaveBeenCalledExactlyOnceWith(`/programs/${programId}`, "layout");
  });

  it("answers bad input with VALIDATION and every field error, and changes nothing", async () => {
    const before = await db.walletAddress.count();
    const r = await addWallet(null, form({ programId, chain: "dogecoin", label: "" }));
    expect(r).toEqual({
      ok: false,
      code: "VALIDATION",
      message: "Choose a chain: EVM, Bitcoin or Solana.",
      fieldErrors: {
        chain: "Choose a chain: EVM, Bitcoin or Solana.",
        address: "Enter an address.",
        label: "Enter a label, e.g. 'Treasury cold wallet'.",
      },
    });
    expect(await db.walletAddress.count()).toBe(before);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("answers a signed-out caller UNAUTHENTICATED and runs nothing", async () => {
    session.ctx = null;
    const handler = vi.fn();
    expect(await defineFormAction(z.object({}), handler)(null, form({}))).toEqual({
      ok: false,
      code: "UNAUTHENTICATED",
      message: "Your session has ended. Sign in again.",
    });
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("defineAction", () => {
  it("maps the service's AppError (another tenant's id is NOT_FOUND) and does not revalidate", async () => {
    const w = await addWalletAddress(admin, {
      programId,
      chain: "evm",
      address: EVM.replace("5a", "6b"),
      label: "Ops",
    });
    session.ctx = other;
    expect(await removeWallet(w.id)).toEqual({ ok: false, code: "NOT_FOUND", message: "Wallet address not found." });
    expect(await db.walletAddress.count({ where: { id: w.id } })).toBe(1);
    expect(revalidatePath).not.toHaveBeenCalled();
    session.ctx = admin;
    expect(await removeWallet(w.id)).toEqual({ ok: true, data: { id: w.id, programId } });
    expect(revalidatePath).toHaveBeenCalledExactlyOnceWith("/wallets", "layout");
  });

  it("refuses an argument of the wrong type before the service runs", async () => {
    const handler = vi.fn();
    const r = await defineAction(idArg, handler)(42 as unknown as string);
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", message: "Missing id." });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers an unexpected error generically with a request id, never its message, and logs it", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => {});
    const r = await defineAction(
      z.void(),
      async () => {
        throw new Error("connection string postgres://secret@db");
      },
      { revalidate: "/x" },
    )();
    expect(r).toMatchObject({ ok: false, code: "INTERNAL" });
    expect(r.ok ? "" : r.message).toMatch(
      /^Something went wrong on our side \(request [0-9a-f-]{36}\)\. Nothing was changed\.$/,
    );
    expect(JSON.stringify(r)).not.toContain("secret");
    // logged once, under the id the user was given (the request's X-Request-Id in a real request)
    expect(logged).toHaveBeenCalledOnce();
    const [entry] = logged.mock.calls[0] as unknown as [{ reqId: string; err: { message: string } }];
    expect(r.ok ? "" : r.message).toContain(`(request ${entry.reqId})`);
    expect(entry.err.message).toContain("connection string");
    expect(revalidatePath).not.toHaveBeenCalled();
    logged.mockRestore();
  });
});

describe("definePublicFormAction", () => {
  it("runs without a session, parses the form and maps an AppError with its field", async () => {
    session.ctx = null;
    const action = definePublicFormAction(
      z.object({ name: z.string().min(1, "Enter your name.") }),
      async ({ name }) => {
        if (name === "taken") throw new AppError("CONFLICT", "Taken.", "name");
        return { name };
      },
    );
    expect(await action(null, form({ name: "Ada" }))).toEqual({ ok: true, data: { name: "Ada" } });
    expect(await action(null, form({}))).toMatchObject({
      ok: false,
      code: "VALIDATION",
      fieldErrors: { name: expect.any(String) },
    });
    expect(await action(null, form({ name: "taken" }))).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "Taken.",
      fieldErrors: { name: "Taken." },
    });
  });
});
