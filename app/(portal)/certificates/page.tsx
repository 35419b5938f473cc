import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable } from "@/components/ui/data-table";
import { ActionsTh, Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { DownloadButton } from "@/components/ui/download-button";
import { ExpiryTime } from "@/components/ui/expiry-time";
import { ManageLink } from "@/components/ui/manage-link";
import { ScopeLabel } from "@/components/ui/scope-label";
import { orNotFound } from "@/lib/auth/page-helpers";
import { portalOrigin } from "@/lib/auth/redirect";
import { requireCtx } from "@/lib/auth/session";
import { getCredentialRegister } from "@/lib/credentials/register";
import { CertificateStatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Certificates" };

export default async function CertificatesPage() {
  const ctx = await requireCtx();
  const now = new Date();
  const env = ctx.environment;
  const rows = (await orNotFound(getCredentialRegister(ctx)))
    .filter((r) => r.environment === env)
    .sort((a, b) => (a.scope === b.scope ? a.scopeName.localeCompare(b.scopeName) : a.scope === "tenant" ? -1 : 1));
  return (
    <>
      <PageHeader
        title="Certificates"
        description={
          <>
            Client certificates signed by the Axys {env} CA{env === "staging" ? " (shared with the sandbox)" : ""}.
            Every server calling the platform presents one; they are valid for 90 days.
          </>
        }
        actions={
          <>
            <span className="inline-flex items-center gap-1">
              <DownloadButton href={`/certificates/ca/${env}`}>CA certificate</DownloadButton>
              <CopyButton value={`${portalOrigin()}/certificates/ca/${env}`} what="CA certificate URL" />
            </span>
            <span className="inline-flex items-center gap-1">
              <DownloadButton href={`/certificates/crl/${env}`}>CRL</DownloadButton>
              <CopyButton value={`${portalOrigin()}/certificates/crl/${env}`} what="CRL URL" />
            </span>
          </>
        }
      />
      <Card>
        <DataTable
          columns={["Scope", "Status", "Issued", "Expires", "Days left", <ActionsTh key="actions" />]}
          rows={rows}
        >
          {(r) => (
            <tr key={r.programId ?? "tenant"}>
              <Td>
                <ScopeLabel name={r.scopeName} programId={r.programId} tenantNote="tenant-level (OU=tenant)" />
              </Td>
              <Td>
                <CertificateStatusBadge status={r.state === "ok" ? "active" : r.state} />
              </Td>
              <Td className="tabular-nums text-slate-600">{r.issuedAt ? <Time value={r.issuedAt} /> : "—"}</Td>
              <Td className="tabular-nums text-slate-600">
                <ExpiryTime value={r.expiresAt} now={now} />
              </Td>
              <Td className="tabular-nums">{r.daysLeft ?? "—"}</Td>
              <Td className="text-right">
                <ManageLink href={`/certificates/${r.programId ?? "tenant"}`} what={`certificates of ${r.scopeName}`} />
              </Td>
            </tr>
          )}
        </DataTable>
      </Card>
    </>
  );
}
