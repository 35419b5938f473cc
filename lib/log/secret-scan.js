// Scans log text for secrets that must never be written (used on the server log of every end-to-end run by
// scripts/test-all.mjs, and tested in secret-scan.test.ts). Shapes, not values: every API key, webhook secret,
// private key and CSR the run generated is caught, whatever its value; plus the run's own known secrets.

export const SECRET_SHAPES = [
  { name: "API key", re: /axys_(?:stg|prd)_[tp]_[A-Za-z0-9]{32}/ },
  { name: "webhook signing secret", re: /whsec_[A-Za-z0-9+/]{40,}={0,2}/ },
  { name: "private key (PEM)", re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { name: "certificate signing request", re: /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----/ },
  { name: "invitation link token", re: /\/invite\/(?!:token)[A-Za-z0-9_-]{16,}/ },
  { name: "session cookie", re: /next-auth\.session-token=[A-Za-z0-9._-]{20,}/ },
];

/**
 * The secrets found in `text`: each shape and each known value (length >= 8) that occurs, with its first line
 * number. Known values are reported by name only, never echoed.
 */
export function findSecrets(text, known = {}) {
  const lines = String(text).split("\n");
  const hits = [];
  const firstLine = (test) => lines.findIndex(test) + 1;
  for (const { name, re } of SECRET_SHAPES) {
    const line = firstLine((l) => re.test(l));
    if (line) hits.push({ name, line });
  }
  for (const [name, value] of Object.entries(known)) {
    if (typeof value !== "string" || value.length < 8) continue;
    const line = firstLine((l) => l.includes(value));
    if (line) hits.push({ name, line });
  }
  return hits;
}

/** How many access-log lines (JSON, msg "request") the text holds: a scan of an empty log proves nothing. */
export function countRequestLines(text) {
  let n = 0;
  for (const l of String(text).split("\n")) {
    if (!l.startsWith("{")) continue;
    try {
      const o = JSON.parse(l);
      if (o.msg === "request" && typeof o.reqId === "string") n++;
    } catch {
      /* not a log line */
    }
  }
  return n;
}
