import { describe, expect, it } from "vitest";
import { PATH_ONLY_ORIGIN, safeRedirect } from "./redirect";

const ORIGIN = "http://localhost:3000";

describe("safeRedirect", () => {
  it.each([
    ["/\\evil.example"],
    ["/\\\\evil.example"],
    ["\\\\evil.example"],
    ["/\t/evil.example"], // what the browser reads from ?callbackUrl=/%09/evil.example
    ["/\n/evil.example"],
    ["/\r/evil.example"],
    [" //evil.example"],
    ["//evil.example"],
    ["//evil.example/programs"],
    ["///evil.example"],
    ["/.//evil.example"],
    ["/..//evil.example"],
    ["/%2e%2e//evil.example"],
    ["https://evil.example"],
    ["https://evil.example/programs"],
    ["http://localhost:3000.evil.example/"],
    ["http://localhost:3000@evil.example/"],
    ["http://user:pw@localhost:3000/programs"],
    ["https://localhost:3000/programs"], // other scheme, other origin
    ["http://localhost:3001/programs"],
    ["javascript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["vbscript:msgbox(1)"],
    ["http://[::1"],
    [""],
  ])("refuses %j", (target) => {
    expect(safeRedirect(target, ORIGIN)).toBe("/");
    expect(safeRedirect(target, ORIGIN, "/programs")).toBe("/programs");
  });

  it.each([
    ["/programs", "/programs"],
    ["/programs/prg_1/fees?env=staging&x=a%20b#top", "/programs/prg_1/fees?env=staging&x=a%20b#top"],
    ["/", "/"],
    ["programs", "/programs"], // relative to the origin's root
    ["http://localhost:3000/programs?x=1", "/programs?x=1"],
    ["/a/../programs", "/programs"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"], // an encoded path segment stays a path on this origin
  ])("accepts %j as %j", (target, path) => {
    expect(safeRedirect(target, ORIGIN)).toBe(path);
  });

  it("answers the fallback for a missing target or an unusable origin", () => {
    expect(safeRedirect(undefined, ORIGIN)).toBe("/");
    expect(safeRedirect(null, ORIGIN, "/x")).toBe("/x");
    expect(safeRedirect("/programs", "not a url")).toBe("/");
  });

  it("with PATH_ONLY_ORIGIN accepts only paths", () => {
    expect(safeRedirect("/programs?x=1", PATH_ONLY_ORIGIN)).toBe("/programs?x=1");
    expect(safeRedirect("http://localhost:3000/programs", PATH_ONLY_ORIGIN)).toBe("/");
    expect(safeRedirect("/\\evil.example", PATH_ONLY_ORIGIN)).toBe("/");
  });
});
