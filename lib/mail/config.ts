import "server-only";

/** Hard total deadline of one SMTP attempt (connect, TLS, greeting, login, the message and its answer), default 10 s. */
export const DEFAULT_SMTP_TIMEOUT_MS = 10_000;
export const DEFAULT_MAIL_FROM = "Axys <no-reply@axys.localhost>";

/** How the worker reaches the mail server: read from AXYS_SMTP_URL and friends (docs/email.md). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** smtps:// (TLS from the first byte); smtp:// requires STARTTLS before anything else is said */
  secure: boolean;
  user: string | null;
  pass: string | null;
  from: string;
  timeoutMs: number;
  /** an extra CA to trust (a test server's self-signed certificate, a private relay) */
  caFile: string | null;
  /** the URL with its password replaced: the only form of it that may reach a log or an error */
  display: string;
}

const ADDRESS = /^[^\s<>@]+@[^\s<>@]+$/;

/**
 * The SMTP settings, or null when AXYS_SMTP_URL is not set (mail then stays in the outbox, see /dev/mail).
 * A setting that is wrong throws a message that says which and how to fix it, never the URL's password.
 */
export function smtpSettings(env: Record<string, string | undefined> = process.env): SmtpSettings | null {
  const raw = env.AXYS_SMTP_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("AXYS_SMTP_URL is not a URL: write smtp://user:password@host:587 (STARTTLS) or smtps://…:465.");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new Error(`AXYS_SMTP_URL must start with smtp:// (STARTTLS) or smtps:// (TLS), not ${url.protocol}//.`);
  const secure = url.protocol === "smtps:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!host) throw new Error("AXYS_SMTP_URL names no host: write smtp://user:password@host:587.");
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const user = url.username ? decodeURIComponent(url.username) : null;
  const pass = url.password ? decodeURIComponent(url.password) : null;
  const display = `${url.protocol}//${user ? `${encodeURIComponent(user)}${pass ? ":***" : ""}@` : ""}${url.host}`;

  const from = env.AXYS_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  if (!ADDRESS.test(address)) throw new Error(`AXYS_MAIL_FROM must be an address or "Name <address>" (got "${from}").`);

  const rawTimeout = env.AXYS_SMTP_TIMEOUT_MS;
  const timeoutMs = rawTimeout ? Number(rawTimeout) : DEFAULT_SMTP_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000)
    throw new Error(`AXYS_SMTP_TIMEOUT_MS must be a whole number from 100 to 120000 (got "${rawTimeout}").`);

  return { host, port, secure, user, pass, from, timeoutMs, caFile: env.AXYS_SMTP_CA_FILE?.trim() || null, display };
}

/**
 * Removes the SMTP password from a text that is about to be stored or logged (an error from the library or the
 * server): as written, URL-encoded, and in the base64 forms AUTH PLAIN and AUTH LOGIN send it in.
 */
export function scrubSecrets(text: string, s: Pick<SmtpSettings, "user" | "pass">): string {
  if (!s.pass) return text;
  const forms = [
    s.pass,
    encodeURIComponent(s.pass),
    Buffer.from(s.pass).toString("base64"),
    Buffer.from(`\0${s.user ?? ""}\0${s.pass}`).toString("base64"),
  ].filter((f) => f.length >= 3);
  return forms.reduce((t, f) => t.split(f).join("***"), text);
}
