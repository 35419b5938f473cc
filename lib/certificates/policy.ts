/** CA policy constants shared by the server checks and the browser form (no crypto imports here). */
export const MAX_CSR_BYTES = 16 * 1024;
/** The OU of a tenant-level certificate (program-level certificates carry the program id). */
export const TENANT_OU = "tenant";
