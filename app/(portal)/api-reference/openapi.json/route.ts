import { withCtx } from "@/lib/actions/with-ctx";
import { openApiDocument } from "@/lib/am-api/openapi";

/** The Account Management API's OpenAPI document, for the Tenant's users (never public). */
export const GET = withCtx(
  async () =>
    new Response(JSON.stringify(openApiDocument(), null, 2), {
      headers: {
        "content-type": "application/json",
        "content-disposition": 'attachment; filename="axys-am-api-openapi.json"',
        "cache-control": "no-store",
      },
    }),
  { permission: "apiusers:read" },
);
