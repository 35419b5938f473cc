import { describe, expect, it } from "vitest";
import { addPasskeySchema, authenticationResponseSchema, registrationResponseSchema } from "./schemas";

// the shape @simplewebauthn/browser's startRegistration answers (values shortened)
const registration = {
  id: "AbC-_9",
  rawId: "AbC-_9",
  type: "public-key",
  authenticatorAttachment: "cross-platform",
  clientExtensionResults: { credProps: { rk: true } },
  response: {
    clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",
    attestationObject: "o2NmbXRkbm9uZQ",
    transports: ["usb"],
  },
};

describe("WebAuthn response schemas", () => {
  it("accept what the browser library sends and keep only the fields the server reads", () => {
    const parsed = registrationResponseSchema.parse({ ...registration, extra: "dropped" });
    expect(parsed).toEqual(registration);
    expect(addPasskeySchema.parse({ name: " Key ", response: registration }).name).toBe("Key");
  });

  it("refuse a response that is not a public-key credential of base64url values", () => {
    expect(registrationResponseSchema.safeParse({ ...registration, type: "password" }).success).toBe(false);
    expect(registrationResponseSchema.safeParse({ ...registration, id: "not base64url!" }).success).toBe(false);
    expect(registrationResponseSchema.safeParse({ ...registration, clientExtensionResults: [] }).success).toBe(false);
    const { attestationObject: _, ...noAttestation } = registration.response;
    expect(registrationResponseSchema.safeParse({ ...registration, response: noAttestation }).success).toBe(false);
    expect(
      registrationResponseSchema.safeParse({
        ...registration,
        response: { ...registration.response, attestationObject: "A".repeat(65537) },
      }).success,
    ).toBe(false);
  });

  it("require an assertion's signature and authenticator data", () => {
    const assertion = {
      ...registration,
      response: { clientDataJSON: "eyJ9", authenticatorData: "SZYN5Y", signature: "MEUCIQ" },
    };
    expect(authenticationResponseSchema.parse(assertion).response.signature).toBe("MEUCIQ");
    const { signature: _, ...unsigned } = assertion.response;
    expect(authenticationResponseSchema.safeParse({ ...assertion, response: unsigned }).success).toBe(false);
  });
});
