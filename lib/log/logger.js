// Structured logs: one JSON line per event (pino), human-readable when stdout is a terminal.
// Plain JavaScript with types in logger.d.ts: the portal's own HTTP server (scripts/server.mjs) runs it in plain
// Node before Next loads; the app, the worker and the gateway import it too.
//
// Never log a secret: API keys, private keys, CSRs, webhook secrets, passwords, session tokens, bank details,
// request bodies. Log ids and outcomes. The paths below are redacted as a second line of defence only.
import pino from "pino";
import pretty from "pino-pretty";

/** Field names whose values are never written, at the top level and one object down. */
export const REDACTED_KEYS = [
  "password",
  "secret",
  "apiKey",
  "key",
  "privateKey",
  "privateKeyPem",
  "csr",
  "csrPem",
  "token",
  "authorization",
  "cookie",
  "accountNumber",
  "routingCode",
  "sortCode",
  "iban",
  "body",
];

const level = process.env.AXYS_LOG_LEVEL ?? "info";
const format = process.env.AXYS_LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json");

/** A logger writing to `stream` (default: stdout, pretty in a terminal unless AXYS_LOG_FORMAT=json), at AXYS_LOG_LEVEL unless given. */
export function createLogger(stream, opts = {}) {
  const options = {
    level: opts.level ?? level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: "[redacted]" },
  };
  if (stream) return pino(options, stream);
  if (format === "pretty")
    return pino(options, pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid" }));
  return pino(options);
}

// One logger per process (Next bundles some modules more than once: keep the first).
const g = globalThis;
/** The process's logger. `log.info({ reqId, ... }, "request")`; errors as `log.error({ err: errorInfo(e) }, "...")`. */
export const log = g.axysLog ?? (g.axysLog = createLogger());

/**
 * What may be logged of an error: its class and message, and the stack outside production. Use it instead of
 * logging the error object (a driver error can carry a connection string in fields a serializer would print).
 */
export function errorInfo(e) {
  if (!(e instanceof Error)) return { message: String(e).slice(0, 500) };
  return {
    type: e.name,
    message: e.message.replace(/(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/g, "$1[redacted]@").slice(0, 500),
    ...(process.env.AXYS_DEPLOYMENT === "production" ? {} : { stack: e.stack?.split("\n").slice(1, 6).join("\n") }),
  };
}

/** The path of a request as logged: no query string, and path segments that are secrets (invitation tokens) masked. */
export function loggedPath(url) {
  const path = String(url ?? "")
    .split(/[?#]/)[0]
    .slice(0, 300);
  return path.replace(/^\/invite\/[^/]+/, "/invite/:token");
}
