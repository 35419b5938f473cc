import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable } from "@/components/ui/data-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { DownloadButton } from "@/components/ui/download-button";
import { ExpiryTime } from "@/components/ui/expiry-time";
import { ScopeLabel } from "@/components/ui/scope-label";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { getCredentialRegister, type RegisterState } from "@/lib/credentials/register";

export const metadata: Metadata = { title: "Credential register" };

const STATE: Record<RegisterState, { tone: "red" | "amber" | "green" | "neutral"; label: string }> = {
  expired: { tone: "red", label: "Expired" },
  expiring: { tone: "amber", label: "Expiring" },
  ok: { tone: "green", label: "Valid" },
  missing: { tone: "neutral", label: "Not issued" },
};
const date = (d: Date | null) => (d ? <Time value={d} /> : "—");

export default async function CredentialRegisterPage() {
  const ctx = await requireCtx();
  const now = new Date();
  const rows = await orNotFound(getCredentialRegister(ctx));
  return (
    <>
      <PageHeader
        title="Credential register"
        description="Every credential set, both environments, most urgent first. A lapsed certificate fails every request at the TLS handshake."
        actions={rows.length > 0 ? <DownloadButton href="/credentials/export">Export CSV</DownloadButton> : null}
      />
      <Card>
        <DataTable
          columns={[
            "Environment",
            "Scope",
            "API user",
            "Certificate",
            "Issued",
            "Expires",
            "Days left",
            "Reminder sent",
            "API key last rotated",
          ]}
          rows={rows}
        >
          {(r) => (
            <tr key={`${r.environment}-${r.programId ?? "tenant"}-${r.apiUserId ?? "none"}`}>
              <Td>
                <Badge tone={r.environment === "production" ? "amber" : "blue"}>{r.environment}</Badge>
              </Td>
              <Td>
                <ScopeLabel name={r.scopeName} programId={r.programId} />
              </Td>
              <Td>
                {r.apiUserId ? (
                  <Link className="text-brand-700 hover:underline" href={`/api-users/${r.apiUserId}`}>
                    {r.apiUserName}
                  </Link>
                ) : (
                  <span className="text-slate-500" title="The first certificate of the scope creates one">
                    none yet
                  </span>
                )}
              </Td>
              <Td>
                <Badge tone={STATE[r.state].tone}>{STATE[r.state].label}</Badge>
              </Td>
              <Td className="tabular-nums">{date(r.issuedAt)}</Td>
              <Td className="tabular-nums">
                <ExpiryTime value={r.expiresAt} now={now} />
              </Td>
              <Td className="tabular-nums font-medium">{r.daysLeft ?? "—"}</Td>
              <Td className="text-xs text-slate-600">
                {r.lastReminder ? (
                  <>
                    {r.lastReminder.thresholdDays}-day, {date(r.lastReminder.at)}
                  </>
                ) : (
                  "—"
                )}
              </Td>
              <Td className="text-slate-500">
                {r.apiKeyLastRotatedAt ? (
                  date(r.apiKeyLastRotatedAt)
                ) : (
                  <span title="API keys arrive with API users">—</span>
                )}
              </Td>
            </tr>
          )}
        </DataTable>
        <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
          Manage certificates per scope on the{" "}
          <Link className="text-brand-700 hover:underline" href="/certificates">
            Certificates
          </Link>{" "}
          page (switch the environment in the header).
        </p>
      </Card>
    </>
  );
}
