import { describe, expect, it } from "vitest";
import { cliErrorOf } from "@/lib/testing/cli";

const run = (over: Partial<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>) => ({
  code: 1,
  signal: null,
  out: "",
  err: "",
  ...over,
});

describe("cliErrorOf", () => {
  it("returns the exit code and the JSON error of a refusal", () => {
    expect(cliErrorOf(run({ out: '{"error":{"code":"VALIDATION","message":"Bad CIDR.","field":"cidr"}}' }))).toEqual({
      exit: 1,
      code: "VALIDATION",
      message: "Bad CIDR.",
      field: "cidr",
    });
    expect(cliErrorOf(run({ code: 64, out: '{"error":{"code":"USAGE","message":"Missing --tenant."}}' }))).toEqual({
      exit: 64,
      code: "USAGE",
      message: "Missing --tenant.",
    });
  });

  it("reads the text form from stderr when --json was not given", () => {
    expect(cliErrorOf(run({ err: "error (PRODUCTION): Demo data is refused in production." }))).toEqual({
      exit: 1,
      code: "PRODUCTION",
      message: "Demo data is refused in production.",
    });
  });

  it("fails on a hung or killed CLI, a success, and a non-zero exit without an error (what `code !== 0` let through)", () => {
    expect(() => cliErrorOf(run({ code: null, signal: "SIGTERM" }))).toThrow(
      /did not exit \(signal SIGTERM: killed or timed out\)/,
    );
    expect(() => cliErrorOf(run({ code: 0, out: "{}" }))).toThrow(/expected the CLI to refuse, but it exited 0/);
    expect(() => cliErrorOf(run({ code: 1, err: "Segmentation fault" }))).toThrow(/exited 1 without an error/);
    expect(() => cliErrorOf(run({ code: 1, out: '{"id":"x"}' }))).toThrow(/exited 1 without an error/);
  });
});
