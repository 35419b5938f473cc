import { environmentSchema, type Environment } from "@/lib/environments";

export const ENV_PARAM = "env";

/** Next's and the browsers' prefetches: they must not switch anything. */
export function isPrefetch(headers: Headers): boolean {
  return (
    headers.has("next-router-prefetch") ||
    /prefetch/i.test(headers.get("purpose") ?? "") ||
    /prefetch/i.test(headers.get("sec-purpose") ?? "")
  );
}

/**
 * A link that carries the environment it means (`?env=staging|production`): the environment to switch to
 * (null when the value is anything else, or repeated) and the same URL without the parameter. Null when the
 * URL has no such parameter.
 */
export function envFromLink(url: URL): { environment: Environment | null; cleanUrl: URL } | null {
  if (!url.searchParams.has(ENV_PARAM)) return null;
  const values = url.searchParams.getAll(ENV_PARAM);
  const parsed = values.length === 1 ? environmentSchema.safeParse(values[0]) : null;
  const cleanUrl = new URL(url);
  cleanUrl.searchParams.delete(ENV_PARAM);
  return { environment: parsed?.success ? parsed.data : null, cleanUrl };
}
