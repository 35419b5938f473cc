import type { NextConfig } from "next";
import { FIXED_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["@node-rs/argon2", "better-sqlite3", "pino", "pino-pretty", "nodemailer"],
  // Content-Security-Policy (per-request nonce) and HSTS (runtime setting) are set in proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: FIXED_SECURITY_HEADERS }];
  },
};

export default nextConfig;
