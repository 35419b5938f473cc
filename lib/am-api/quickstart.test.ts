import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_API_DIR, demoApiFiles, ensureDemoApiCredentials } from "@/lib/demo/api-credentials";
import { reverseName, startDnsServer } from "@/lib/testing/dns-server";
import { startGatewayProcess, type GatewayProcess } from "@/lib/testing/gateway-process";
import { makeTenant } from "@/lib/testing/factories";

// docs/api.md's quick start, run verbatim with bash and curl against `npm run gateway` (a child process) on this
// file's database, with the demo's credential set as `npm start` makes it. Only the settings of the first block
// are replaced, by values for this test; every other line runs as written.
const root = path.resolve(import.meta.dirname, "..", "..");
const PROGRAM_IP = "203.0.113.10";
const PROGRAM_HOST = "payments.quickstart.example";

const work = mkdtempSync(path.join(os.tmpdir(), "axys-quickstart-"));
let gateway: GatewayProcess;
let dnsServer: Awaited<ReturnType<typeof startDnsServer>>;
let tenantId: string;
let settings: Record<string, string>;

/** The sh blocks of the "Quick start" section, in order. */
function quickStartBlocks(): string[] {
  const doc = readFileSync(path.join(root, "docs", "api.md"), "utf8");
  const section = /^## Quick start\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1];
  if (!section) throw new Error('docs/api.md has no "## Quick start" section');
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

function bash(script: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], {
      cwd: work,
      // only what the doc's settings declare, and what a shell needs (no DATABASE_URL or master key of this test)
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, LANG: "C.UTF-8", NODE_ENV: "test", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

beforeAll(async () => {
  process.env.AXYS_ALLOWLIST_ALLOW_LOOPBACK = "1";
  const tenant = await makeTenant("Quick Start");
  tenantId = tenant.id;
  const demo = await ensureDemoApiCredentials(tenantId, path.join(work, "demo-api"));
  delete process.env.AXYS_ALLOWLIST_ALLOW_LOOPBACK;
  dnsServer = await startDnsServer({
    PTR: { [reverseName(PROGRAM_IP)]: [PROGRAM_HOST] },
    A: { [PROGRAM_HOST]: [PROGRAM_IP] },
  });
  gateway = await startGatewayProcess({
    AXYS_DNS_SERVERS: dnsServer.address, // the allowlist's FCrDNS check runs in the gateway process
    AXYS_WEBHOOK_ALLOW_LOOPBACK: "1", // the test's webhook URL is on loopback (registration does not call it)
  });
  settings = {
    AXYS_AM_URL: `https://localhost:${gateway.ports.production}/am/v1`,
    CACERT: demo!.files.ca,
    CERT: demo!.files.certificate,
    KEY: demo!.files.privateKey,
    AXYS_API_KEY: demo!.apiKey,
    LEGAL_NAME: tenant.legalName,
    PROGRAM_HOST,
    PROGRAM_IP,
    WEBHOOK_URL: "https://127.0.0.1:9/axys/webhooks",
  };
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await dnsServer?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("docs/api.md quick start", () => {
  it("declares its settings in its first block, the demo's files as npm start writes them", () => {
    const [first] = quickStartBlocks();
    const declared = [...first.matchAll(/^export ([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual(Object.keys(settings).sort());
    const files = demoApiFiles(DEMO_API_DIR);
    for (const f of [files.ca, files.certificate, files.privateKey, files.apiKey]) expect(first).toContain(f);
    expect(first).toContain("https://localhost:9443/am/v1"); // the production listener's default port
  });

  it("runs verbatim: a Program, its API user, CSR, certificate and key, an allowlisted IP, a webhook", async () => {
    const [, ...steps] = quickStartBlocks();
    expect(steps.length).toBe(5);
    const script = [
      "set -euo pipefail",
      ...steps.flatMap((block, i) => [`echo "@@step ${i}@@"`, block]),
      'echo "@@end@@"',
    ].join("\n");
    const r = await bash(script, settings);
    expect(r.code, `stdout:\n${r.out}\nstderr:\n${r.err}`).toBe(0);
    const out = Object.fromEntries(
      [...r.out.matchAll(/@@step (\d)@@\n([\s\S]*?)(?=@@)/g)].map((m) => [Number(m[1]), m[2].trim()]),
    );
    expect(r.out).toContain("@@end@@");

    // 0: the credentials work (the new tenant has no Program yet)
    expect(out[0]).toBe("0 false");
    // 1: a Program of this Tenant
    const programId = /^program (prg_\w+)$/.exec(out[1])?.[1];
    expect(programId, out[1]).toBeDefined();
    const program = await db.program.findFirstOrThrow({ where: { id: programId, tenantId } });
    expect(program.name).toMatch(/^Quick Start \d+$/);
    // 2: its API user, certificate (subject as the CSR made it) and production key; secrets 0600
    expect(out[2]).toContain(`OU = ${programId}`);
    expect(out[2]).toContain(`CN = ${PROGRAM_HOST}`);
    const user = await db.apiUser.findFirstOrThrow({ where: { tenantId, programId } });
    expect(user.pattern).toBe("program");
    const cert = await db.certificate.findFirstOrThrow({ where: { apiUserId: user.id } });
    expect(cert).toMatchObject({ environment: "production", programId, tenantId });
    expect(readFileSync(path.join(work, "program.crt"), "utf8").trim()).toBe(cert.certificatePem.trim());
    const programKey = readFileSync(path.join(work, "program-api-key"), "utf8").trim();
    expect(programKey).toMatch(/^axys_prd_/);
    expect(await db.apiKey.count({ where: { apiUserId: user.id, environment: "production" } })).toBe(1);
    for (const f of ["program.key", "program-api-key", "webhook-secret"])
      expect(statSync(path.join(work, f)).mode & 0o777, f).toBe(0o600);
    // 3: the address on the Program's production allowlist, FCrDNS passing against the new certificate
    expect(out[3]).toBe(`${PROGRAM_IP}/32 pass`);
    expect(
      await db.allowlistEntry.count({
        where: { tenantId, programId, environment: "production", cidr: `${PROGRAM_IP}/32` },
      }),
    ).toBe(1);
    // 4: the webhook endpoint, awaiting its verification
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { tenantId, programId } });
    expect(out[4]).toBe(`${endpoint.id} pending_verification`);
    expect(endpoint.url).toBe(settings.WEBHOOK_URL);
    expect(readFileSync(path.join(work, "webhook-secret"), "utf8").trim()).toMatch(/^whsec_/);
    // every call was the demo API user's, in its request log (the gateway writes its lines within 100 ms)
    const logged = () => db.apiRequestLog.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });
    for (let i = 0; i < 50 && (await logged()).length < 7; i++) await new Promise((r) => setTimeout(r, 100));
    const calls = await logged();
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      "GET /am/v1/programs 200",
      "POST /am/v1/programs 201",
      "POST /am/v1/api-users 201",
      "POST /am/v1/certificates 201",
      `POST /am/v1/api-users/${user.id}/keys 201`,
      "POST /am/v1/allowlist 201",
      "POST /am/v1/webhook-endpoints 201",
    ]);
  });
});
