/** CA policy constants shared by the server checks and the browser form (no crypto imports here). */
export const MAX_CSR_BYTES = 16 * 1024;
/** The OU of a tenant-level certificate (program-level certificates carry the program id). */
export const TENANT_OU = "tenant";

/** A DNS host name: letters, digits and hyphens per label, at least two labels, no wildcard. */
export function isDnsName(name: string): boolean {
  return name.length <= 253 && /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.[a-z]{2,63}$/i.test(name);
}

/** A value quoted for a POSIX shell command line (single quotes; embedded ' becomes '\''). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
