import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema } from "@/lib/am-api/errors";
import { mtlsFetch } from "@/lib/am-api/client/mtls-fetch";

// The gateway while its database is down: a PostgreSQL server that stops answering (here: the TCP path to it is
// cut, every connection closed, then restored): the gateway's own checks cannot be made, 503 with Retry-After, in
// the AM API's error shape under /am/, and it recovers after. On SQLite, a file another process holds write-locked.
const HOST = "api.down.localhost";
const portBase = Number(process.env.AXYS_TEST_PORT_BASE ?? 0);
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
process.env.AXYS_ALLOWLIST_ALLOW_LOOPBACK = "1";

/** A TCP relay to the PostgreSQL server that can be cut (all connections closed, new ones refused) and restored. */
class Relay {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}
  async start(port = this.port) {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => (s === client ? upstream : client).destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }
  async cut() {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  }
}

let relay: Relay | null = null;
if (onPostgres) {
  // everything of this file (the set-up and the gateway) reaches the database through the relay
  const url = new URL(process.env.DATABASE_URL!);
  relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
  await relay.start(portBase);
  url.hostname = "127.0.0.1";
  url.port = String(relay.port);
  process.env.DATABASE_URL = url.toString();
}
process.env.AXYS_GATEWAY_REFRESH_MS = "200"; // the gateway's caches expire quickly: its next checks need the database

let gateway: { close: () => Promise<void>; port: number };
let call: (path: string) => Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
let lock: ChildProcess | null = null;

/** Stops the database as the gateway sees it. */
async function stopDatabase() {
  if (relay) return relay.cut();
  // SQLite has no server to stop: another process holds its write lock (the gateway's rate-limit count waits its
  // busy timeout, 5 s, then fails with SQLITE_BUSY); reads go on, so the gateway's own checks still pass here
  // (another process: SQLite's locks do not hold between connections of one process made by two copies of it)
  const driver = path.resolve(import.meta.dirname, "../../node_modules/better-sqlite3");
  const file = process.env.DATABASE_URL!.replace(/^file:/, "");
  lock = spawn(process.execPath, [
    "-e",
    `const d = new (require(${JSON.stringify(driver)}))(${JSON.stringify(file)}); d.exec("BEGIN IMMEDIATE");
     console.log("locked"); process.stdin.once("data", () => { d.exec("COMMIT"); d.close(); process.exit(0); });`,
  ]);
  await new Promise<void>((resolve, reject) => {
    lock!.stdout!.once("data", () => resolve());
    lock!.once("exit", (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
}
async function startDatabase() {
  if (relay) return relay.start();
  const holder = lock;
  lock = null;
  if (!holder || holder.exitCode !== null) return;
  const exited = new Promise((r) => holder.once("exit", r));
  holder.stdin!.write("release\n");
  await exited;
}

beforeAll(async () => {
  const { loopbackTenantCredentials } = await import("@/lib/testing/loopback-credentials");
  const { createGatewayServer } = await import("@/lib/gateway/server");
  const creds = await loopbackTenantCredentials({ legalName: "Down Co", host: HOST, programs: 1 });
  const g = await createGatewayServer({ environment: "production" });
  await new Promise<void>((r) => g.server.listen(portBase ? portBase + 1 : 0, "127.0.0.1", r));
  gateway = { close: g.close, port: (g.server.address() as AddressInfo).port };
  const fetch = mtlsFetch({ cert: creds.certPem, key: creds.keyPem, ca: creds.caPem, servername: "localhost" });
  call = async (target) => {
    const r = await fetch(
      new Request(`https://127.0.0.1:${gateway.port}${target}`, { headers: { "x-api-key": creds.apiKey } }),
    );
    return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> };
  };
});

afterAll(async () => {
  await startDatabase();
  await gateway?.close();
  await relay?.cut();
});

describe("the gateway while its database is down", () => {
  it("answers 503 with Retry-After (the AM API's error shape under /am/), and serves again once it is back", async () => {
    expect((await call("/am/v1/programs")).status).toBe(200);
    expect((await call("/v2/ping")).status).toBe(200);

    await stopDatabase();
    await new Promise((r) => setTimeout(r, 400)); // past AXYS_GATEWAY_REFRESH_MS: the checks read the database
    const am = await call("/am/v1/programs");
    expect(am.status).toBe(503);
    expect(am.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(errorBodySchema.safeParse(am.body).success).toBe(true);
    const error = am.body.error as { code: string; request_id: string; message: string };
    expect(error.code).toBe("service_unavailable");
    expect(error.request_id).toBe(am.headers.get("x-request-id"));
    expect(error.message).toMatch(/retry in \d+ s/);
    // outside the AM API (PostgreSQL: the gateway's own checks fail): its flat shape, the same status and header
    if (relay) {
      const ping = await call("/v2/ping");
      expect(ping.status).toBe(503);
      expect(ping.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(ping.body).toMatchObject({ error: "service_unavailable" });
    }

    await startDatabase();
    const back = await call("/am/v1/programs");
    expect(back.status).toBe(200);
    expect((back.body.data as unknown[]).length).toBe(1);
  }, 60_000);
});
