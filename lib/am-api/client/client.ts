import createClient from "openapi-fetch";
import type { paths } from "@/lib/am-api/client/schema";
import { mtlsFetch, type MtlsOptions } from "@/lib/am-api/client/mtls-fetch";

/**
 * A typed client of the Account Management API (openapi-fetch over the types `npm run am:types` generates):
 * every path, parameter, body and answer is checked by TypeScript. Calls go over mutual TLS with the API user's
 * certificate, with its X-API-Key on each; pass an Idempotency-Key per POST in `headers`.
 */
export function createAmClient(o: MtlsOptions & { baseUrl: string; apiKey: string; headers?: Record<string, string> }) {
  return createClient<paths>({
    baseUrl: o.baseUrl,
    fetch: mtlsFetch(o),
    headers: { "x-api-key": o.apiKey, ...o.headers },
  });
}
export type AmClient = ReturnType<typeof createAmClient>;
