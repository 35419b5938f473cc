import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { EnvironmentSwitcher } from "@/components/shell/environment-switcher";
import { navFor } from "@/components/shell/nav";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { getTenantName } from "@/lib/tenants/service";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const ctx = await requireCtx();
  const tenantName = ctx.tenantId ? ((await getTenantName(ctx.tenantId)) ?? "Tenant") : "Axys staff";
  return (
    <Providers>
      <div className="flex min-h-screen">
        <Sidebar items={navFor(ctx.role, ctx.programId)} tenantName={tenantName} />
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-14 items-center justify-between gap-4 border-b border-slate-200 bg-white px-6">
            <div className="flex items-center gap-3 text-sm">
              <span className="font-medium text-slate-800" data-testid="tenant-name">{tenantName}</span>
              {ctx.tenantId ? <EnvironmentSwitcher current={ctx.environment} /> : null}
            </div>
            <UserMenu email={ctx.actorLabel} roleLabel={ROLE_LABELS[ctx.role]} />
          </header>
          <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">{children}</main>
        </div>
      </div>
    </Providers>
  );
}
