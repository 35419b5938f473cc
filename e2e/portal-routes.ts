import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Every page route of the portal, read from app/ (so a new page is part of the sweep without editing this
 * file), as patterns such as "/programs/[programId]/fees".
 */
export function appRoutes(dir = path.join(process.cwd(), "app")): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (!statSync(full).isDirectory()) {
        if (name === "page.tsx") out.push(prefix || "/");
        continue;
      }
      if (name === "api" || name.startsWith("_")) continue;
      // route groups, "(portal)", add nothing to the URL
      walk(full, /^\(.*\)$/.test(name) ? prefix : `${prefix}/${name}`);
    }
  };
  walk(dir, "");
  return out.sort();
}

/** The route pattern a URL path belongs to; a static segment wins over a dynamic one, as in Next. */
export function routeOf(pathname: string, routes: string[]): string | null {
  const parts = pathname.split("/").filter(Boolean);
  let best: { route: string; score: number } | null = null;
  for (const route of routes) {
    const segs = route.split("/").filter(Boolean);
    if (segs.length !== parts.length) continue;
    let score = 0;
    const ok = segs.every((s, i) => {
      if (s.startsWith("[")) return true;
      score += 1;
      return s === parts[i];
    });
    if (ok && (!best || score > best.score)) best = { route, score };
  }
  return best?.route ?? null;
}

/** Pages outside the signed-in portal, and where each role's sweep is expected to reach, given its seeded data. */
export const OUTSIDE_PORTAL = [
  "/login",
  "/login/two-factor",
  "/login/two-factor/enrol",
  "/invite/[token]",
  "/dev/mail",
  "/dev/mail/[id]",
  "/login/forgot",
  "/reset/[token]",
  "/confirm-email/[token]",
];

/** Every signed-in user's own pages (reached from the user menu). */
const ACCOUNT_PAGES = ["/settings/security", "/settings/profile", "/settings/security/two-factor"];

const TENANT_PAGES = [
  "/",
  "/programs",
  "/programs/[programId]",
  "/programs/[programId]/bank",
  "/programs/[programId]/deposit-addresses",
  "/programs/[programId]/designs",
  "/programs/[programId]/fees",
  "/programs/[programId]/partners",
  "/programs/[programId]/sms-sender",
  "/programs/[programId]/wallets",
  "/monitoring",
  "/monitoring/transactions",
  "/monitoring/balances",
  "/monitoring/transactions/[id]",
  "/api-users",
  "/api-users/[id]",
  "/certificates",
  "/certificates/[scope]",
  "/credentials",
  "/allowlist",
  "/allowlist/[scope]",
  "/webhooks",
  "/webhooks/[id]",
  "/notifications",
  "/audit",
  "/legal",
  "/legal/[kind]",
  "/test-credentials/[scope]",
  "/settings/team",
  "/api-reference",
];

export const EXPECTED: Record<"tenant_admin" | "tenant_viewer" | "partner_viewer" | "staff_reviewer", string[]> = {
  tenant_admin: [...TENANT_PAGES, ...ACCOUNT_PAGES, "/programs/new", "/api-users/new"],
  tenant_viewer: [...TENANT_PAGES, ...ACCOUNT_PAGES],
  partner_viewer: [
    "/",
    "/programs/[programId]",
    "/monitoring",
    "/monitoring/transactions",
    "/monitoring/transactions/[id]",
    "/monitoring/balances",
    ...ACCOUNT_PAGES,
  ],
  staff_reviewer: [
    "/",
    "/staff",
    "/staff/designs/[id]",
    "/staff/requests/[id]",
    "/legal",
    "/legal/[kind]",
    ...ACCOUNT_PAGES,
  ],
};
