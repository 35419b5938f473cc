import "server-only";
import { readFileSync } from "node:fs";
import net from "node:net";
import { rootCertificates } from "node:tls";
import nodemailer from "nodemailer";
import { scrubSecrets, type SmtpSettings } from "@/lib/mail/config";

export type SendResult =
  { ok: true; messageId: string; ms: number } | { ok: false; permanent: boolean; error: string; ms: number };

export interface MailToSend {
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

let caCache: { file: string; ca: string[] } | null = null;
/** The public roots plus AXYS_SMTP_CA_FILE (read once per file): `ca` replaces the roots, so both are given. */
function caFor(s: SmtpSettings): string[] | undefined {
  if (!s.caFile) return undefined;
  if (caCache?.file !== s.caFile)
    caCache = { file: s.caFile, ca: [...rootCertificates, readFileSync(s.caFile, "utf8")] };
  return caCache.ca;
}

/** An SMTP answer that refuses this message or recipient for good (5xx to RCPT TO or DATA); a 5xx to the login or
 * the sender is a configuration problem that would refuse every message, so it is retried like a 4xx. */
function isPermanent(e: { code?: string; responseCode?: number; command?: string }): boolean {
  if (e.code === "EENVELOPE" && e.command === "API") return true; // an address nodemailer cannot send to at all
  return (e.responseCode ?? 0) >= 500 && (e.command === "RCPT TO" || e.command === "DATA");
}

/**
 * Sends one message through the SMTP server under a hard total deadline: DNS, connect, TLS (STARTTLS is required
 * on smtp://), login, the message and the server's answer must fit in `s.timeoutMs`, or the socket is destroyed and
 * the attempt fails (a server that never answers or trickles cannot hold a worker). A fresh connection per message.
 * Errors are returned, never thrown, and carry no password.
 */
export async function sendMail(s: SmtpSettings, m: MailToSend): Promise<SendResult> {
  const started = Date.now();
  const sockets: net.Socket[] = [];
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    requireTLS: !s.secure,
    auth: s.user ? { user: s.user, pass: s.pass ?? "" } : undefined,
    tls: { ca: caFor(s), minVersion: "TLSv1.2" },
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: s.timeoutMs,
    dnsTimeout: s.timeoutMs,
    logger: false,
    debug: false,
    // our own socket, so the deadline can destroy it whatever state the conversation is in
    getSocket(
      _options: unknown,
      callback: (err: Error | null, socketOptions: { connection: net.Socket } | null) => void,
    ) {
      const socket = net.connect({ host: s.host, port: s.port });
      sockets.push(socket);
      let handedOver = false;
      socket.once("connect", () => {
        handedOver = true;
        callback(null, { connection: socket });
      });
      socket.on("error", (e) => {
        if (!handedOver) {
          handedOver = true;
          callback(e, null);
        }
      });
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((r) => {
    timer = setTimeout(() => r("late"), s.timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      transport
        .sendMail({
          from: s.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          headers: { "Auto-Submitted": "auto-generated" },
        })
        .then(
          (info) => ({ info }),
          (err: unknown) => ({ err }),
        ),
      late,
    ]);
    const ms = Date.now() - started;
    if (outcome === "late")
      return { ok: false, permanent: false, error: `no complete answer within the ${s.timeoutMs} ms deadline`, ms };
    if ("info" in outcome) return { ok: true, messageId: String(outcome.info.messageId ?? ""), ms };
    const e = (outcome.err ?? {}) as { code?: string; responseCode?: number; command?: string; message?: string };
    const text = `${e.code ? `${e.code}: ` : ""}${e.message ?? String(outcome.err)}`;
    return { ok: false, permanent: isPermanent(e), error: scrubSecrets(text, s).slice(0, 500), ms };
  } finally {
    clearTimeout(timer);
    for (const socket of sockets) socket.destroy();
    transport.close();
  }
}
