import { Bell } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { CommandPalette } from "@/components/shell/command-palette";
import { EnvironmentSwitcher } from "@/components/shell/environment-switcher";
import { MobileNav } from "@/components/shell/mobile-nav";
import { navFor } from "@/components/shell/nav";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { programBound, ROLE_LABELS } from "@/lib/auth/permissions";
import { getSessionTenantName, requireCtx } from "@/lib/auth/session";
import { countUnreadNotifications } from "@/lib/notifications/service";
import { surfacesFor } from "@/lib/partners/visibility";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const ctx = await requireCtx();
  // the tenant name comes with the session (one query); the rest is read side by side
  const [tenantName, unread, partner] = await Promise.all([
    ctx.tenantId ? getSessionTenantName().then((n) => n ?? "Tenant") : "Axys staff",
    countUnreadNotifications(ctx),
    programBound(ctx) ? surfacesFor(ctx) : undefined,
  ]);
  const nav = navFor(ctx.role, ctx.programId, partner);
  return (
    <Providers>
      <div className="flex min-h-screen">
        <Sidebar items={nav} tenantName={tenantName} />
        <div className="flex min-w-0 flex-1 flex-col">
          {/* phone: [menu] tenant ... [search][bell][user] on one row, the environment switch on the next */}
          <header className="flex min-h-14 flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 sm:flex-nowrap sm:px-6">
            <MobileNav items={nav} tenantName={tenantName} />
            <span className="min-w-0 truncate text-sm font-medium text-slate-800" data-testid="tenant-name">
              {tenantName}
            </span>
            {ctx.tenantId ? (
              <div className="order-last w-full text-sm sm:order-none sm:w-auto">
                <EnvironmentSwitcher current={ctx.environment} />
              </div>
            ) : null}
            <div className="ml-auto flex shrink-0 items-center gap-2">
              <CommandPalette />
              {unread > 0 ? (
                <Link
                  href="/notifications"
                  className="relative rounded-md p-2 text-slate-600 hover:bg-slate-100"
                  aria-label={`${unread} unread notification${unread > 1 ? "s" : ""}`}
                >
                  <Bell className="h-5 w-5" aria-hidden />
                  <span className="absolute -top-0.5 -right-0.5 rounded-full bg-red-600 px-1.5 text-[10px] font-semibold text-white">
                    {unread}
                  </span>
                </Link>
              ) : null}
              <UserMenu email={ctx.actorLabel} roleLabel={ROLE_LABELS[ctx.role]} />
            </div>
          </header>
          <main className="mx-auto w-full min-w-0 max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8">{children}</main>
        </div>
      </div>
    </Providers>
  );
}
