import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

// The portal's API reference page renders every operation of the document, JSON or not (a multipart upload, a CSV
// export): rendered here on the server as Next renders it, with a signed-in Tenant viewer.
vi.mock("@/lib/auth/session", () => ({
  requireCtx: async () => ({
    userId: "u_ref",
    actorLabel: "viewer@example.test",
    role: "tenant_viewer",
    tenantId: "t_ref",
    programId: null,
    environment: "production",
    ip: null,
    userAgent: null,
  }),
}));

describe("the API reference page", () => {
  it("renders the multipart upload's fields and the CSV export", async () => {
    const { default: ApiReferencePage } = await import("@/app/(portal)/api-reference/page");
    const html = renderToStaticMarkup(await ApiReferencePage());
    expect(html).toContain("Body (multipart/form-data)");
    expect(html).toMatch(/artwork.*?file/);
    expect(html).toContain("(text/csv)");
    expect(html).toContain("/am/v1/transactions.csv");
    expect(html).toContain("Body (JSON)");
  });
});
