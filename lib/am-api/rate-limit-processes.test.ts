import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAllowlistEntry } from "@/lib/allowlist/service";
import { issueApiKey } from "@/lib/api-keys/service";
import { createApiUser } from "@/lib/api-users/service";
import type { Ctx } from "@/lib/auth/context";
import { getCaCertificatePem, submitCsr } from "@/lib/certificates/service";
import { db } from "@/lib/db";
import { startGatewayProcess, type GatewayProcess } from "@/lib/testing/gateway-process";
import { makeCtx, makeTenant } from "@/lib/testing/factories";
import { opensslCsr } from "@/lib/testing/openssl";

// Two `npm run gateway` processes on one database, each with its own memory: the per-API-user limit is counted
// in the database, so together they allow exactly AXYS_AM_RATE_LIMIT calls a minute, not twice that.
const LIMIT = 8;
const PER_GATEWAY = 12;

let admin: Ctx;
let ca: string;
const gateways: GatewayProcess[] = [];

/** A tenant_visibility credential set of its own (a fresh counter), calling from loopback. */
async function credentialSet(name: string) {
  const user = await createApiUser(admin, { name, pattern: "tenant_visibility", programId: null });
  const t = await db.tenant.findUniqueOrThrow({ where: { id: admin.tenantId! } });
  const g = opensslCsr("ec:P-256", `/O=${t.legalName}/OU=tenant/CN=api.limits.localhost`);
  const cert = await submitCsr(admin, {
    environment: "production",
    programId: null,
    apiUserId: user.id,
    csrPem: g.csrPem,
  });
  const key = await issueApiKey(admin, { apiUserId: user.id, environment: "production" });
  return { cert: cert.certificatePem, key: g.keyPem, apiKey: key.key, apiUserId: user.id };
}

function call(port: number, c: Awaited<ReturnType<typeof credentialSet>>) {
  return new Promise<{ status?: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        path: "/am/v1/programs",
        servername: "localhost",
        agent: false,
        ca,
        cert: c.cert,
        key: c.key,
        headers: { "x-api-key": c.apiKey },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  process.env.AXYS_ALLOWLIST_ALLOW_LOOPBACK = "1"; // this process adds the loopback entry; the gateways need nothing
  admin = await makeCtx("tenant_admin", { tenantId: (await makeTenant("Rate Limits")).id, environment: "production" });
  await credentialSet("warm-up"); // a certificate with the *.localhost name before the entry: FCrDNS passes
  await addAllowlistEntry(admin, {
    environment: "production",
    programId: null,
    cidr: "127.0.0.1",
    description: "This machine",
  });
  ca = await getCaCertificatePem("production");
  for (const g of await Promise.all([1, 2].map(() => startGatewayProcess({ AXYS_AM_RATE_LIMIT: String(LIMIT) }))))
    gateways.push(g);
}, 180_000);

afterAll(async () => {
  delete process.env.AXYS_ALLOWLIST_ALLOW_LOOPBACK;
  await Promise.all(gateways.map((g) => g.stop()));
});

describe("rate limits across two gateway processes", () => {
  it("allows exactly AXYS_AM_RATE_LIMIT calls a minute in total, answering the rest 429", async () => {
    expect(gateways[0].pid).not.toBe(gateways[1].pid);
    // a minute boundary inside the burst would start a new window: try again with a fresh API user
    for (let attempt = 0; attempt < 3; attempt++) {
      const c = await credentialSet(`limited-${attempt}`);
      const minute = Math.floor(Date.now() / 60_000);
      const replies = await Promise.all(
        Array.from({ length: 2 * PER_GATEWAY }, (_, i) =>
          call(gateways[i % 2].ports.production, c).then((r) => ({ ...r, via: i % 2 })),
        ),
      );
      if (Math.floor(Date.now() / 60_000) !== minute) continue;
      const ok = replies.filter((r) => r.status === 200);
      const limited = replies.filter((r) => r.status === 429);
      expect(ok.length, JSON.stringify(replies.map((r) => r.status))).toBe(LIMIT);
      expect(limited.length).toBe(2 * PER_GATEWAY - LIMIT);
      // both processes answered, and each sent 429s although neither alone saw LIMIT calls of its own succeed
      for (const via of [0, 1]) {
        expect(replies.filter((r) => r.via === via && r.status === 200).length).toBeLessThan(PER_GATEWAY);
        expect(replies.filter((r) => r.via === via).every((r) => r.headers["ratelimit-limit"] === String(LIMIT))).toBe(
          true,
        );
      }
      expect(limited.every((r) => Number(r.headers["retry-after"]) > 0)).toBe(true);
      const counted = await db.apiRateWindow.findFirstOrThrow({ where: { apiUserId: c.apiUserId } });
      expect(counted.count).toBe(2 * PER_GATEWAY);
      return;
    }
    throw new Error("a minute boundary fell inside every attempt");
  });
});
