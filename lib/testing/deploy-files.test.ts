import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseTrustedProxies } from "@/lib/net/client-ip";

// No Docker engine runs in CI: the deployment files are checked by what can run here. Their commands must
// name files that exist, their settings must be the documented ones, and the trust between nginx and the
// portal must hold (the proxy's fixed address is the one trusted proxy).
const root = path.resolve(import.meta.dirname, "../..");
const read = (f: string) => readFileSync(path.join(root, f), "utf8");

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  networks?: unknown;
  depends_on?: unknown;
  volumes?: string[];
}
const compose = parse(read("compose.yaml"), { merge: true }) as {
  services: Record<string, Service>;
  networks: { axys: { ipam: { config: { subnet: string }[] } } };
};
const documented = read("README.md") + read("docs/operations.md") + read("docs/allowlist-and-gateway.md");

describe("compose.yaml", () => {
  const services = compose.services;

  it("runs PostgreSQL, a migration step, two portal instances, the worker, the gateway and a reverse proxy", () => {
    expect(Object.keys(services).sort()).toEqual(["app1", "app2", "gateway", "migrate", "postgres", "proxy", "worker"]);
    expect(services.migrate.command).toEqual(["npx", "prisma", "migrate", "deploy"]);
    for (const name of ["app1", "app2"])
      expect(services[name].command).toEqual(["node", "scripts/server.mjs", "-p", "3000"]);
  });

  it("names only files that exist in its commands", () => {
    const files = Object.values(services).flatMap((s) => (s.command ?? []).filter((a) => /\.(m?js|ts)$/.test(a)));
    expect(files.sort()).toEqual([
      "lib/gateway/main.ts",
      "lib/webhooks/worker-main.ts",
      "scripts/server.mjs",
      "scripts/server.mjs",
    ]);
    for (const f of files) expect(existsSync(path.join(root, f)), f).toBe(true);
  });

  it("uses only documented settings, and production ones", () => {
    const app = services.app1.environment!;
    expect(app.AXYS_DEPLOYMENT).toBe("production");
    expect(app.AXYS_WORKER).toBe("off");
    const names = [
      ...new Set(
        Object.values(services)
          .flatMap((s) => Object.keys(s.environment ?? {}))
          .filter((n) => /^(AXYS|NEXTAUTH)_/.test(n)),
      ),
    ];
    expect(names.length).toBeGreaterThan(8);
    for (const n of names) expect(documented, `${n} is documented`).toContain(n);
  });

  it("trusts X-Forwarded-For from the reverse proxy's fixed address only, inside the network", () => {
    const proxyIp = (services.proxy.networks as { axys: { ipv4_address: string } }).axys.ipv4_address;
    const trusted = parseTrustedProxies(services.app1.environment!.AXYS_TRUSTED_PROXIES);
    expect(trusted.map((t) => t.cidr)).toEqual([`${proxyIp}/32`]);
    const [net, bits] = compose.networks.axys.ipam.config[0].subnet.split("/");
    expect(bits).toBe("16");
    expect(proxyIp.split(".").slice(0, 2)).toEqual(net.split(".").slice(0, 2));
    const nginx = read("deploy/nginx.conf");
    expect(nginx).toMatch(/server app1:3000/);
    expect(nginx).toMatch(/server app2:3000/);
    expect(nginx).toContain("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
    expect(services.proxy.volumes).toEqual(["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"]);
  });
});

describe("Dockerfile", () => {
  const text = read("Dockerfile");
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it("is multi-stage, with production dependencies only in the runtime stage, run by a non-root user", () => {
    expect(stages.map((s) => s.split("\n")[0])).toEqual([
      "node:20-bookworm-slim AS build",
      "node:20-bookworm-slim AS prod-deps",
      "node:20-bookworm-slim AS runtime",
    ]);
    expect(stages[1]).toContain("npm install --omit=dev");
    expect(runtime).toContain("COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules");
    expect(runtime).not.toMatch(/COPY --from=build\S* \/app\/node_modules/);
    expect(runtime).toMatch(/^USER node$/m);
  });

  it("checks its health on the readiness probe and copies only files that exist", () => {
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/api\/health\/ready/m);
    const copied = [...runtime.matchAll(/^COPY --from=build \S+ (.+) \S+$/gm)]
      .flatMap((m) => m[1].split(" "))
      .map((p) => p.replace(/^\/app\//, ""));
    expect(copied.length).toBeGreaterThan(5);
    for (const p of copied.filter((p) => p !== ".next")) expect(existsSync(path.join(root, p)), p).toBe(true);
  });
});
