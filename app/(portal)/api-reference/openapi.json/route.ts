import { withCtx } from "@/lib/actions/with-ctx";
import { attachment } from "@/lib/download";
import { openApiDocument } from "@/lib/am-api/openapi";

/** The Account Management API's OpenAPI document, for the Tenant's users (never public). */
export const GET = withCtx(
  async () => attachment(JSON.stringify(openApiDocument(), null, 2), "axys-am-api-openapi.json", "application/json"),
  { permission: "apiusers:read" },
);
