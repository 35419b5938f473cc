import { z } from "zod";
import { ApiFault, type ApiReply } from "@/lib/am-api/errors";
import { MAX_BODY_BYTES, type Method, type Operation, type UploadedFile } from "@/lib/am-api/operation";
import { OPERATIONS } from "@/lib/am-api/operations";
import type { Ctx } from "@/lib/auth/context";
import { assertCan } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/validation";

export const AM_PREFIX = "/am/v1/";

/** One request as the transport hands it over (the gateway has already checked who is calling). */
export interface AmRequest {
  method: string;
  /** the path without the query, as sent (percent-encoded) */
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: Buffer | null;
}

interface Route {
  op: Operation;
  pattern: RegExp;
  names: string[];
}

const ROUTES: Route[] = OPERATIONS.map((op) => {
  const names: string[] = [];
  const source = op.path
    .split("/")
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
      names.push(m[1]);
      return "([^/]+)";
    })
    .join("/");
  return { op, pattern: new RegExp(`^${source}$`), names };
});

/** The operation a method and path name, with its path parameters (decoded); a fault for no route or method. */
export function route(method: string, path: string): { op: Operation; params: Record<string, string> } {
  const candidates: { route: Route; params: Record<string, string> }[] = [];
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
    } catch {
      continue; // a malformed escape names nothing
    }
    candidates.push({ route: r, params });
  }
  const hit = candidates.find((c) => c.route.op.method === method);
  if (hit) return { op: hit.route.op, params: hit.params };
  if (candidates.length) {
    const allow = [...new Set(candidates.map((c) => c.route.op.method))].join(", ");
    throw new ApiFault(405, "method_not_allowed", `${path} answers ${allow}, not ${method}.`, { allow });
  }
  throw new ApiFault(404, "not_found", `No endpoint ${method} ${path}. See GET /am/v1/openapi.json.`);
}

/** The query as an object, refusing repeated and unknown parameters (a typo must not be silently ignored). */
function queryOf(op: Operation, query: URLSearchParams): Record<string, string> {
  const known = op.query instanceof z.ZodObject ? Object.keys(op.query.shape) : [];
  const out: Record<string, string> = {};
  for (const [k, v] of query) {
    if (!known.includes(k))
      throw new ApiFault(
        400,
        "invalid_request",
        `Unknown query parameter "${k.slice(0, 60)}" for ${op.method} ${op.path}.`,
      );
    if (k in out) throw new ApiFault(400, "invalid_request", `The query parameter "${k}" is given more than once.`);
    out[k] = v;
  }
  return out;
}

/** The largest body an operation accepts. */
export const bodyLimitOf = (op: Operation) => op.maxBodyBytes ?? MAX_BODY_BYTES;

export const tooLarge = (limit: number) =>
  new ApiFault(
    413,
    "payload_too_large",
    limit >= 1024 * 1024
      ? `The request body may have at most ${+(limit / (1024 * 1024)).toFixed(2)} MiB.`
      : `The request body may have at most ${limit / 1024} KiB.`,
  );

const mediaTypeOf = (contentType: string | undefined) => (contentType ?? "").split(";")[0].trim().toLowerCase();

/**
 * A multipart/form-data body as an object: text parts as strings, file parts as UploadedFile. Parsed by the Web
 * platform's own parser (undici's Request.formData), never by hand; a part named twice is refused, so a schema
 * never sees an ambiguous field.
 */
async function multipartOf(req: AmRequest, body: Buffer): Promise<Record<string, unknown>> {
  let form: FormData;
  try {
    form = await new Request("https://gateway.invalid/", {
      method: "POST",
      headers: { "content-type": req.contentType ?? "" },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    throw new ApiFault(400, "invalid_multipart", "The request body is not valid multipart/form-data.");
  }
  // no prototype: a part named __proto__ or constructor is a field like any other (and refused as unknown)
  const out: Record<string, unknown> = Object.create(null);
  for (const [name, value] of form) {
    if (Object.hasOwn(out, name))
      throw new ApiFault(400, "invalid_request", `The form field "${name.slice(0, 60)}" is given more than once.`);
    out[name] =
      typeof value === "string"
        ? value
        : ({
            filename: value.name,
            contentType: value.type,
            bytes: Buffer.from(await value.arrayBuffer()),
          } satisfies UploadedFile);
  }
  return out;
}

async function bodyOf(op: Operation, req: AmRequest): Promise<unknown> {
  if (!op.body) return undefined;
  if (req.body && req.body.length > bodyLimitOf(op)) throw tooLarge(bodyLimitOf(op));
  const type = mediaTypeOf(req.contentType);
  if (op.bodyType === "multipart") {
    if (type !== "multipart/form-data")
      throw new ApiFault(
        415,
        "unsupported_media_type",
        "Send the request body as multipart/form-data (e.g. curl -F field=value -F file=@artwork.png).",
      );
    return req.body?.length ? multipartOf(req, req.body) : {};
  }
  if (!req.body?.length) return {};
  if (type !== "application/json")
    throw new ApiFault(
      415,
      "unsupported_media_type",
      "Send the request body as JSON (Content-Type: application/json).",
    );
  try {
    return JSON.parse(req.body.toString("utf8"));
  } catch {
    throw new ApiFault(400, "invalid_json", "The request body is not valid JSON.");
  }
}

/**
 * Answers one Account Management request for a caller already authenticated by the gateway: routes it, parses
 * the path, query and body with the operation's schemas (a VALIDATION AppError names the field), and makes the
 * one service call. Errors are thrown; the transport turns them into the error shape (lib/am-api/errors.ts).
 */
export async function answer(ctx: Ctx, req: AmRequest, resolved = route(req.method, req.path)): Promise<ApiReply> {
  const { op, params } = resolved;
  assertCan(ctx, op.permission);
  const input = {
    params: op.params ? parseInput(op.params, params) : {},
    query: parseInput(op.query ?? z.object({}), queryOf(op, req.query)),
    body: op.body ? parseInput(op.body, await bodyOf(op, req)) : undefined,
  };
  const result = await op.handle(ctx, input);
  if (op.produces === "csv") {
    if (!(result instanceof ReadableStream)) throw new Error(`${op.id} must answer a stream`);
    return { status: op.status ?? 200, body: null, stream: result as ReadableStream<Uint8Array>, headers: CSV_HEADERS };
  }
  return { status: op.status ?? 200, body: result };
}

/** A CSV export is text/csv, never cached (it holds the Tenant's data). */
const CSV_HEADERS = { "content-type": "text/csv; charset=utf-8", "cache-control": "no-store" };

export const isMethod = (m: string): m is Method => ["GET", "POST", "PATCH", "DELETE"].includes(m);
