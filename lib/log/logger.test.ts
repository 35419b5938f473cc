import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRINCIPAL_HEADER } from "@/lib/log/headers";
import { createLogger, errorInfo, loggedPath } from "@/lib/log/logger";
import { trackRequest } from "@/lib/log/request-log";
import { countRequestLines, findSecrets } from "@/lib/log/secret-scan";

/** A logger whose JSON lines land in an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger(stream, { level: "debug" }) };
}

describe("the logger", () => {
  it("writes one JSON line with time, level and fields, and redacts secret-named fields", () => {
    const { lines, logger } = capture();
    logger.info({ reqId: "r1", password: "hunter22", nested: { apiKey: "axys_prd_t_x", ok: 1 } }, "hello");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "hello",
      reqId: "r1",
      password: "[redacted]",
      nested: { apiKey: "[redacted]", ok: 1 },
    });
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
  });

  it("logs an error's class and message with a connection string's password removed", () => {
    const e = new Error("connect failed postgresql://axys:s3cret-pass@db:5432/axys");
    const info = errorInfo(e);
    expect(info.message).toBe("connect failed postgresql://axys:[redacted]@db:5432/axys");
    expect(info.type).toBe("Error");
    expect(errorInfo("plain")).toEqual({ message: "plain" });
  });

  it("logs paths without their query and with invitation tokens masked", () => {
    expect(loggedPath("/invite/AbCdEf0123456789xyz?x=1")).toBe("/invite/:token");
    expect(loggedPath("/login?callbackUrl=%2Fprograms")).toBe("/login");
    expect(loggedPath("/programs/p_1/fees#top")).toBe("/programs/p_1/fees");
  });
});

describe("the access log", () => {
  const { lines, logger } = capture();
  let server: Server;
  let base = "";
  const seenByApp: (string | undefined)[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      trackRequest(req, res, "203.0.113.7", logger);
      seenByApp.push(req.headers["x-request-id"] as string | undefined);
      if (req.url?.startsWith("/signed-in")) res.setHeader(PRINCIPAL_HEADER, "u_1 t_1");
      res.writeHead(req.url?.startsWith("/boom") ? 500 : 200, { "Content-Type": "text/plain" });
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("gives each request an id (the caller's is replaced), returns it, and logs one line per request", async () => {
    const res = await fetch(`${base}/signed-in/programs?secret=1`, { headers: { "X-Request-Id": "forged-id" } });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(seenByApp.at(-1)).toBe(id);
    expect(res.headers.get(PRINCIPAL_HEADER)).toBeNull();
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "request",
      reqId: id,
      method: "GET",
      path: "/signed-in/programs",
      status: 200,
      ip: "203.0.113.7",
      userId: "u_1",
      tenantId: "t_1",
    });
    expect(lines[0].latencyMs).toEqual(expect.any(Number));

    const boom = await fetch(`${base}/boom`);
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[1]).toMatchObject({ level: "error", status: 500, reqId: boom.headers.get("x-request-id") });
    expect(lines[1].userId).toBeUndefined();
    expect(countRequestLines(lines.map((l) => JSON.stringify(l)).join("\n"))).toBe(2);
  });
});

describe("the log secret scan", () => {
  it("finds every secret shape and known value, by name and line", () => {
    const text = [
      '{"msg":"request","reqId":"a","path":"/invite/:token"}',
      "key axys_prd_t_0123456789abcdefghijABCDEFGHIJ0123",
      `whsec_${"A".repeat(43)}=`,
      "-----BEGIN PRIVATE KEY-----",
      "-----BEGIN CERTIFICATE REQUEST-----",
      "GET /invite/AbCdEf0123456789xyzXYZ",
      "the password is e2e-password-123",
    ].join("\n");
    expect(findSecrets(text, { "e2e password": "e2e-password-123", short: "abc" })).toEqual([
      { name: "API key", line: 2 },
      { name: "webhook signing secret", line: 3 },
      { name: "private key (PEM)", line: 4 },
      { name: "certificate signing request", line: 5 },
      { name: "invitation link token", line: 6 },
      { name: "e2e password", line: 7 },
    ]);
    expect(findSecrets('{"msg":"request","path":"/invite/:token","key":"axys_prd_t_…abcd"}')).toEqual([]);
  });
});
