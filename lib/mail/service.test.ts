import { describe, expect, it, vi } from "vitest";
import { operatorCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { queueMail } from "@/lib/mail/outbox";
import { listOutbox, devOutboxOpen, unsafeListDevOutbox, unsafeViewDevOutboxMessage } from "@/lib/mail/service";
import { axys, cliErrorOf } from "@/lib/testing/cli";
import { appErrorOf } from "@/lib/testing/errors";
import { makeCtx, makeTenant } from "@/lib/testing/factories";

const queue = (to: string, kind: "invitation" | "password_reset", subject: string) =>
  db.$transaction((tx) =>
    queueMail(tx, { to, kind, subject, text: `secret link for ${to}`, html: `<p>secret link for ${to}</p>` }),
  );

describe("the outbox list (axys mail list)", () => {
  it("lists newest first with filters, never a body, for operators only", async () => {
    await queue("one@example.test", "invitation", "First");
    await queue("two@example.test", "password_reset", "Second");
    const op = operatorCtx({ actor: "test" });
    const all = await listOutbox(op, {});
    expect(all.map((m) => m.subject).slice(0, 2)).toEqual(["Second", "First"]);
    expect(JSON.stringify(all)).not.toContain("secret link");
    expect(Object.keys(all[0])).not.toContain("textSealed");
    expect((await listOutbox(op, { to: "ONE@example.test" })).map((m) => m.subject)).toEqual(["First"]);
    expect((await listOutbox(op, { kind: "password_reset" })).map((m) => m.subject)).toEqual(["Second"]);
    expect(await listOutbox(op, { status: "sent" })).toEqual([]);
    expect(await listOutbox(op, { limit: 1 })).toHaveLength(1);
    expect((await appErrorOf(listOutbox(op, { limit: 0 }))).code).toBe("VALIDATION");
    const admin = await makeCtx("tenant_admin", { tenantId: (await makeTenant()).id });
    expect((await appErrorOf(listOutbox(admin, {}))).code).toBe("FORBIDDEN");
  });

  it("runs from the real CLI with --json, and refuses a bad filter naming the flag", () => {
    const r = axys(["mail", "list", "--to", "two@example.test", "--json"]);
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as { subject: string; status: string }[];
    expect(rows.map((m) => [m.subject, m.status])).toEqual([["Second", "pending"]]);
    expect(r.out).not.toContain("secret link");
    const bad = cliErrorOf(axys(["mail", "list", "--status", "bounced", "--json"]));
    expect(bad).toMatchObject({ exit: 1, code: "VALIDATION", field: "status" });
    expect(bad.message).toMatch(/--status must be one of: pending, sent, failed/);
  });
});

describe("the development outbox (/dev/mail)", () => {
  it("shows messages and their bodies outside production", async () => {
    const id = (await queue("dev@example.test", "invitation", "Dev view"))!;
    expect((await unsafeListDevOutbox({ to: "dev@example.test" })).map((m) => m.id)).toEqual([id]);
    expect(await unsafeViewDevOutboxMessage(id)).toMatchObject({
      subject: "Dev view",
      text: "secret link for dev@example.test",
      html: "<p>secret link for dev@example.test</p>",
    });
    expect((await appErrorOf(unsafeViewDevOutboxMessage("nope"))).code).toBe("NOT_FOUND");
  });

  it("does not exist in production: the service and both pages answer not found", async () => {
    const id = (await queue("prod@example.test", "invitation", "Prod"))!;
    vi.stubEnv("AXYS_DEPLOYMENT", "production");
    try {
      expect((await appErrorOf(unsafeListDevOutbox({}))).code).toBe("NOT_FOUND");
      expect((await appErrorOf(unsafeViewDevOutboxMessage(id))).code).toBe("NOT_FOUND");
      const list = (await import("@/app/dev/mail/page")).default;
      const view = (await import("@/app/dev/mail/[id]/page")).default;
      await expect(list({ searchParams: Promise.resolve({}) })).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
      await expect(view({ params: Promise.resolve({ id }) })).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("does not exist either where mail is really sent (AXYS_SMTP_URL set): pending bodies would hold live links", async () => {
    expect(devOutboxOpen({})).toBe(true);
    expect(devOutboxOpen({ AXYS_SMTP_URL: "smtp://mail.example.test:587" })).toBe(false);
    expect(devOutboxOpen({ AXYS_DEPLOYMENT: "production" })).toBe(false);
    vi.stubEnv("AXYS_SMTP_URL", "smtp://mail.example.test:587");
    try {
      expect((await appErrorOf(unsafeListDevOutbox({}))).code).toBe("NOT_FOUND");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
