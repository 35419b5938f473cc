// What the workers deliver to, in the harness's process: an HTTPS webhook receiver that counts what it
// acknowledged (a 200 written to a live connection), and an SMTP server (STARTTLS) that counts the mail.
import https from "node:https";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { localhostTlsPair } from "@/lib/testing/openssl";

export interface Arrival {
  path: string;
  eventId: string;
  type: string;
  at: number;
}

export interface Receiver {
  port: number;
  caFile: string;
  /** every request that arrived (answered or not) */
  arrivals: Arrival[];
  /** requests answered 200 on a connection still open: what the receiver acknowledged */
  acked: Arrival[];
  /** requests whose connection closed before the answer (their sender died) */
  aborted: Arrival[];
  /** requests held while the gate is closed */
  held: () => number;
  closeGate: () => void;
  openGate: () => void;
  close: () => Promise<void>;
}

export async function startWebhookReceiver(): Promise<Receiver> {
  const tls = localhostTlsPair();
  const arrivals: Arrival[] = [];
  const acked: Arrival[] = [];
  const aborted: Arrival[] = [];
  let gateClosed = false;
  let waiting: (() => void)[] = [];
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      let payload: { id?: string; type?: string } = {};
      try {
        payload = JSON.parse(body);
      } catch {
        /* counted with an empty id */
      }
      const a: Arrival = { path: req.url ?? "", eventId: payload.id ?? "", type: payload.type ?? "", at: Date.now() };
      // the verification challenge is echoed (lib/webhooks: the endpoint proves it is the receiver)
      const answer = () => {
        if (res.destroyed || req.socket.destroyed) {
          aborted.push(a);
          return;
        }
        res.writeHead(200, { "content-type": "application/json" }).end(body, () => {
          if (a.type !== "webhook.verification") acked.push(a);
        });
      };
      if (a.type !== "webhook.verification") arrivals.push(a);
      if (gateClosed && a.type !== "webhook.verification") waiting.push(answer);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    caFile: tls.certFile,
    arrivals,
    acked,
    aborted,
    held: () => waiting.length,
    closeGate: () => {
      gateClosed = true;
    },
    openGate: () => {
      gateClosed = false;
      const w = waiting;
      waiting = [];
      for (const answer of w) answer();
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface Mailbox {
  port: number;
  caFile: string;
  messages: { to: string[]; raw: string }[];
  close: () => Promise<void>;
}

export async function startSmtpServer(): Promise<Mailbox> {
  const tls = localhostTlsPair();
  const messages: Mailbox["messages"] = [];
  const server = new SMTPServer({
    key: tls.key,
    cert: tls.cert,
    logger: false,
    authOptional: true,
    onData(stream, session, cb) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.server.address() as AddressInfo).port,
    caFile: tls.certFile,
    messages,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
