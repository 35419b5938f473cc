import { afterEach, describe, expect, it } from "vitest";
import { resolveWebhookTarget } from "@/lib/webhooks/ssrf";
import { signWebhook, verifyWebhook, webhookHeaders, generateWebhookSecret } from "@/lib/webhooks/signing";

const lookup = (table: Record<string, string[]>) => async (h: string) => {
  if (!table[h]) throw new Error("ENOTFOUND");
  return table[h];
};

describe("SSRF guard", () => {
  afterEach(() => delete process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK);

  it.each([
    ["http://hooks.example.com/x", /must use https/],
    ["https://user:pw@hooks.example.com/x", /no credentials/],
    ["not a url", /full URL/],
    ["https://10.0.0.5/hook", /private range/],
    ["https://169.254.169.254/latest/meta-data", /link-local/],
    ["https://[::1]/hook", /loopback/],
    ["https://[fe80::1]/hook", /link-local/],
    ["https://127.0.0.1:8443/hook", /loopback/],
    ["https://internal.example.com/hook", /resolves to 192\.168\.1\.10, which is a private range/],
    ["https://rebind.example.com/hook", /resolves to 127\.0\.0\.1, which is loopback/],
    ["https://nowhere.example.com/hook", /does not resolve/],
    ["https://224.0.0.1/hook", /multicast/],
    ["https://[ff02::1]/hook", /multicast/],
    ["https://mcast.example.com/hook", /resolves to 239\.255\.255\.250, which is multicast/],
    ["https://mcast6.example.com/hook", /resolves to ff05::c, which is multicast/],
    [
      "https://[64:ff9b::a9fe:a9fe]/latest",
      /^64:ff9b::a9fe:a9fe is NAT64 prefix embedding 169\.254\.169\.254 \(link-local\): webhooks are only delivered to public addresses\.$/,
    ],
    ["https://[::a9fe:a9fe]/latest", /IPv4-compatible address embedding 169\.254\.169\.254 \(link-local\)/],
    ["https://[::ffff:169.254.169.254]/latest", /IPv4-mapped address embedding 169\.254\.169\.254 \(link-local\)/],
    ["https://[2002:a9fe:a9fe::1]/latest", /6to4 address embedding 169\.254\.169\.254 \(link-local\)/],
    [
      "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/x",
      /Teredo address with server 65\.54\.227\.120 \(public\) and client 10\.0\.0\.1 \(a private range \(RFC 1918\)\)/,
    ],
    ["https://198.18.0.1/hook", /benchmarking space \(RFC 2544, 198\.18\.0\.0\/15\)/],
    ["https://192.0.0.170/hook", /NAT64\/DNS64 discovery/],
    ["https://240.0.0.1/hook", /reserved for future use \(240\.0\.0\.0\/4\)/],
    ["https://100.64.0.1/hook", /carrier-grade NAT/],
    [
      "https://nat64.example.com/hook",
      /resolves to 64:ff9b::a00:1, which is NAT64 prefix embedding 10\.0\.0\.1 \(a private range \(RFC 1918\)\)/,
    ],
    [
      "https://docs.example.com/hook",
      /resolves to 203\.0\.113\.5, which is documentation space \(TEST-NET-3, 203\.0\.113\.0\/24\)/,
    ],
  ])("refuses %s", async (url, message) => {
    const r = await resolveWebhookTarget(
      url,
      lookup({
        "internal.example.com": ["192.168.1.10"],
        "rebind.example.com": ["93.184.215.14", "127.0.0.1"],
        "mcast.example.com": ["239.255.255.250"],
        "mcast6.example.com": ["2606:4700::1111", "ff05::c"],
        "nat64.example.com": ["2606:4700::1111", "64:ff9b::a00:1"],
        "docs.example.com": ["203.0.113.5"],
      }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("accepts public hosts, and loopback only with the explicit test setting", async () => {
    expect(
      await resolveWebhookTarget(
        "https://hooks.example.com/axys",
        lookup({ "hooks.example.com": ["93.184.215.14", "2606:4700::1111"] }),
      ),
    ).toMatchObject({ ok: true, target: { addresses: ["93.184.215.14", "2606:4700::1111"] } });
    expect(await resolveWebhookTarget("https://8.8.8.8/axys")).toMatchObject({
      ok: true,
      target: { addresses: ["8.8.8.8"] },
    });
    process.env.AXYS_WEBHOOK_ALLOW_LOOPBACK = "1";
    expect((await resolveWebhookTarget("https://127.0.0.1:9999/hook")).ok).toBe(true);
    expect((await resolveWebhookTarget("https://[::ffff:127.0.0.1]:9999/hook")).ok).toBe(true);
    expect((await resolveWebhookTarget("https://10.0.0.5/hook")).ok).toBe(false); // private stays refused
    expect(await resolveWebhookTarget("https://[64:ff9b::7f00:1]/hook")).toEqual({
      ok: false,
      message:
        "64:ff9b::7f00:1 is NAT64 prefix embedding 127.0.0.1 (loopback): webhooks are only delivered to public addresses.",
    });
  });
});

describe("signatures", () => {
  it("verifies with the right secret, during a rotation with either, and refuses tampering and stale timestamps", () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    const now = new Date("2030-01-01T00:00:00Z");
    const body = JSON.stringify({ type: "certificate.expiring" });
    const h = webhookHeaders([a, b], "evt_1", body, now);
    expect(h["webhook-signature"].split(" ")).toHaveLength(2);
    expect(verifyWebhook(a, h, body, now)).toBe(true);
    expect(verifyWebhook(b, h, body, now)).toBe(true);
    expect(verifyWebhook(generateWebhookSecret(), h, body, now)).toBe(false);
    expect(verifyWebhook(a, h, body + " ", now)).toBe(false);
    expect(verifyWebhook(a, h, body, new Date(now.getTime() + 600_000))).toBe(false);
    expect(signWebhook(a, "evt_1", 1, "x")).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });
});
