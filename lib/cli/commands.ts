import { readFileSync } from "node:fs";
import { addAllowlistEntry, displayCidr, listAllowlist, recheckAllowlistEntry } from "@/lib/allowlist/service";
import { issueApiKey, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { API_USER_PATTERNS } from "@/lib/api-users/schemas";
import { createApiUser } from "@/lib/api-users/service";
import { ROLES } from "@/lib/auth/permissions";
import { CARD_TYPES, FINISHES, NETWORKS, REJECTION_REASONS, type RejectionReason } from "@/lib/card-designs/schemas";
import { reviewDesign, submitDesign } from "@/lib/card-designs/service";
import { REVOCATION_REASONS } from "@/lib/certificates/schemas";
import { getCaCertificatePem, revokeCertificate, submitCsr } from "@/lib/certificates/service";
import { command, flag, type Command } from "@/lib/cli/command";
import { CliError } from "@/lib/cli/io";
import { createDemoTenant } from "@/lib/demo/service";
import { FEE_TEMPLATE_KEYS } from "@/lib/programs/fee-templates";
import { createProgram, listPrograms } from "@/lib/programs/service";
import { decideRequest, listRequestQueue, startReview } from "@/lib/requests/service";
import { createTenant } from "@/lib/tenants/service";
import { createUser } from "@/lib/users/service";
import { addWebhookEndpoint, listDeliveries } from "@/lib/webhooks/service";

const REJECTION_REASON_KEYS = Object.keys(REJECTION_REASONS) as [RejectionReason, ...RejectionReason[]];

/** Every command of the admin CLI, keyed "noun verb". Later capabilities add theirs in their own file. */
export const COMMANDS: Record<string, Command> = {
  "tenant create": command({
    usage: '--name "Acme Cards" --slug acme [--legal-name "Acme Cards Ltd"]',
    flags: { name: flag.text(), slug: flag.text(), "legal-name": flag.optionalText() },
    context: "operator",
    async run(ctx, f) {
      const t = await createTenant(ctx, { name: f.name, slug: f.slug, legalName: f["legal-name"] });
      return { json: t, text: `created tenant ${t.slug} (${t.id}), legal name "${t.legalName}"` };
    },
  }),
  "user create": command({
    usage:
      "[--tenant acme] --email x@y --role tenant_admin|tenant_viewer|partner_viewer|staff_reviewer [--program prg_...] [--name N] --password-stdin",
    flags: {
      tenant: flag.optionalText(),
      email: flag.text(),
      role: flag.oneOf(ROLES),
      program: flag.optionalText(),
      name: flag.optionalText(),
      "password-stdin": flag.switch(),
    },
    context: { tenant: "tenant", optional: true },
    async run(ctx, f, io) {
      if (!f["password-stdin"])
        throw new CliError(
          "USAGE",
          "Pass the password on standard input with --password-stdin (never as a flag: it would land in shell history).",
        );
      const u = await createUser(ctx, {
        tenantId: ctx.tenantId,
        email: f.email,
        role: f.role,
        programId: f.program ?? null,
        name: f.name,
        password: await io.readStdin(),
      });
      return { json: u, text: `created ${u.role} ${u.email} (${u.id})` };
    },
  }),
  "program create": command({
    usage:
      '--tenant acme --name "Acme Debit" --currency EUR --limit 5000.00 --3ds on|off [--fee-template standard_debit|prepaid_lite|crypto_funded]',
    flags: {
      tenant: flag.text(),
      name: flag.text(),
      currency: flag.text(),
      limit: flag.text(),
      "3ds": flag.text(),
      "fee-template": flag.optionalOneOf(FEE_TEMPLATE_KEYS),
    },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      const p = await createProgram(ctx, {
        name: f.name,
        baseCurrency: f.currency,
        transactionLimit: f.limit,
        threeDsEnabled: f["3ds"],
        feeTemplate: f["fee-template"] ?? "standard_debit",
      });
      return {
        json: p,
        text: `created program ${p.id} "${p.name}" (${p.baseCurrency}, limit ${p.transactionLimit}, 3DS ${p.threeDsEnabled ? "on" : "off"})`,
      };
    },
  }),
  "program list": command({
    usage: "--tenant acme",
    flags: { tenant: flag.text() },
    context: { tenant: "tenant" },
    async run(ctx) {
      const programs = await listPrograms(ctx, { sort: "name" });
      return {
        json: { programs },
        text: programs.map((p) => `${p.id}  ${p.baseCurrency}  ${p.name}`).join("\n") || "(no programs)",
      };
    },
  }),
  "demo tenant": command({
    usage: '--slug demo1 [--name "Demo Cards"] --password-stdin   (not in production deployments)',
    flags: { slug: flag.text(), name: flag.optionalText(), "password-stdin": flag.switch() },
    context: "operator",
    async run(ctx, f, io) {
      if (!f["password-stdin"])
        throw new CliError("USAGE", "Pass the demo users' password on standard input with --password-stdin.");
      const d = await createDemoTenant(ctx, {
        slug: f.slug,
        name: f.name ?? "Demo Cards",
        password: await io.readStdin(),
      });
      return { json: d, text: `created demo tenant ${d.tenant.slug}: ${d.users.map((u) => u.email).join(", ")}` };
    },
  }),
  "cert issue": command({
    usage:
      "--tenant acme [--program prg_...] --env staging|production --csr <file|-> [--apiuser <id>]   (--apiuser required when the scope has several API users)",
    flags: {
      tenant: flag.text(),
      program: flag.optionalText(),
      env: flag.environment(),
      csr: flag.text(),
      apiuser: flag.optionalText(),
    },
    context: { tenant: "tenant" },
    async run(ctx, f, io) {
      const csrPem = f.csr === "-" ? await io.readStdin() : readFile(f.csr, "csr", "the CSR file");
      const c = await submitCsr(ctx, {
        environment: f.env,
        programId: f.program ?? null,
        csrPem,
        apiUserId: f.apiuser ?? null,
      });
      return {
        json: {
          id: c.id,
          serial: c.serialHex,
          fingerprint: c.fingerprintSha256,
          apiUserId: c.apiUserId,
          notBefore: c.notBefore,
          notAfter: c.notAfter,
          certificatePem: c.certificatePem,
        },
        text: c.certificatePem.trimEnd(),
      };
    },
  }),
  "cert revoke": command({
    usage: `--serial <hex> --reason ${REVOCATION_REASONS.join("|")}`,
    flags: { serial: flag.text(), reason: flag.oneOf(REVOCATION_REASONS) },
    context: { owner: "certificateSerial", flag: "serial" },
    async run(ctx, f, { subjectId }) {
      const r = await revokeCertificate(ctx, { certificateId: subjectId!, reason: f.reason });
      return {
        json: { serial: r.serialHex, revokedAt: r.revokedAt, reason: r.reason },
        text: `revoked ${r.serialHex} (${r.reason})`,
      };
    },
  }),
  "ca export": command({
    usage: "--env staging|production   (PEM to stdout)",
    flags: { env: flag.environment() },
    context: "operator",
    async run(_ctx, f) {
      const pem = await getCaCertificatePem(f.env);
      return { json: { environment: f.env, certificatePem: pem }, text: pem.trimEnd() };
    },
  }),
  "apiuser create": command({
    usage: `--tenant acme --pattern ${API_USER_PATTERNS.join("|")} [--program prg_...] --name N`,
    flags: {
      tenant: flag.text(),
      pattern: flag.oneOf(API_USER_PATTERNS),
      program: flag.optionalText(),
      name: flag.text(),
    },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      const u = await createApiUser(ctx, { name: f.name, pattern: f.pattern, programId: f.program ?? null });
      return {
        json: u,
        text: `created API user ${u.id} "${u.name}" (${u.pattern}${u.programId ? `, ${u.programId}` : ""})`,
      };
    },
  }),
  "apikey create": command({
    usage: "--apiuser <id> --env staging|production   (prints the key once)",
    flags: { apiuser: flag.text(), env: flag.environment() },
    context: { owner: "apiUser", flag: "apiuser" },
    async run(ctx, f) {
      const r = await issueApiKey(ctx, { apiUserId: f.apiuser, environment: f.env });
      return {
        json: { id: r.apiKey.id, key: r.key, masked: r.apiKey.masked, environment: r.apiKey.environment },
        text: r.key,
      };
    },
  }),
  "apikey rotate": command({
    usage: "--id <key id> [--overlap 24h|30m|7d|immediately]   (prints the new key once)",
    flags: { id: flag.text(), overlap: flag.optionalText() },
    context: { owner: "apiKey", flag: "id" },
    async run(ctx, f) {
      const r = await rotateApiKey(ctx, { keyId: f.id, overlap: f.overlap });
      return {
        json: {
          id: r.apiKey.id,
          key: r.key,
          masked: r.apiKey.masked,
          previous: { id: r.previous.id, status: r.previous.status, expiresAt: r.previous.expiresAt },
        },
        text: r.key,
      };
    },
  }),
  "apikey revoke": command({
    usage: "--id <key id>",
    flags: { id: flag.text() },
    context: { owner: "apiKey", flag: "id" },
    async run(ctx, f) {
      const k = await revokeApiKey(ctx, { keyId: f.id });
      return { json: { id: k.id, status: k.status, revokedAt: k.revokedAt }, text: `revoked ${k.masked}` };
    },
  }),
  "allowlist add": command({
    usage:
      "--tenant acme [--program prg_...] --env staging|production --cidr <ip[/len]> --description <d>   (runs FCrDNS)",
    flags: {
      tenant: flag.text(),
      program: flag.optionalText(),
      env: flag.environment(),
      cidr: flag.text(),
      description: flag.text(),
    },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      const e = await addAllowlistEntry(ctx, {
        environment: f.env,
        programId: f.program ?? null,
        cidr: f.cidr,
        description: f.description,
      });
      return {
        json: e,
        text: `added ${displayCidr(e.cidr)} (${e.id}); FCrDNS ${e.dns.status}${e.dns.reason ? `: ${e.dns.reason}` : ""}`,
      };
    },
  }),
  "allowlist check": command({
    usage: "--id <entry id>   (runs FCrDNS now)",
    flags: { id: flag.text() },
    context: { owner: "allowlistEntry", flag: "id" },
    async run(ctx, f) {
      const e = await recheckAllowlistEntry(ctx, { id: f.id });
      return { json: e, text: `${displayCidr(e.cidr)}: FCrDNS ${e.dns.status}: ${e.dns.reason ?? ""}` };
    },
  }),
  "allowlist list": command({
    usage: "--tenant acme [--program prg_...] --env staging|production",
    flags: { tenant: flag.text(), program: flag.optionalText(), env: flag.environment() },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      const entries = await listAllowlist(ctx, { environment: f.env, programId: f.program ?? null });
      return {
        json: { entries },
        text:
          entries
            .map((e) => `${e.id}  ${displayCidr(e.cidr).padEnd(20)} ${e.dns.status.padEnd(14)} ${e.description}`)
            .join("\n") || "(no entries)",
      };
    },
  }),
  "webhook add": command({
    usage:
      "--tenant acme [--program prg_...] --url https://... --events certificate.expiring,certificate.expired   (prints the signing secret once)",
    flags: { tenant: flag.text(), program: flag.optionalText(), url: flag.text(), events: flag.text() },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      const r = await addWebhookEndpoint(ctx, { url: f.url, programId: f.program ?? null, events: f.events });
      return {
        json: { ...r.endpoint, secret: r.secret },
        text: `registered ${r.endpoint.id} (${r.endpoint.status}); signing secret (shown once): ${r.secret}`,
      };
    },
  }),
  "webhook deliveries": command({
    usage: "--id <endpoint id>",
    flags: { id: flag.text() },
    context: { owner: "webhookEndpoint", flag: "id" },
    async run(ctx, f) {
      const deliveries = await listDeliveries(ctx, f.id);
      return {
        json: { deliveries },
        text:
          deliveries
            .map(
              (d) =>
                `${d.createdAt.toISOString()}  ${d.type.padEnd(22)} ${d.status.padEnd(10)} attempts=${d.attemptCount} last=${d.lastStatus ?? "-"}`,
            )
            .join("\n") || "(no deliveries)",
      };
    },
  }),
  "design submit": command({
    usage: `--tenant acme --program prg_... --slot 0-5 --file card.png --name N [--card-type ${CARD_TYPES.join("|")}] [--network ${NETWORKS.join("|")}] [--finish ${FINISHES.join("|")}] [--notes N]`,
    flags: {
      tenant: flag.text(),
      program: flag.text(),
      slot: flag.text(),
      file: flag.text(),
      name: flag.text(),
      "card-type": flag.optionalOneOf(CARD_TYPES),
      network: flag.optionalOneOf(NETWORKS),
      finish: flag.optionalOneOf(FINISHES),
      notes: flag.optionalText(),
    },
    context: { tenant: "tenant" },
    async run(ctx, f) {
      let file: Buffer;
      try {
        file = readFileSync(f.file);
      } catch {
        throw new CliError("USAGE", `Cannot read ${f.file}.`, "file");
      }
      const d = await submitDesign(
        ctx,
        {
          programId: f.program,
          slot: f.slot,
          name: f.name,
          cardType: f["card-type"] ?? "physical",
          network: f.network ?? "visa",
          finish: f.finish ?? "matte",
          notes: f.notes,
        },
        file,
      );
      return {
        json: { id: d.id, slot: d.slot, version: d.version, status: d.status, checks: d.checks },
        text: `submitted slot ${d.slot} v${d.version} (${d.id}): pending review`,
      };
    },
  }),
  "design review": command({
    usage: `--id <design id> --approve | --reject --reason ${REJECTION_REASON_KEYS.join("|")} [--note N]`,
    flags: {
      id: flag.text(),
      approve: flag.switch(),
      reject: flag.switch(),
      reason: flag.optionalOneOf(REJECTION_REASON_KEYS),
      note: flag.optionalText(),
    },
    context: "operator",
    async run(ctx, f) {
      if (f.approve === f.reject) throw new CliError("USAGE", "Give exactly one of --approve or --reject.");
      if (f.reject && !f.reason) throw new CliError("USAGE", "Missing --reason.", "reason");
      const d = await reviewDesign(
        ctx,
        f.approve
          ? { designId: f.id, decision: "approve" }
          : { designId: f.id, decision: "reject", reason: f.reason!, note: f.note },
      );
      return { json: { id: d.id, status: d.status, rejectionReason: d.rejectionReason }, text: `${d.id}: ${d.status}` };
    },
  }),
  "request list": command({
    usage:
      "[--status submitted,in_review]   (SMS sender ID and deposit address type requests, all tenants, oldest first)",
    flags: { status: flag.optionalText() },
    context: "operator",
    async run(ctx, f) {
      const requests = await listRequestQueue(ctx, (f.status ?? "submitted,in_review").split(","));
      return {
        json: { requests },
        text:
          requests
            .map(
              (r) =>
                `${r.id}  ${r.kind.padEnd(21)} ${r.status.padEnd(17)} ${r.tenantName} / ${r.programName}  ${JSON.stringify(r.payload)}`,
            )
            .join("\n") || "(no requests)",
      };
    },
  }),
  "request review": command({
    usage: "--id <request id> --start | --approve | --reject --note N | --request-changes --note N",
    flags: {
      id: flag.text(),
      start: flag.switch(),
      approve: flag.switch(),
      reject: flag.switch(),
      "request-changes": flag.switch(),
      note: flag.optionalText(),
    },
    context: "operator",
    async run(ctx, f) {
      const chosen = (["start", "approve", "reject", "request-changes"] as const).filter((k) => f[k]);
      if (chosen.length !== 1)
        throw new CliError("USAGE", "Give exactly one of --start, --approve, --reject or --request-changes.");
      const r =
        chosen[0] === "start"
          ? await startReview(ctx, f.id)
          : await decideRequest(ctx, {
              requestId: f.id,
              decision: chosen[0] === "request-changes" ? "request_changes" : chosen[0],
              note: f.note,
            });
      return { json: { id: r.id, status: r.status, note: r.decisionNote }, text: `${r.id}: ${r.status}` };
    },
  }),
};

/** A file named by a flag, or a USAGE error naming the flag ("Cannot read the CSR file x.pem."). */
export function readFile(file: string, field: string, what?: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new CliError("USAGE", `Cannot read ${what ? `${what} ` : ""}${file}.`, field);
  }
}
