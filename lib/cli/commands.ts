import { operatorCtx } from "@/lib/auth/context";
import { CliError, type Command, required } from "@/lib/cli/io";
import { readFileSync } from "node:fs";
import { addAllowlistEntry, displayCidr, listAllowlist, recheckAllowlistEntry, unsafeFindAllowlistEntryTenant } from "@/lib/allowlist/service";
import { issueApiKey, revokeApiKey, rotateApiKey, unsafeFindApiKeyTenant } from "@/lib/api-keys/service";
import { createApiUser, unsafeFindApiUserTenant } from "@/lib/api-users/service";
import { getCaCertificatePem, revokeCertificate, submitCsr, unsafeFindCertificateBySerial } from "@/lib/certificates/service";
import { reviewDesign, submitDesign } from "@/lib/card-designs/service";
import { createDemoTenant } from "@/lib/demo/service";
import { decideRequest, listRequestQueue, startReview } from "@/lib/requests/service";
import { addWebhookEndpoint, listDeliveries, unsafeFindWebhookTenant } from "@/lib/webhooks/service";
import { environmentSchema } from "@/lib/environments";
import { createProgram, listPrograms } from "@/lib/programs/service";
import { createTenant, unsafeFindTenantBySlug } from "@/lib/tenants/service";
import { createUser } from "@/lib/users/service";

const op = operatorCtx({});
const tenantCtx = async (slug: string) => operatorCtx({ tenantId: (await unsafeFindTenantBySlug(op, slug)).id });

/** Every command of the admin CLI, keyed "noun verb". Later capabilities add theirs here. */
export const COMMANDS: Record<string, Command> = {
  "tenant create": {
    usage: '--name "Acme Cards" --slug acme [--legal-name "Acme Cards Ltd"]',
    options: { name: { type: "string" }, slug: { type: "string" }, "legal-name": { type: "string" } },
    async run(f) {
      const t = await createTenant(op, { name: required(f, "name"), slug: required(f, "slug"), legalName: f["legal-name"] as string | undefined });
      return { json: t, text: `created tenant ${t.slug} (${t.id}), legal name "${t.legalName}"` };
    },
  },
  "user create": {
    usage: "[--tenant acme] --email x@y --role tenant_admin|tenant_viewer|partner_viewer|staff_reviewer [--program prg_...] [--name N] --password-stdin",
    options: { tenant: { type: "string" }, email: { type: "string" }, role: { type: "string" }, program: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } },
    async run(f, io) {
      if (!f["password-stdin"]) throw new CliError("USAGE", "Pass the password on standard input with --password-stdin (never as a flag: it would land in shell history).");
      const tenantId = typeof f.tenant === "string" ? (await unsafeFindTenantBySlug(op, f.tenant)).id : null;
      const u = await createUser(op, {
        tenantId, email: required(f, "email"), role: required(f, "role") as never, programId: (f.program as string) ?? null,
        name: f.name as string | undefined, password: await io.readStdin(),
      });
      return { json: u, text: `created ${u.role} ${u.email} (${u.id})` };
    },
  },
  "program create": {
    usage: '--tenant acme --name "Acme Debit" --currency EUR --limit 5000.00 --3ds on|off [--fee-template standard_debit|prepaid_lite|crypto_funded]',
    options: { tenant: { type: "string" }, name: { type: "string" }, currency: { type: "string" }, limit: { type: "string" }, "3ds": { type: "string" }, "fee-template": { type: "string" } },
    async run(f) {
      const ctx = await tenantCtx(required(f, "tenant"));
      const p = await createProgram(ctx, {
        name: required(f, "name"), baseCurrency: required(f, "currency"), transactionLimit: required(f, "limit"),
        threeDsEnabled: required(f, "3ds"), feeTemplate: ((f["fee-template"] as string) ?? "standard_debit") as never,
      });
      return { json: p, text: `created program ${p.id} "${p.name}" (${p.baseCurrency}, limit ${p.transactionLimit}, 3DS ${p.threeDsEnabled ? "on" : "off"})` };
    },
  },
  "program list": {
    usage: "--tenant acme",
    options: { tenant: { type: "string" } },
    async run(f) {
      const programs = await listPrograms(await tenantCtx(required(f, "tenant")), { sort: "name" });
      return { json: { programs }, text: programs.map((p) => `${p.id}  ${p.baseCurrency}  ${p.name}`).join("\n") || "(no programs)" };
    },
  },
  "demo tenant": {
    usage: '--slug demo1 [--name "Demo Cards"] --password-stdin   (not in production deployments)',
    options: { slug: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } },
    async run(f, io) {
      if (!f["password-stdin"]) throw new CliError("USAGE", "Pass the demo users' password on standard input with --password-stdin.");
      const d = await createDemoTenant(op, { slug: required(f, "slug"), name: (f.name as string) ?? "Demo Cards", password: await io.readStdin() });
      return { json: d, text: `created demo tenant ${d.tenant.slug}: ${d.users.map((u) => u.email).join(", ")}` };
    },
  },
  "cert issue": {
    usage: "--tenant acme [--program prg_...] --env staging|production --csr <file|-> [--apiuser <id>]   (--apiuser required when the scope has several API users)",
    options: { tenant: { type: "string" }, program: { type: "string" }, env: { type: "string" }, csr: { type: "string" }, apiuser: { type: "string" } },
    async run(f, io) {
      const ctx = await tenantCtx(required(f, "tenant"));
      const source = required(f, "csr");
      const csrPem = source === "-" ? await io.readStdin() : readCsrFile(source);
      const c = await submitCsr(ctx, { environment: required(f, "env") as never, programId: (f.program as string) ?? null, csrPem, apiUserId: (f.apiuser as string) ?? null });
      return {
        json: { id: c.id, serial: c.serialHex, fingerprint: c.fingerprintSha256, apiUserId: c.apiUserId, notBefore: c.notBefore, notAfter: c.notAfter, certificatePem: c.certificatePem },
        text: c.certificatePem.trimEnd(),
      };
    },
  },
  "cert revoke": {
    usage: "--serial <hex> --reason keyCompromise|superseded|cessationOfOperation|affiliationChanged|unspecified",
    options: { serial: { type: "string" }, reason: { type: "string" } },
    async run(f) {
      const found = await unsafeFindCertificateBySerial(op, required(f, "serial"));
      const r = await revokeCertificate(operatorCtx({ tenantId: found.tenantId }), { certificateId: found.id, reason: required(f, "reason") as never });
      return { json: { serial: r.serialHex, revokedAt: r.revokedAt, reason: r.reason }, text: `revoked ${r.serialHex} (${r.reason})` };
    },
  },
  "ca export": {
    usage: "--env staging|production   (PEM to stdout)",
    options: { env: { type: "string" } },
    async run(f) {
      const env = environmentSchema.safeParse(required(f, "env"));
      if (!env.success) throw new CliError("USAGE", "--env must be staging or production.", "env");
      const pem = await getCaCertificatePem(env.data);
      return { json: { environment: env.data, certificatePem: pem }, text: pem.trimEnd() };
    },
  },
  "apiuser create": {
    usage: "--tenant acme --pattern program|tenant_admin|tenant_visibility|white_label [--program prg_...] --name N",
    options: { tenant: { type: "string" }, pattern: { type: "string" }, program: { type: "string" }, name: { type: "string" } },
    async run(f) {
      const u = await createApiUser(await tenantCtx(required(f, "tenant")), { name: required(f, "name"), pattern: required(f, "pattern") as never, programId: (f.program as string) ?? null });
      return { json: u, text: `created API user ${u.id} "${u.name}" (${u.pattern}${u.programId ? `, ${u.programId}` : ""})` };
    },
  },
  "apikey create": {
    usage: "--apiuser <id> --env staging|production   (prints the key once)",
    options: { apiuser: { type: "string" }, env: { type: "string" } },
    async run(f) {
      const apiUserId = required(f, "apiuser");
      const ctx = operatorCtx({ tenantId: await unsafeFindApiUserTenant(op, apiUserId) });
      const r = await issueApiKey(ctx, { apiUserId, environment: required(f, "env") });
      return { json: { id: r.apiKey.id, key: r.key, masked: r.apiKey.masked, environment: r.apiKey.environment }, text: r.key };
    },
  },
  "apikey rotate": {
    usage: "--id <key id> [--overlap 24h|30m|7d|immediately]   (prints the new key once)",
    options: { id: { type: "string" }, overlap: { type: "string" } },
    async run(f) {
      const keyId = required(f, "id");
      const ctx = operatorCtx({ tenantId: await unsafeFindApiKeyTenant(op, keyId) });
      const r = await rotateApiKey(ctx, { keyId, overlap: (f.overlap as string) ?? undefined });
      return {
        json: { id: r.apiKey.id, key: r.key, masked: r.apiKey.masked, previous: { id: r.previous.id, status: r.previous.status, expiresAt: r.previous.expiresAt } },
        text: r.key,
      };
    },
  },
  "apikey revoke": {
    usage: "--id <key id>",
    options: { id: { type: "string" } },
    async run(f) {
      const keyId = required(f, "id");
      const k = await revokeApiKey(operatorCtx({ tenantId: await unsafeFindApiKeyTenant(op, keyId) }), { keyId });
      return { json: { id: k.id, status: k.status, revokedAt: k.revokedAt }, text: `revoked ${k.masked}` };
    },
  },
  "allowlist add": {
    usage: "--tenant acme [--program prg_...] --env staging|production --cidr <ip[/len]> --description <d>   (runs FCrDNS)",
    options: { tenant: { type: "string" }, program: { type: "string" }, env: { type: "string" }, cidr: { type: "string" }, description: { type: "string" } },
    async run(f) {
      const e = await addAllowlistEntry(await tenantCtx(required(f, "tenant")), {
        environment: required(f, "env") as never, programId: (f.program as string) ?? null, cidr: required(f, "cidr"), description: required(f, "description"),
      });
      return { json: e, text: `added ${displayCidr(e.cidr)} (${e.id}); FCrDNS ${e.dns.status}${e.dns.reason ? `: ${e.dns.reason}` : ""}` };
    },
  },
  "allowlist check": {
    usage: "--id <entry id>   (runs FCrDNS now)",
    options: { id: { type: "string" } },
    async run(f) {
      const id = required(f, "id");
      const e = await recheckAllowlistEntry(operatorCtx({ tenantId: await unsafeFindAllowlistEntryTenant(op, id) }), { id });
      return { json: e, text: `${displayCidr(e.cidr)}: FCrDNS ${e.dns.status}: ${e.dns.reason ?? ""}` };
    },
  },
  "allowlist list": {
    usage: "--tenant acme [--program prg_...] --env staging|production",
    options: { tenant: { type: "string" }, program: { type: "string" }, env: { type: "string" } },
    async run(f) {
      const entries = await listAllowlist(await tenantCtx(required(f, "tenant")), { environment: required(f, "env"), programId: (f.program as string) ?? null });
      return { json: { entries }, text: entries.map((e) => `${e.id}  ${displayCidr(e.cidr).padEnd(20)} ${e.dns.status.padEnd(14)} ${e.description}`).join("\n") || "(no entries)" };
    },
  },
  "webhook add": {
    usage: "--tenant acme [--program prg_...] --url https://... --events certificate.expiring,certificate.expired   (prints the signing secret once)",
    options: { tenant: { type: "string" }, program: { type: "string" }, url: { type: "string" }, events: { type: "string" } },
    async run(f) {
      const r = await addWebhookEndpoint(await tenantCtx(required(f, "tenant")), { url: required(f, "url"), programId: (f.program as string) ?? null, events: required(f, "events") });
      return { json: { ...r.endpoint, secret: r.secret }, text: `registered ${r.endpoint.id} (${r.endpoint.status}); signing secret (shown once): ${r.secret}` };
    },
  },
  "webhook deliveries": {
    usage: "--id <endpoint id>",
    options: { id: { type: "string" } },
    async run(f) {
      const id = required(f, "id");
      const deliveries = await listDeliveries(operatorCtx({ tenantId: await unsafeFindWebhookTenant(op, id) }), id);
      return { json: { deliveries }, text: deliveries.map((d) => `${d.createdAt.toISOString()}  ${d.type.padEnd(22)} ${d.status.padEnd(10)} attempts=${d.attemptCount} last=${d.lastStatus ?? "-"}`).join("\n") || "(no deliveries)" };
    },
  },
  "design submit": {
    usage: "--tenant acme --program prg_... --slot 0-5 --file card.png --name N [--card-type physical|virtual] [--network visa|mastercard] [--finish matte|glossy|metal|digital]",
    options: {
      tenant: { type: "string" }, program: { type: "string" }, slot: { type: "string" }, file: { type: "string" }, name: { type: "string" },
      "card-type": { type: "string" }, network: { type: "string" }, finish: { type: "string" }, notes: { type: "string" },
    },
    async run(f) {
      const path = required(f, "file");
      let file: Buffer;
      try {
        file = readFileSync(path);
      } catch {
        throw new CliError("USAGE", `Cannot read ${path}.`, "file");
      }
      const d = await submitDesign(await tenantCtx(required(f, "tenant")), {
        programId: required(f, "program"), slot: required(f, "slot"), name: required(f, "name"),
        cardType: ((f["card-type"] as string) ?? "physical") as never, network: ((f.network as string) ?? "visa") as never,
        finish: ((f.finish as string) ?? "matte") as never, notes: f.notes as string | undefined,
      }, file);
      return { json: { id: d.id, slot: d.slot, version: d.version, status: d.status, checks: d.checks }, text: `submitted slot ${d.slot} v${d.version} (${d.id}): pending review` };
    },
  },
  "design review": {
    usage: "--id <design id> --approve | --reject --reason inappropriate_content|trademark_misuse|low_resolution|promotional_material|network_rules|other [--note N]",
    options: { id: { type: "string" }, approve: { type: "boolean" }, reject: { type: "boolean" }, reason: { type: "string" }, note: { type: "string" } },
    async run(f) {
      if (!!f.approve === !!f.reject) throw new CliError("USAGE", "Give exactly one of --approve or --reject.");
      const d = await reviewDesign(op, f.approve
        ? { designId: required(f, "id"), decision: "approve" }
        : { designId: required(f, "id"), decision: "reject", reason: required(f, "reason") as never, note: f.note as string | undefined });
      return { json: { id: d.id, status: d.status, rejectionReason: d.rejectionReason }, text: `${d.id}: ${d.status}` };
    },
  },
  "request list": {
    usage: "[--status submitted,in_review]   (SMS sender ID and deposit address type requests, all tenants, oldest first)",
    options: { status: { type: "string" } },
    async run(f) {
      const requests = await listRequestQueue(op, ((f.status as string) ?? "submitted,in_review").split(","));
      return {
        json: { requests },
        text: requests.map((r) => `${r.id}  ${r.kind.padEnd(21)} ${r.status.padEnd(17)} ${r.tenantName} / ${r.programName}  ${JSON.stringify(r.payload)}`).join("\n") || "(no requests)",
      };
    },
  },
  "request review": {
    usage: "--id <request id> --start | --approve | --reject --note N | --request-changes --note N",
    options: { id: { type: "string" }, start: { type: "boolean" }, approve: { type: "boolean" }, reject: { type: "boolean" }, "request-changes": { type: "boolean" }, note: { type: "string" } },
    async run(f) {
      const chosen = (["start", "approve", "reject", "request-changes"] as const).filter((k) => f[k]);
      if (chosen.length !== 1) throw new CliError("USAGE", "Give exactly one of --start, --approve, --reject or --request-changes.");
      const id = required(f, "id");
      const r = chosen[0] === "start" ? await startReview(op, id)
        : await decideRequest(op, { requestId: id, decision: chosen[0] === "request-changes" ? "request_changes" : chosen[0], note: f.note as string | undefined });
      return { json: { id: r.id, status: r.status, note: r.decisionNote }, text: `${r.id}: ${r.status}` };
    },
  },
};

function readCsrFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new CliError("USAGE", `Cannot read the CSR file ${file}.`, "csr");
  }
}