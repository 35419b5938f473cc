import { describe, expect, it } from "vitest";
import { formFields } from "@/lib/actions/form-fields";
import { rotateApiKeyFormSchema } from "@/lib/api-keys/schemas";
import { partnerVisibilityFormSchema } from "@/lib/partners/schemas";
import { requestFormSchema } from "@/lib/requests/schemas";
import { fieldErrorsOf } from "@/lib/validation";
import { addWebhookEndpointFormSchema } from "@/lib/webhooks/schemas";

const form = (entries: [string, string | Blob][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("form fields for the actions' schemas", () => {
  it("keeps text fields, makes a repeated name an array, and leaves out files and React's $ACTION_ fields", () => {
    expect(
      formFields(
        form([
          ["a", "1"],
          ["e", "x"],
          ["e", "y"],
          ["f", new Blob(["z"])],
          ["$ACTION_ID_abc", ""],
        ]),
      ),
    ).toEqual({ a: "1", e: ["x", "y"] });
  });

  it("a checkbox group is a list: one, several, or none checked (refused with the service's message)", () => {
    const parse = (events: string[]) =>
      addWebhookEndpointFormSchema.safeParse(
        formFields(form([["url", "https://h.example/x"], ...events.map((e) => ["events", e] as [string, string])])),
      );
    expect(parse(["certificate.issued"]).data?.events).toEqual(["certificate.issued"]);
    expect(parse(["certificate.issued", "api_key.rotated"]).data?.events).toEqual([
      "certificate.issued",
      "api_key.rotated",
    ]);
    expect(fieldErrorsOf(parse([]).error!)).toEqual({ events: "Subscribe to at least one event type." });
  });

  it("checkboxes are booleans: 'on' or absent", () => {
    const v = partnerVisibilityFormSchema.parse(
      formFields(
        form([
          ["programId", "prg_1"],
          ["exposeTransactions", "on"],
          ["granularity", "daily"],
        ]),
      ),
    );
    expect(v).toEqual({
      programId: "prg_1",
      exposeTransactions: true,
      includeMerchant: false,
      exposeBalances: false,
      granularity: "daily",
    });
  });

  it("a request form's routing fields are split from its payload", () => {
    expect(
      requestFormSchema.parse({ programId: "prg_1", kind: "sms_sender_id", senderId: "Acme", countries: "GB" }),
    ).toEqual({
      requestId: "",
      programId: "prg_1",
      kind: "sms_sender_id",
      payload: { senderId: "Acme", countries: "GB" },
    });
  });

  it("a rotation's overlap is checked like the service checks it but stays text for the service", () => {
    expect(rotateApiKeyFormSchema.parse({ keyId: "k1" })).toEqual({ keyId: "k1", overlap: "24h" });
    expect(rotateApiKeyFormSchema.parse({ keyId: "k1", overlap: "immediately" }).overlap).toBe("immediately");
    expect(fieldErrorsOf(rotateApiKeyFormSchema.safeParse({ keyId: "k1", overlap: "8d" }).error!)).toEqual({
      overlap: "The overlap may be at most 7 days.",
    });
  });
});
