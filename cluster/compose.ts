// compose.yaml, read: the harness runs each service's own command and settings, so the file and the tests cannot drift.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface ComposeService {
  command: string[];
  /** the literal settings (values with ${...} come from the operator's environment: the harness sets its own) */
  environment: Record<string, string>;
}

export function composeService(name: string): ComposeService {
  const doc = parse(readFileSync("compose.yaml", "utf8"), { merge: true }) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
  };
  const s = doc.services[name];
  if (!s?.command) throw new Error(`compose.yaml has no service "${name}" with a command`);
  const environment = Object.fromEntries(
    Object.entries(s.environment ?? {})
      .map(([k, v]) => [k, String(v)])
      .filter(([, v]) => !v.includes("${")),
  );
  return { command: s.command.map(String), environment };
}
