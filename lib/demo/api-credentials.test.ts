import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { operatorCtx } from "@/lib/auth/context";
import { submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { DEMO_API_USER, ensureDemoApiCredentials } from "@/lib/demo/api-credentials";
import { makeCtx, makeTenant } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";
import { createTenant } from "@/lib/tenants/service";

const dir = mkdtempSync(path.join(os.tmpdir(), "axys-demo-api-"));
let tenantId: string;
let gateway: { close: () => Promise<void>; port: number } | undefined;

beforeAll(async () => {
  tenantId = (
    await createTenant(operatorCtx({ actor: "test" }), { name: "Demo Co", slug: "democo", legalName: "Demo Co Ltd" })
  ).id;
});
afterAll(async () => {
  await gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllEnvs());

function get(
  port: number,
  files: { ca: string; certificate: string; privateKey: string },
  key: string,
  urlPath: string,
): Promise<{ status?: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        path: urlPath,
        servername: "localhost",
        agent: false,
        ca: readFileSync(files.ca),
        cert: readFileSync(files.certificate),
        key: readFileSync(files.privateKey),
        headers: { "x-api-key": key },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("loopback on a production allowlist (AXYS_ALLOWLIST_ALLOW_LOOPBACK, local testing only)", () => {
  it("is refused without the setting, and with it in a production deployment; private space always", async () => {
    const t = await makeTenant("Loopback Refused");
    const admin = await makeCtx("tenant_admin", { tenantId: t.id });
    const add = (cidr: string) =>
      addAllowlistEntry(admin, { environment: "production", programId: null, cidr, description: "Local" });
    await expect(add("127.0.0.1")).rejects.toMatchObject({ code: "VALIDATION", field: "cidr" });
    vi.stubEnv("AXYS_ALLOWLIST_ALLOW_LOOPBACK", "1");
    vi.stubEnv("AXYS_DEPLOYMENT", "production");
    await expect(add("127.0.0.1")).rejects.toMatchObject({ code: "VALIDATION", field: "cidr" });
    vi.stubEnv("AXYS_DEPLOYMENT", "");
    for (const cidr of ["10.0.0.1", "192.168.1.1", "169.254.169.254", "127.0.0.0/24"])
      await expect(add(cidr), cidr).rejects.toMatchObject({ code: "VALIDATION", field: "cidr" });
    expect(await db.allowlistEntry.count({ where: { tenantId: t.id } })).toBe(0);
    // with the setting: accepted; FCrDNS fails without a certificate for a *.localhost name
    const entry = await add("127.0.0.1");
    expect(entry.dns).toMatchObject({ status: "fail", reason: expect.stringMatching(/\*\.localhost/) });
  });

  it("passes FCrDNS for a loopback address with a *.localhost certificate of the scope, and only then", async () => {
    vi.stubEnv("AXYS_ALLOWLIST_ALLOW_LOOPBACK", "1");
    const t = await makeTenant("Loopback Pass");
    const admin = await makeCtx("tenant_admin", { tenantId: t.id });
    const csr = opensslCsr("ec:P-256", `/O=${t.legalName}/OU=tenant/CN=api.pass.localhost`);
    await submitCsr(admin, { environment: "production", programId: null, csrPem: csr.csrPem });
    const entry = await addAllowlistEntry(admin, {
      environment: "production",
      programId: null,
      cidr: "127.0.0.1",
      description: "Local",
    });
    expect(entry.dns).toMatchObject({
      status: "pass",
      ptrNames: ["api.pass.localhost"],
      matchedDomain: "api.pass.localhost",
    });
  });
});

describe("the demo's API credential set", () => {
  it("needs the setting, and refuses a production deployment", async () => {
    await expect(ensureDemoApiCredentials(tenantId, dir)).rejects.toMatchObject({ code: "FORBIDDEN" });
    vi.stubEnv("AXYS_ALLOWLIST_ALLOW_LOOPBACK", "1");
    vi.stubEnv("AXYS_DEPLOYMENT", "production");
    await expect(ensureDemoApiCredentials(tenantId, dir)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.apiUser.count({ where: { tenantId } })).toBe(0);
  });

  it("writes a tenant_admin credential set that calls GET /am/v1/programs through the production gateway", async () => {
    vi.stubEnv("AXYS_ALLOWLIST_ALLOW_LOOPBACK", "1");
    const made = await ensureDemoApiCredentials(tenantId, dir);
    expect(made).not.toBeNull();
    const { files, apiKey } = made!;
    expect(statSync(files.dir).mode & 0o777).toBe(0o700);
    expect(statSync(files.privateKey).mode & 0o777).toBe(0o600);
    expect(statSync(files.apiKey).mode & 0o777).toBe(0o600);
    expect(readFileSync(files.apiKey, "utf8").trim()).toBe(apiKey);
    expect(readFileSync(files.privateKey, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const user = await db.apiUser.findFirstOrThrow({ where: { tenantId, name: DEMO_API_USER } });
    expect(user).toMatchObject({ pattern: "tenant_admin", programId: null });
    expect(await db.certificate.count({ where: { apiUserId: user.id, environment: "production" } })).toBe(1);
    const entries = await db.allowlistEntry.findMany({ where: { tenantId, environment: "production" } });
    expect(entries.map((e) => [e.cidr, e.dnsStatus]).sort()).toEqual([
      ["127.0.0.1/32", "pass"],
      ["::1/128", "pass"],
    ]);
    // idempotent: the second run leaves everything as it is
    expect(await ensureDemoApiCredentials(tenantId, dir)).toBeNull();
    expect(await db.apiUser.count({ where: { tenantId } })).toBe(1);

    // the real gateway (production listener, every check on) with the files as written, from loopback
    vi.unstubAllEnvs(); // the gateway judges the stored evidence: it needs no setting
    const { createGatewayServer } = await import("@/lib/gateway/server");
    const g = await createGatewayServer({ environment: "production" });
    await new Promise<void>((r) => g.server.listen(0, "127.0.0.1", r));
    const gw = { ...g, port: (g.server.address() as AddressInfo).port };
    gateway = gw;
    const r = await get(gw.port, files, apiKey, "/am/v1/programs");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ data: [], has_more: false });
    expect((await get(gw.port, files, "axys_prd_t_wrong", "/am/v1/programs")).status).toBe(401);
    // closing the gateway writes its queued request-log lines (the 401 never reached the API: no line)
    await gw.close();
    gateway = undefined;
    expect(await db.apiRequestLog.count({ where: { tenantId } })).toBe(1);
  });
});
