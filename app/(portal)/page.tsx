import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { EnvLink } from "@/components/shell/env-link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { can, programBound } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { EXPIRY_WINDOW_DAYS, getDashboard } from "@/lib/dashboard/service";

export const metadata: Metadata = { title: "Home" };

const REQUEST_KINDS: Record<string, string> = {
  sms_sender_id: "SMS sender ID",
  deposit_address_type: "Deposit address type",
};
const REQUEST_PAGES: Record<string, string> = {
  sms_sender_id: "sms-sender",
  deposit_address_type: "deposit-addresses",
};
const WEBHOOK_STATES: Record<string, string> = { verification_failed: "Verification failed", disabled: "Disabled" };

function Part({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <CardBody>{children}</CardBody>
    </Card>
  );
}

function Items({ label, empty, children }: { label: string; empty: string; children: ReactNode[] }) {
  if (children.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul aria-label={label} className="space-y-2 text-sm">
      {children}
    </ul>
  );
}

const linkClass = "font-medium text-brand-700 underline underline-offset-2";

/** Home: partners land on their Program and staff on the review queue, as before; Tenant users on their dashboard. */
export default async function Home() {
  const ctx = await requireCtx();
  if (can(ctx, "staff:console")) redirect("/staff");
  if (programBound(ctx)) redirect(ctx.programId ? `/programs/${ctx.programId}` : "/login");
  const d = await getDashboard(ctx);
  const names = Object.fromEntries(d.programs.map((p) => [p.id, p.name]));
  const programName = (id: string | null) => (id ? (names[id] ?? id) : "Tenant-level");
  const quick = [
    can(ctx.role, "programs:create") && { href: "/programs/new", label: "New program" },
    { href: "/programs", label: "Programs" },
    can(ctx.role, "certificates:read") && { href: "/certificates", label: "Certificates" },
    can(ctx.role, "apiusers:read") && { href: "/api-users", label: "API users" },
    can(ctx.role, "monitoring:read") && { href: "/monitoring", label: "Monitoring" },
    can(ctx.role, "audit:read") && { href: "/audit", label: "Audit log" },
  ].filter((l): l is { href: string; label: string } => !!l);

  return (
    <>
      <PageHeader
        title="Home"
        description={`What needs attention across your ${d.programs.length} program${d.programs.length === 1 ? "" : "s"}.`}
      />
      <nav aria-label="Quick links" className="mb-6 flex flex-wrap gap-2 text-sm">
        {quick.map((l) => (
          <Link
            key={l.href}
            href={l.href}
            className="rounded-md border border-slate-200 bg-white px-3 py-1.5 font-medium text-slate-700 hover:border-brand-500 hover:text-brand-700"
          >
            {l.label}
          </Link>
        ))}
      </nav>
      <div className="grid gap-6 lg:grid-cols-2">
        {d.expiringCertificates ? (
          <Part title="Certificates expiring" description={`Within ${EXPIRY_WINDOW_DAYS} days, not yet renewed.`}>
            <Items
              label="Certificates expiring"
              empty="None: every certificate is valid for more than 30 days or already renewed."
            >
              {d.expiringCertificates.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2">
                  <EnvLink href={`/certificates/${c.programId ?? "tenant"}?env=${c.environment}`} className={linkClass}>
                    {programName(c.programId)}
                  </EnvLink>
                  <Badge tone={c.daysLeft <= 5 ? "red" : "amber"}>
                    {c.daysLeft} day{c.daysLeft === 1 ? "" : "s"} left
                  </Badge>
                  <span className="text-slate-600">
                    {c.environment} · serial{" "}
                    <CopyableValue value={c.serialHex} what={`serial ${c.serialHex.slice(0, 12)}…`} className="text-xs">
                      {c.serialHex.slice(0, 12)}…
                    </CopyableValue>
                  </span>
                </li>
              ))}
            </Items>
          </Part>
        ) : null}
        {d.webhooksNeedingAttention ? (
          <Part
            title="Webhooks needing attention"
            description="Endpoints that failed verification or are disabled receive no events."
          >
            <Items label="Webhooks needing attention" empty="None: every endpoint is verified or verifying.">
              {d.webhooksNeedingAttention.map((w) => (
                <li key={w.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/webhooks/${w.id}`} className={`${linkClass} break-all`}>
                    {w.url}
                  </Link>
                  <Badge tone={w.status === "disabled" ? "neutral" : "red"}>
                    {WEBHOOK_STATES[w.status] ?? w.status}
                  </Badge>
                </li>
              ))}
            </Items>
          </Part>
        ) : null}
        {d.openRequests ? (
          <Part title="Open program requests" description="Awaiting a decision by Axys, or sent back for changes.">
            <Items label="Open program requests" empty="No open request.">
              {d.openRequests.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/programs/${r.programId}/${REQUEST_PAGES[r.kind] ?? ""}`} className={linkClass}>
                    {REQUEST_KINDS[r.kind] ?? r.kind}
                  </Link>
                  <span className="text-slate-600">{programName(r.programId)}</span>
                  <StatusBadge status={r.status} />
                </li>
              ))}
            </Items>
          </Part>
        ) : null}
        {d.unsettledDesigns ? (
          <Part title="Card designs" description="Latest versions pending review or rejected.">
            <Items label="Card designs" empty="No design awaiting review or rejected.">
              {d.unsettledDesigns.map((x) => (
                <li key={x.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/programs/${x.programId}/designs`} className={linkClass}>
                    {programName(x.programId)}, slot {x.slot}
                  </Link>
                  <StatusBadge status={x.status} />
                </li>
              ))}
            </Items>
          </Part>
        ) : null}
        {d.onboarding ? (
          <Part title="Onboarding left" description="Required steps still open, newest programs first.">
            <Items label="Onboarding left" empty="Every program has completed its required steps.">
              {d.onboarding.map((o) => (
                <li key={o.programId}>
                  <Link href={`/programs/${o.programId}`} className={linkClass}>
                    {o.name}
                  </Link>
                  <span className="text-slate-600">
                    {" "}
                    · {o.open.length} step{o.open.length === 1 ? "" : "s"} left:{" "}
                  </span>
                  {o.open.map((s, i) => (
                    <span key={s.key}>
                      {i ? ", " : ""}
                      <EnvLink href={s.href} className="text-brand-700 underline underline-offset-2">
                        {s.label}
                      </EnvLink>
                    </span>
                  ))}
                </li>
              ))}
            </Items>
          </Part>
        ) : null}
        {d.recentActivity ? (
          <Part title="Recent activity" description="The latest audit events.">
            <Items label="Recent activity" empty="Nothing recorded yet.">
              {d.recentActivity.map((e) => (
                <li key={e.id} className="flex flex-wrap gap-x-2">
                  <span className="font-mono text-xs text-slate-700">{e.action}</span>
                  <span className="text-slate-600">
                    {e.actorLabel} · <Time value={e.createdAt} />
                  </span>
                </li>
              ))}
            </Items>
            <p className="mt-3 text-sm">
              <Link href="/audit" className={linkClass}>
                Audit log →
              </Link>
            </p>
          </Part>
        ) : null}
      </div>
    </>
  );
}
