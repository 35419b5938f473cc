import { request } from "node:https";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { describe, expect, it } from "vitest";
import { classifyFailure, explainFailure, explainVerification, failureSentence } from "@/lib/webhooks/failures";
import { resolveWebhookTarget } from "@/lib/webhooks/ssrf";

/** Node's own message for a connection to a closed port (so the table follows real errors, not made-up ones). */
const refusedMessage = () =>
  new Promise<string>((resolve) => {
    const req = request({ host: "127.0.0.1", port: 1, method: "POST", agent: false }, () => resolve("answered"));
    req.on("error", (e) => resolve(e.message));
    req.end();
  });

describe("webhook failure table", () => {
  it("explains a certificate that does not name the address, with Node's real message as the detail", () => {
    const err = checkServerIdentity("1.1.1.1", {
      subject: { CN: "hooks.example.com" },
      subjectaltname: "DNS:hooks.example.com",
    } as unknown as PeerCertificate);
    expect(err).toBeInstanceOf(Error);
    const f = explainFailure({ status: null, error: err!.message, url: "https://1.1.1.1/hook" });
    expect(f.kind).toBe("tls_host_mismatch");
    expect(failureSentence(f)).toBe(
      "The certificate at 1.1.1.1 is not valid for that address: use a host name whose certificate matches, or install a certificate that names this host.",
    );
    expect(f.detail).toBe(err!.message);
  });

  it("explains a refused connection from Node's real error", async () => {
    const f = explainFailure({ status: null, error: await refusedMessage(), url: "https://127.0.0.1:1/hook" });
    expect(f.kind).toBe("refused");
    expect(f.cause).toBe("Nothing accepted the connection at 127.0.0.1");
    expect(f.detail).toMatch(/ECONNREFUSED/);
  });

  it("explains the worker's refusals (DNS, private address) from the SSRF guard's real messages", async () => {
    const nx = await resolveWebhookTarget("https://nx.example.com/h", async () => {
      throw new Error("ENOTFOUND");
    });
    const priv = await resolveWebhookTarget("https://10.0.0.5/h");
    expect(nx.ok || priv.ok).toBe(false);
    if (nx.ok || priv.ok) return;
    expect(classifyFailure({ status: null, error: `refused: ${nx.message}` })).toBe("dns");
    expect(classifyFailure({ status: null, error: `refused: ${priv.message}` })).toBe("private_address");
  });

  it.each([
    ["self-signed certificate", "tls_self_signed"],
    ["self-signed certificate in certificate chain", "tls_untrusted"],
    ["certificate has expired", "tls_expired"],
    ["unable to verify the first certificate", "tls_untrusted"],
    ["write EPROTO 00:error:0A00010B:SSL routines:ssl3_get_record:wrong version number", "tls_handshake"],
    ["getaddrinfo ENOTFOUND hooks.example.com", "dns"],
    ["no complete answer within the 10000 ms deadline", "timeout"],
    ["no complete answer within the 10000 ms deadline (DNS)", "timeout"],
    ["socket hang up", "reset"],
    ["the connection closed before the answer was complete", "reset"],
    ["connect EHOSTUNREACH 203.0.113.9:443", "unreachable"],
    ["endpoint disabled", "endpoint_disabled"],
    ["something nobody foresaw", "unknown"],
  ] as const)("classifies %j as %s", (error, kind) => {
    expect(classifyFailure({ status: null, error })).toBe(kind);
  });

  it.each([
    [301, "redirect"],
    [308, "redirect"],
    [401, "unauthorized"],
    [403, "unauthorized"],
    [404, "not_found"],
    [422, "client_error"],
    [500, "server_error"],
    [503, "server_error"],
  ] as const)("classifies HTTP %i as %s, naming the status", (status, kind) => {
    const f = explainFailure({ status, error: null, url: "https://hooks.example.com/x" });
    expect(f.kind).toBe(kind);
    expect(f.cause).toContain(`HTTP ${status}`);
    expect(f.cause).toContain("hooks.example.com");
    expect(f.detail).toBe(`HTTP ${status}`);
  });

  it("reads a stored verification answer: a 2xx without the challenge, a refusal, or no failure", () => {
    expect(explainVerification("HTTP 200: ok", "verification_failed", "https://h.example.com/")).toMatchObject({
      kind: "challenge_not_echoed",
      detail: "HTTP 200: ok",
    });
    expect(explainVerification("HTTP 302: ", "verification_failed", "https://h.example.com/")?.kind).toBe("redirect");
    expect(
      explainVerification(
        "No response: connect ECONNREFUSED 127.0.0.1:9",
        "verification_failed",
        "https://127.0.0.1:9/",
      ),
    ).toMatchObject({ kind: "refused", detail: "connect ECONNREFUSED 127.0.0.1:9" });
    expect(explainVerification("HTTP 200: abc", "active", "https://h.example.com/")).toBeNull();
    expect(explainVerification(null, "verification_failed", "https://h.example.com/")).toBeNull();
  });
});
