import { randomUUID } from "node:crypto";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { internalErrorReply, UNAVAILABLE_RETRY_AFTER_S, unavailableReply } from "@/lib/am-api/errors";
import { flushApiRequestLog } from "@/lib/am-api/request-log";
import { serveAm } from "@/lib/am-api/serve";
import { recordApiKeyUse, type VerifyResult } from "@/lib/api-keys/verify";
import { getCa } from "@/lib/certificates/ca";
import { generateCrlPem } from "@/lib/certificates/crl";
import { db, isDatabaseUnavailable } from "@/lib/db";
import type { Environment } from "@/lib/environments";
import { GatewayState, REFRESH_MS, type CertificateScope, type Entry, type Now } from "@/lib/gateway/state";
import { hashApiKey } from "@/lib/api-keys/format";
import { issueGatewayServerCertificate } from "@/lib/gateway/server-cert";
import { clientIpFrom, isTrustedProxy, normalizeIp, parseTrustedProxies, type TrustedProxy } from "@/lib/net/client-ip";
import { errorInfo, log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";

export interface GatewayOptions {
  environment: Environment;
  hostnames?: string[];
  /** addresses or CIDRs of reverse proxies whose X-Forwarded-For is trusted (a bad entry refuses to start) */
  trustedProxies?: string[];
  /** a fixed server certificate instead of one issued by the environment CA at start */
  tls?: { certPem: string; keyPem: string };
  now?: () => Date;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
};

/** The caller's IP: the socket peer, or (behind a configured trusted proxy) the last untrusted X-Forwarded-For hop. */
export function callerIp(req: IncomingMessage, trusted: readonly TrustedProxy[]): string {
  return clientIpFrom(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
}

/**
 * What the gateway works out once per connection instead of once per request: the peer certificate's serial
 * (getPeerCertificate() builds the whole certificate object on every call), the peer's address, the hash of
 * the API key last sent on it, and the last allowlist verdict with the exact inputs it was judged from. A
 * cached verdict is reused only while those inputs are the very same objects, so a refresh of the
 * certificate, the allowlist (every REFRESH_MS) or another caller IP judges again.
 */
interface Connection {
  serial: string | null;
  /** the caller's IP when it is the peer itself (not a trusted proxy, whose X-Forwarded-For is read per request) */
  peerIp: string | null;
  /** the last X-API-Key sent on this connection and its hash (the connection ends within keepAliveTimeout idle) */
  key?: { raw: string; hash: string };
  verdict?: { cert: CertificateScope; entries: Entry[]; ip: string; entry: Entry | undefined; single?: SingleDns };
}
type SingleDns = { ok: boolean; reason: string | null };
/** A step of a request's handling: done (answered or refused), or a promise of the rest once a read settles. */
type Step = void | Promise<void>;
/** When the request arrived (process.hrtime.bigint()), kept on the response. */
const STARTED = Symbol("axys.gateway.started");
type TimedResponse = ServerResponse & { [STARTED]?: bigint };

/**
 * The Axys gateway for one environment: mutual TLS with the environment CA (expired, foreign and
 * revoked certificates fail the handshake), then the calling IP against the certificate scope's
 * allowlist and FCrDNS against the presented certificate's DNS names (403), then an X-API-Key of the
 * same, enabled API user as the certificate (401), then the endpoint (404 for tenant-level
 * credentials on program-level endpoints).
 */
export async function createGatewayServer(
  opts: GatewayOptions,
): Promise<{ server: https.Server; close: () => Promise<void> }> {
  const { environment } = opts;
  const now = opts.now ?? (() => new Date());
  const trusted = parseTrustedProxies(opts.trustedProxies ?? []);
  const ca = await getCa(environment);
  const serverTls =
    opts.tls ?? (await issueGatewayServerCertificate(ca, opts.hostnames ?? ["localhost", "127.0.0.1", "::1"]));
  const state = new GatewayState(environment, now);

  let crlStamp = "";
  const tlsOptions = async () => ({
    key: serverTls.keyPem,
    cert: serverTls.certPem,
    ca: [ca.certificatePem],
    crl: [await generateCrlPem(environment, now())],
  });
  const revocationStamp = async () => {
    const r = await db.certificate.aggregate({
      where: { caId: ca.id, revokedAt: { not: null } },
      _count: true,
      _max: { revokedAt: true },
    });
    return `${r._count}|${r._max.revokedAt?.getTime() ?? 0}`;
  };
  crlStamp = await revocationStamp();

  // Metric children bound once per label set (prom-client hashes the label object on every unbound call).
  const decisionCounters = new Map<string, ReturnType<typeof metrics.gatewayDecisions.labels>>();
  const durationHistograms = new Map<number, ReturnType<typeof metrics.gatewayDuration.labels>>();
  const countDecision = (status: number, code: string) => {
    const k = `${status}|${code}`;
    let c = decisionCounters.get(k);
    if (!c) {
      c = metrics.gatewayDecisions.labels({ environment, status: String(status), code });
      if (decisionCounters.size < 1000) decisionCounters.set(k, c); // codes come from our own answers; bound it anyway
    }
    c.inc();
  };
  const observeDuration = (res: TimedResponse, status: number) => {
    const t0 = res[STARTED];
    if (t0 === undefined) return;
    let h = durationHistograms.get(status);
    if (!h)
      durationHistograms.set(status, (h = metrics.gatewayDuration.labels({ environment, status: String(status) })));
    h.observe(Number(process.hrtime.bigint() - t0) / 1e9);
  };
  /** requests being handled: close() lets them finish (their request-log lines too) before it flushes the log */
  const inFlight = new Set<Promise<void>>();
  /** Every answer: counted by status and error code, timed from the request's arrival. */
  const answer = (
    res: ServerResponse,
    status: number,
    body: { error?: string | { code?: string } } & Record<string, unknown>,
    headers?: Record<string, string>,
  ) => {
    const code = typeof body.error === "string" ? body.error : (body.error?.code ?? "ok");
    countDecision(status, code);
    observeDuration(res, status);
    json(res, status, body, headers);
  };
  /**
   * A refusal of the gateway's own checks (allowlist, FCrDNS, API key). On /am/ paths it takes the Account
   * Management API's error shape with an X-Request-Id, as the API's OpenAPI document promises for every answer.
   */
  const refuse = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    e: { error: string; message: string },
    headers: Record<string, string> = {},
  ) => {
    if (!(req.url ?? "/").startsWith("/am/")) return answer(res, status, e, headers);
    const requestId = randomUUID();
    const body = { error: { code: e.error, message: e.message, request_id: requestId } };
    return answer(res, status, body, { ...headers, "x-request-id": requestId });
  };
  /**
   * A request the gateway could not answer: 503 with Retry-After while the database is down or unreachable (the
   * checks cannot be made), else 500; in the AM API's error shape on /am/ paths.
   */
  const failed = (req: IncomingMessage, res: ServerResponse, e: unknown) => {
    const down = isDatabaseUnavailable(e);
    if (down) log.warn({ err: errorInfo(e) }, "gateway request failed: the database is unavailable");
    else log.error({ err: errorInfo(e) }, "gateway request failed");
    if (res.headersSent) return;
    const { status, headers, body } = (down ? unavailableReply : internalErrorReply)("");
    const { code, message } = (body as { error: { code: string; message: string } }).error;
    const flat = down
      ? `The gateway cannot reach its database for the moment: retry in ${UNAVAILABLE_RETRY_AFTER_S} s.`
      : "The gateway could not process the request.";
    const isAm = (req.url ?? "/").startsWith("/am/");
    refuse(req, res, status, { error: code, message: isAm ? message : flat }, headers);
  };
  /**
   * A streamed answer (an AM CSV export): sent as it is produced, pulled only as fast as the client reads. A failure
   * mid-stream cannot change the status any more: the connection is destroyed, so the client sees a truncated
   * body as an error, never as a complete file.
   */
  const streamAnswer = async (
    res: ServerResponse,
    status: number,
    stream: ReadableStream<Uint8Array>,
    headers: Record<string, string> = {},
  ) => {
    countDecision(status, "ok");
    res.writeHead(status, headers);
    try {
      await pipeline(Readable.fromWeb(stream as NodeReadableStream<Uint8Array>), res);
    } catch (e) {
      log.error({ err: errorInfo(e) }, "gateway streamed answer failed");
      res.destroy();
    }
    observeDuration(res, status);
  };
  const server = https.createServer(
    { ...(await tlsOptions()), requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" },
    (req, res: TimedResponse) => {
      res[STARTED] = process.hrtime.bigint();
      let step: Step;
      try {
        step = handle(req, res);
      } catch (e) {
        return failed(req, res, e);
      }
      // answered already (every check hit the caches): nothing to wait for
      if (!step) return;
      const work = step.catch((e) => failed(req, res, e));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  );
  // Refused handshakes (no, foreign, expired or revoked certificate), by OpenSSL's reason code.
  server.on("tlsClientError", (err: NodeJS.ErrnoException, socket) => {
    metrics.gatewayHandshakeFailures.inc({
      environment,
      reason: /^[A-Z0-9_]{1,80}$/.test(err.code ?? "") ? err.code! : "other",
    });
    socket.destroy();
  });
  server.keepAliveTimeout = 30_000;

  // Revocations reach the TLS layer within REFRESH_MS: a new CRL whenever the CA's revocations change.
  const timer = setInterval(async () => {
    try {
      const stamp = await revocationStamp();
      if (stamp !== crlStamp) {
        server.setSecureContext(await tlsOptions());
        crlStamp = stamp;
      }
    } catch (e) {
      log.error({ err: errorInfo(e) }, "gateway CRL refresh failed");
    }
  }, REFRESH_MS);
  timer.unref();

  const connections = new WeakMap<TLSSocket, Connection>();
  const connectionOf = (socket: TLSSocket) => {
    let c = connections.get(socket);
    if (!c) {
      const peer = normalizeIp(socket.remoteAddress);
      c = {
        serial: socket.getPeerCertificate()?.serialNumber?.toUpperCase() ?? null,
        peerIp: peer && !isTrustedProxy(peer, trusted) ? peer : null,
      };
      connections.set(socket, c);
    }
    return c;
  };

  /** `f` of a value now, or once its promise settles: the request goes on without a promise while the caches hit. */
  const then = <T>(v: Now<T>, f: (x: T) => Step): Step => (v instanceof Promise ? v.then(f) : f(v));

  /**
   * One request through the checks, each step taking what the caches hold (see GatewayState): a request whose
   * checks all hit is answered without a promise or a microtask; a cache miss continues the same steps once its
   * read settles.
   */
  function handle(req: IncomingMessage, res: ServerResponse): Step {
    const conn = connectionOf(req.socket as TLSSocket);
    return then(conn.serial ? state.certificate(conn.serial) : null, (cert) => withCertificate(req, res, conn, cert));
  }

  function withCertificate(
    req: IncomingMessage,
    res: ServerResponse,
    conn: Connection,
    cert: CertificateScope | null,
  ): Step {
    // Signed by our CA but unknown here, or revoked since the last CRL refresh: end it like a failed handshake.
    if (!cert || cert.revoked) {
      metrics.gatewayHandshakeFailures.inc({ environment, reason: cert ? "CERT_REVOKED_SINCE_CRL" : "CERT_UNKNOWN" });
      return void req.socket.destroy();
    }
    const ip = conn.peerIp ?? callerIp(req, trusted);
    return then(state.allowlist(cert.tenantId, cert.programId), (entries) =>
      withAllowlist(req, res, conn, cert, ip, entries),
    );
  }

  function withAllowlist(
    req: IncomingMessage,
    res: ServerResponse,
    conn: Connection,
    cert: CertificateScope,
    ip: string,
    entries: Entry[],
  ): Step {
    let v = conn.verdict;
    if (!v || v.cert !== cert || v.entries !== entries || v.ip !== ip)
      v = conn.verdict = { cert, entries, ip, entry: GatewayState.match(entries, ip) };
    const entry = v.entry;
    if (!entry) {
      const scopeName = cert.programId ? `program ${cert.programId}` : "tenant-level";
      return refuse(req, res, 403, {
        error: "ip_not_authorized",
        message: `Requests must come from an IP address authorized for these credentials: ${ip} is not on the ${environment} allowlist of the ${scopeName} scope.`,
      });
    }
    // a single address: judged from the entry's stored evidence and the certificate alone, so once per verdict
    if (entry.rangeStart === entry.rangeEnd)
      return withDns(req, res, conn, cert, ip, (v.single ??= GatewayState.singleFcrdns(entry, ip, cert.dnsNames)));
    // a range: the live check has its own cache lifetime, so it is looked up on every request
    return then(state.rangeFcrdns(ip, cert.dnsNames), (r) =>
      withDns(req, res, conn, cert, ip, { ok: r.status === "pass", reason: r.reason }),
    );
  }

  function withDns(
    req: IncomingMessage,
    res: ServerResponse,
    conn: Connection,
    cert: CertificateScope,
    ip: string,
    dns: SingleDns,
  ): Step {
    if (!dns.ok) {
      return refuse(req, res, 403, {
        error: "ip_not_authorized",
        message: `Requests must come from an authorized IP address: ${ip} is allowlisted but fails the forward-confirmed reverse DNS check. ${dns.reason ?? "Not checked yet."}`,
      });
    }
    const raw = req.headers["x-api-key"];
    if (typeof raw !== "string" || !raw)
      return refuse(req, res, 401, { error: "missing_api_key", message: "Send your API key in the X-API-Key header." });
    let key = conn.key;
    if (!key || key.raw !== raw) key = conn.key = { raw, hash: hashApiKey(raw) };
    return then(state.verifyKey(raw, key.hash), (verified) => withKey(req, res, cert, ip, verified));
  }

  function withKey(
    req: IncomingMessage,
    res: ServerResponse,
    cert: CertificateScope,
    ip: string,
    verified: VerifyResult,
  ): Step {
    if (!verified.ok)
      return refuse(req, res, 401, {
        error: "invalid_api_key",
        message: `The X-API-Key is not valid here (${verified.reason.replace("_", " ")}).`,
      });
    const k = verified.scope;
    if (k.tenantId !== cert.tenantId || k.programId !== cert.programId) {
      return refuse(req, res, 401, {
        error: "invalid_api_key",
        message:
          "The X-API-Key belongs to another scope than the client certificate: use the key of the same Program (or tenant-level) credential set.",
      });
    }
    // A credential set is one API user's: its certificate works only with its own keys (a disabled user's keys fail above).
    if (k.apiUserId !== cert.apiUserId) {
      return refuse(req, res, 401, {
        error: "invalid_api_key",
        message: cert.apiUserId
          ? "The X-API-Key belongs to another API user than the client certificate: a certificate works only with the keys of the API user it was issued for."
          : "The client certificate is bound to no API user: issue a new certificate for the API user whose key you send.",
      });
    }
    const touched = recordApiKeyUse(k.keyId, ip, now());
    if (touched) void touched.catch(() => undefined);

    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    // the Account Management API (lib/am-api): production listener, tenant-level API users; 404 for anyone else
    if (path.startsWith("/am/"))
      return serveAm(req, { environment, apiUserId: cert.apiUserId, ip }).then((r) =>
        r.stream
          ? streamAnswer(res, r.status, r.stream, r.headers)
          : answer(res, r.status, r.body as Record<string, unknown>, r.headers),
      );
    if (req.method === "GET" && path === "/v2/ping")
      return answer(res, 200, {
        ok: true,
        environment,
        scope: cert.programId ? { program: cert.programId } : { tenant: true },
      });
    if (req.method === "GET" && path === "/v2/cardholders") {
      if (!cert.programId) {
        return answer(res, 404, {
          error: "not_found",
          message:
            "Tenant-level credentials cannot call program-level endpoints such as /v2/cardholders: use the Program's certificate and API key.",
        });
      }
      return answer(res, 200, { program: cert.programId, ok: true });
    }
    return answer(res, 404, { error: "not_found", message: `No endpoint ${req.method} ${path}.` });
  }

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.closeAllConnections?.();
        server.close(() => resolve());
      })
        // requests already inside (a cut connection does not stop their handler) end, within a bound; then the
        // request log's queued lines are written before the gateway is gone
        .then(() => Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 5000).unref())]))
        .then(flushApiRequestLog),
  };
}
