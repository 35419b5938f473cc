import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";

// next-auth asks this callback where to send the browser after sign-in and sign-out (callbackUrl).
const redirect = (url: string) => authOptions.callbacks!.redirect!({ url, baseUrl: "http://localhost:3000" });

describe("next-auth redirect callback", () => {
  it.each([
    "https://evil.example/",
    "/\\evil.example",
    "/\t/evil.example",
    "//evil.example",
    "/.//evil.example",
    "javascript:alert(1)",
    "http://localhost:3000.evil.example/",
  ])("sends %j to the portal's start page", async (url) => {
    expect(await redirect(url)).toBe("http://localhost:3000/");
  });

  it("keeps the portal's own pages", async () => {
    expect(await redirect("/login")).toBe("http://localhost:3000/login");
    expect(await redirect("http://localhost:3000/programs?x=1")).toBe("http://localhost:3000/programs?x=1");
  });
});
