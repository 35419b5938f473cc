import { Download } from "lucide-react";
import type { Metadata } from "next";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { openApiDocument } from "@/lib/am-api/openapi";
import { assertCan } from "@/lib/auth/permissions";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API reference" };

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  description?: string;
  default?: unknown;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
};
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; description?: string; schema: Schema }[];
  /** by media type: application/json, multipart/form-data (an upload) or text/csv (an export) */
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};
type Doc = {
  info: { title: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const METHOD_TONE: Record<string, BadgeTone> = { get: "blue", post: "green", patch: "amber", delete: "red" };

/** A schema's type in a few words: `string`, `Program`, `array of ApiKey`, `"a" | "b"`, `string or null`. */
function typeOf(s: Schema | undefined): string {
  if (!s) return "any";
  if (s.$ref) return s.$ref.split("/").pop()!;
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.type === "array") return `array of ${typeOf(s.items)}`;
  if (Array.isArray(s.type)) return s.type.join(" or ");
  if (s.type === "string" && s.format === "binary") return "file";
  return s.type ?? "object";
}

/** "JSON", or the media type itself (multipart/form-data, text/csv). */
const mediaLabel = (content: Record<string, unknown>) => {
  const type = Object.keys(content)[0] ?? "";
  return type === "application/json" ? "JSON" : type;
};
const firstSchema = (content: Record<string, { schema: Schema }> | undefined) =>
  content ? Object.values(content)[0]?.schema : undefined;

function resolve(doc: Doc, s: Schema | undefined): Schema | undefined {
  return s?.$ref ? doc.components.schemas[s.$ref.split("/").pop()!] : s;
}

function Fields({ doc, schema }: { doc: Doc; schema: Schema | undefined }) {
  const s = resolve(doc, schema);
  const props = Object.entries(s?.properties ?? {});
  if (!props.length) return <p className="text-sm text-slate-600">{typeOf(schema)}</p>;
  return (
    <Table stack>
      <thead>
        <tr>
          <Th>Field</Th>
          <Th>Type</Th>
          <Th>Notes</Th>
        </tr>
      </thead>
      <tbody>
        {props.map(([name, p]) => (
          <tr key={name}>
            <Td className="font-mono text-xs">
              {name}
              {s?.required?.includes(name) ? <span className="text-red-700"> *</span> : null}
            </Td>
            <Td label="Type" className="font-mono text-xs text-slate-700">
              {typeOf(p)}
            </Td>
            <Td label="Notes" className="text-xs text-slate-600">
              {p.description ?? ""}
              {p.default !== undefined ? ` Default ${JSON.stringify(p.default)}.` : ""}
              {p.maxLength ? ` At most ${p.maxLength} characters.` : ""}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/**
 * The Account Management API reference, rendered on the server from the same OpenAPI document the gateway serves
 * at /am/v1/openapi.json (generated from the operations' zod schemas): no script, no CDN, under the portal's CSP.
 * For the Tenant's users only (never public).
 */
export default async function ApiReferencePage() {
  const ctx = await requireCtx();
  await orNotFound(Promise.resolve().then(() => assertCan(ctx, "apiusers:read")));
  const doc = openApiDocument() as unknown as Doc;
  const byTag = doc.tags.map((t) => ({
    tag: t.name,
    operations: Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, o]) => o.tags.includes(t.name))
        .map(([method, o]) => ({ path, method, o })),
    ),
  }));
  return (
    <>
      <PageHeader
        title="API reference"
        description="The Account Management API: production gateway, mutual TLS with a tenant-level certificate, an allowlisted IP and the same API user's X-API-Key."
        actions={
          <Button variant="outline" asChild>
            <a href="/api-reference/openapi.json" download>
              <Download className="h-4 w-4" aria-hidden />
              OpenAPI 3.1 (JSON)
            </a>
          </Button>
        }
      />
      <nav aria-label="API sections" className="mb-6 flex flex-wrap gap-2 text-sm">
        {byTag.map(({ tag }) => (
          <a key={tag} href={`#${tag.replace(/\W+/g, "-")}`} className="text-brand-700 underline">
            {tag}
          </a>
        ))}
      </nav>
      <div className="space-y-8">
        {byTag.map(({ tag, operations }) => (
          <section key={tag} id={tag.replace(/\W+/g, "-")} aria-label={tag} className="space-y-4">
            <h2 className="text-lg font-semibold text-slate-900">{tag}</h2>
            {operations.map(({ path, method, o }) => {
              const success = Object.entries(o.responses).find(([code]) => code.startsWith("2"));
              const errors = Object.entries(o.responses).filter(([code]) => !code.startsWith("2"));
              return (
                <Card key={o.operationId} id={o.operationId} aria-label={`${method.toUpperCase()} ${path}`}>
                  <div className="border-b border-slate-100 px-5 py-4">
                    <h3 className="flex min-w-0 flex-wrap items-center gap-2">
                      <Badge tone={METHOD_TONE[method] ?? "neutral"}>{method.toUpperCase()}</Badge>
                      <code className="break-all font-mono text-sm text-slate-900">{path}</code>
                    </h3>
                    <p className="mt-1 text-sm text-slate-600">{o.summary}</p>
                  </div>
                  <CardBody className="space-y-4">
                    {o.description ? <p className="text-sm text-slate-700">{o.description}</p> : null}
                    {o.parameters.length ? (
                      <div>
                        <h4 className="mb-1 text-sm font-semibold text-slate-800">Parameters</h4>
                        <Table stack>
                          <thead>
                            <tr>
                              <Th>Name</Th>
                              <Th>In</Th>
                              <Th>Type</Th>
                              <Th>Notes</Th>
                            </tr>
                          </thead>
                          <tbody>
                            {o.parameters.map((p) => (
                              <tr key={`${p.in}:${p.name}`}>
                                <Td className="font-mono text-xs">
                                  {p.name}
                                  {p.required ? <span className="text-red-700"> *</span> : null}
                                </Td>
                                <Td label="In" className="text-xs">
                                  {p.in}
                                </Td>
                                <Td label="Type" className="font-mono text-xs">
                                  {typeOf(p.schema)}
                                </Td>
                                <Td label="Notes" className="text-xs text-slate-600">
                                  {p.description ?? ""}
                                </Td>
                              </tr>
                            ))}
                          </tbody>
                        </Table>
                      </div>
                    ) : null}
                    {o.requestBody ? (
                      <div>
                        <h4 className="mb-1 text-sm font-semibold text-slate-800">
                          Body ({mediaLabel(o.requestBody.content)})
                        </h4>
                        <Fields doc={doc} schema={firstSchema(o.requestBody.content)} />
                      </div>
                    ) : null}
                    {success ? (
                      <div>
                        <h4 className="mb-1 text-sm font-semibold text-slate-800">
                          {success[0]}: {success[1].description}
                          {success[1].content && !success[1].content["application/json"]
                            ? ` (${mediaLabel(success[1].content)})`
                            : ""}
                        </h4>
                        <Fields doc={doc} schema={firstSchema(success[1].content)} />
                      </div>
                    ) : null}
                    <p className="text-xs text-slate-600">
                      Errors (the Error shape): {errors.map(([code]) => code).join(", ")}
                    </p>
                  </CardBody>
                </Card>
              );
            })}
          </section>
        ))}
      </div>
    </>
  );
}
