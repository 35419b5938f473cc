import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { operatorCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import { assertNotProductionDeployment, createDemoTenant, ensureDemoStaff } from "@/lib/demo/service";

const root = path.resolve(import.meta.dirname, "..", "..");
const op = operatorCtx({ actor: "test" });
const rows = async () => ({
  tenants: await db.tenant.count(),
  users: await db.user.count(),
  audit: await db.auditEvent.count(),
});

afterEach(() => vi.unstubAllEnvs());

describe("demo seed refuses production", () => {
  it("refuses with AXYS_DEPLOYMENT=production and writes nothing", async () => {
    vi.stubEnv("AXYS_DEPLOYMENT", "production");
    const before = await rows();
    expect(() => assertNotProductionDeployment()).toThrow(
      expect.objectContaining({ code: "FORBIDDEN", message: expect.stringMatching(/production deployment/) }),
    );
    await expect(ensureDemoStaff(op, "staff@axys.test", "axys-demo-password")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      createDemoTenant(op, { slug: "acme", name: "Acme Cards", password: "axys-demo-password" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rows()).toEqual(before);
  });

  it("seeds outside production (staging deployments too)", async () => {
    vi.stubEnv("AXYS_DEPLOYMENT", "staging");
    const demo = await createDemoTenant(op, { slug: "demo-ok", name: "Demo Cards", password: "axys-demo-password" });
    expect(demo.users.map((u) => u.email)).toEqual([
      "admin@demo-ok.test",
      "viewer@demo-ok.test",
      "partner@demo-ok.test",
    ]);
    expect(demo.programs).toHaveLength(2);
  });

  it("prisma/seed.ts --production exits non-zero before touching the database", async () => {
    const before = await rows();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.AXYS_DEPLOYMENT; // the flag alone must be enough
    const r = spawnSync(
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "prisma/seed.ts", "--production"],
      {
        cwd: root,
        encoding: "utf8",
        env,
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Refusing to seed demo data into production.");
    expect(r.stdout).not.toContain("demo data ready");
    expect(await rows()).toEqual(before);
    expect(await db.user.findUnique({ where: { email: "staff@axys.test" } })).toBeNull();
  });
});
