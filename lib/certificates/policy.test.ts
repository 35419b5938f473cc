import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isDnsName, shellQuote } from "@/lib/certificates/policy";

describe("policy helpers", () => {
  it("accepts host names and refuses wildcards, single labels and bad labels", () => {
    expect(isDnsName("api.acme.example")).toBe(true);
    expect(isDnsName("a-b.example.com")).toBe(true);
    for (const bad of [
      "*.acme.example",
      "localhost",
      "-a.example.com",
      "a..example.com",
      "api.acme.123",
      "x".repeat(64) + ".com",
    ])
      expect(isDnsName(bad)).toBe(false);
  });

  it("quotes values so a shell passes them through unchanged", () => {
    for (const v of ["/O=Acme $HOME `id` Ltd/OU=x", "/O=O'Brien Cards/OU=tenant", "plain"]) {
      expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(v)}`], { encoding: "utf8" })).toBe(v);
    }
  });
});
