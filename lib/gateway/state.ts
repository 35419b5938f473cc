import { contains } from "@/lib/allowlist/cidr";
import { checkFcrdns, judgeFcrdns, type FcrdnsResult } from "@/lib/allowlist/fcrdns";
import { hashApiKey } from "@/lib/api-keys/format";
import { verifyApiKey, type VerifyResult } from "@/lib/api-keys/verify";
import { preparedStatement, sqlDate } from "@/lib/db";
import type { Environment } from "@/lib/environments";

/** How long the gateway trusts what it read: revocations, rotations and allowlist changes apply within this. */
export const REFRESH_MS = Number(process.env.AXYS_GATEWAY_REFRESH_MS ?? 2000);
const RANGE_DNS_TTL_MS = 5 * 60_000;

interface Cached<T> {
  at: number;
  value: T;
}

/** A client certificate as the gateway sees it: its scope, the API user (credential set) it belongs to, its DNS names. */
export interface CertificateScope {
  id: string;
  tenantId: string;
  programId: string | null;
  apiUserId: string | null;
  revoked: boolean;
  dnsNames: string[];
}
export interface Entry {
  ipVersion: number;
  rangeStart: string;
  rangeEnd: string;
  dnsStatus: string;
  dnsReason: string | null;
  cidr: string;
  /** the stored FCrDNS evidence of a single address (JSON), judged per request against the presented certificate */
  dnsPtrNames: string | null;
  dnsForward: string | null;
}

/*
 * The reads of a new certificate, allowlist or key (each at most once per REFRESH_MS per gateway process), as
 * statements prepared once on the driver: through Prisma each cost about a millisecond of CPU (its query compiler
 * runs per query), which every new credential set's first connection paid three times. They look a row up by its
 * own unique serial, or an allowlist by the certificate's tenant and Program, like the Prisma reads they replace.
 */
const certificateBySerial = preparedStatement<{
  id: string;
  tenantId: string;
  programId: string | null;
  apiUserId: string | null;
  revokedAt: unknown;
  environment: string;
  dnsNames: string;
}>(
  "axys_gateway_certificate",
  `SELECT "id", "tenantId", "programId", "apiUserId", "revokedAt", "environment", "dnsNames" FROM "Certificate"
    WHERE "serialHex" = ?`,
);
const ENTRY_COLUMNS = `"ipVersion", "rangeStart", "rangeEnd", "dnsStatus", "dnsReason", "cidr", "dnsPtrNames", "dnsForward"`;
type EntryRow = Omit<Entry, "ipVersion"> & { ipVersion: number | bigint };
const tenantAllowlist = preparedStatement<EntryRow>(
  "axys_gateway_allowlist_tenant",
  `SELECT ${ENTRY_COLUMNS} FROM "AllowlistEntry" WHERE "tenantId" = ? AND "environment" = ? AND "programId" IS NULL`,
);
const programAllowlist = preparedStatement<EntryRow>(
  "axys_gateway_allowlist_program",
  `SELECT ${ENTRY_COLUMNS} FROM "AllowlistEntry" WHERE "tenantId" = ? AND "environment" = ? AND "programId" = ?`,
);

/** A value now, or a promise of it (only when the database must be read): the hot path awaits nothing. */
export type Now<T> = T | Promise<T>;

/**
 * What the gateway checks per request, read from the database and cached for REFRESH_MS so a
 * request costs no database round trip in the steady state. A fresh cached value is returned as it is
 * (not wrapped in a promise), so a request whose checks all hit the caches runs without awaiting.
 */
export class GatewayState {
  private certs = new Map<string, Cached<CertificateScope | null>>();
  private lists = new Map<string, Cached<Entry[]>>();
  private keys = new Map<string, Cached<VerifyResult>>();
  private rangeDns = new Map<string, Cached<FcrdnsResult>>();

  constructor(
    readonly environment: Environment,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private fresh<T>(c: Cached<T> | undefined, ttl = REFRESH_MS): c is Cached<T> {
    return !!c && Date.now() - c.at < ttl;
  }

  certificate(serialHex: string): Now<CertificateScope | null> {
    const c = this.certs.get(serialHex);
    if (this.fresh(c)) return c.value;
    return this.readCertificate(serialHex);
  }

  private async readCertificate(serialHex: string): Promise<CertificateScope | null> {
    const [row] = await certificateBySerial(serialHex);
    const value =
      row && row.environment === this.environment
        ? {
            id: row.id,
            tenantId: row.tenantId,
            programId: row.programId,
            apiUserId: row.apiUserId,
            revoked: row.revokedAt != null && sqlDate(row.revokedAt) <= this.now(),
            dnsNames: JSON.parse(row.dnsNames) as string[],
          }
        : null;
    this.certs.set(serialHex, { at: Date.now(), value });
    return value;
  }

  allowlist(tenantId: string, programId: string | null): Now<Entry[]> {
    const k = `${tenantId}|${programId ?? ""}`;
    const c = this.lists.get(k);
    if (this.fresh(c)) return c.value;
    return this.readAllowlist(k, tenantId, programId);
  }

  private async readAllowlist(k: string, tenantId: string, programId: string | null): Promise<Entry[]> {
    const rows = await (programId === null
      ? tenantAllowlist(tenantId, this.environment)
      : programAllowlist(tenantId, this.environment, programId));
    // SQLite's integers come as bigint from the prepared statement
    const value = rows.map((r) => ({ ...r, ipVersion: Number(r.ipVersion) }));
    this.lists.set(k, { at: Date.now(), value });
    return value;
  }

  /** `hash`: hashApiKey(raw), when the caller has it already (the gateway keeps it per connection). */
  verifyKey(raw: string, hash = hashApiKey(raw)): Now<VerifyResult> {
    const c = this.keys.get(hash); // keyed by the hash: no raw key is kept here
    if (this.fresh(c)) return c.value;
    return this.readKey(raw, hash);
  }

  private async readKey(raw: string, k: string): Promise<VerifyResult> {
    const value = await verifyApiKey(raw, this.environment, this.now());
    if (this.keys.size > 10_000) this.keys.clear();
    this.keys.set(k, { at: Date.now(), value });
    return value;
  }

  /** Live FCrDNS for a calling address inside an allowlisted range, cached for 5 minutes. */
  rangeFcrdns(ip: string, domains: string[]): Now<FcrdnsResult> {
    const k = `${ip}|${domains.join(",")}`;
    const c = this.rangeDns.get(k);
    if (this.fresh(c, RANGE_DNS_TTL_MS)) return c.value;
    return this.readRangeFcrdns(k, ip, domains);
  }

  private async readRangeFcrdns(k: string, ip: string, domains: string[]): Promise<FcrdnsResult> {
    const value = await checkFcrdns(ip, domains);
    this.rangeDns.set(k, { at: Date.now(), value });
    return value;
  }

  /**
   * FCrDNS of a single allowlisted address: the stored check must pass, and its evidence (PTR names that
   * resolve back to the address) must lie within the DNS names of the certificate presented, not merely
   * within those of some certificate of the scope (which may belong to another API user).
   */
  static singleFcrdns(entry: Entry, ip: string, certificateDomains: string[]): { ok: boolean; reason: string | null } {
    if (entry.dnsStatus !== "pass") return { ok: false, reason: entry.dnsReason };
    const verdict = judgeFcrdns(
      ip,
      entry.dnsPtrNames ? (JSON.parse(entry.dnsPtrNames) as string[]) : [],
      entry.dnsForward ? (JSON.parse(entry.dnsForward) as Record<string, string[]>) : {},
      certificateDomains,
    );
    return { ok: verdict.status === "pass", reason: verdict.reason };
  }

  static match(entries: Entry[], ip: string): Entry | undefined {
    return entries.find((e) => contains(e, ip));
  }
}
