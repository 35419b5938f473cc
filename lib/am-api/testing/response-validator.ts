import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import type { Operation } from "@/lib/am-api/operation";
import { openApiDocument } from "@/lib/am-api/openapi";

const DOC_ID = "https://axys.invalid/am/v1/openapi.json";

/**
 * Validates replies against the OpenAPI document itself (not the zod schemas it was made from): the document is
 * what a Tenant's generated client trusts, so a reply must match what it says for that path, method and status.
 * The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1); `example` and other annotations are ignored.
 */
export function responseValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const doc = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const cache = new Map<string, ValidateFunction>();
  const pointer = (parts: string[]) =>
    parts.map((p) => encodeURIComponent(p.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/");

  /** Null when `body` (parsed JSON, or a CSV's text) is what the document says `op` answers with `status`. */
  return function check(op: Operation, status: number, body: unknown): string | null {
    const key = `${op.method} ${op.path} ${status}`;
    let validate = cache.get(key);
    if (!validate) {
      const response = doc.paths[op.path]?.[op.method.toLowerCase()]?.responses[status] as
        { content?: Record<string, unknown> } | undefined;
      if (!response) return `${key}: the document has no such response`;
      // the reply's media type: JSON, or the one the document names (text/csv for an export)
      const media = Object.keys(response.content ?? {})[0] ?? "application/json";
      const at = ["paths", op.path, op.method.toLowerCase(), "responses", String(status), "content", media];
      validate = ajv.getSchema(`${DOC_ID}#/${pointer([...at, "schema"])}`);
      if (!validate) return `${key}: the response has no JSON schema`;
      cache.set(key, validate);
    }
    if (validate(body)) return null;
    const detail = (validate.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`,
    );
    return `${key}: ${detail.join("; ")}`;
  };
}
