import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { CopyableValue } from "@/components/ui/copyable-value";
import { PageHeader } from "@/components/ui/page-header";
import { ActionsTh, Table, TableHead, Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
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
              <Button variant="outline" asChild>
                <a href={`/certificates/ca/${env}`} download>
                  <Download className="h-4 w-4" aria-hidden />
                  CA certificate
                </a>
              </Button>
              <CopyButton value={`${portalOrigin()}/certificates/ca/${env}`} what="CA certificate URL" />
            </span>
            <span className="inline-flex items-center gap-1">
              <Button variant="outline" asChild>
                <a href={`/certificates/crl/${env}`} download>
                  <Download className="h-4 w-4" aria-hidden />
                  CRL
                </a>
              </Button>
              <CopyButton value={`${portalOrigin()}/certificates/crl/${env}`} what="CRL URL" />
            </span>
          </>
        }
      />
      <Card>
        <Table>
          <TableHead columns={["Scope", "Status", "Issued", "Expires", "Days left", <ActionsTh key="actions" />]} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.programId ?? "tenant"}>
                <Td>
                  <div className="font-medium text-slate-800">{r.scopeName}</div>
                  <div className="text-xs text-slate-500">
                    {r.programId ? (
                      <CopyableValue value={r.programId} what={`program id of ${r.scopeName}`} nowrap />
                    ) : (
                      <span className="font-mono">tenant-level (OU=tenant)</span>
                    )}
                  </div>
                </Td>
                <Td>
                  <CertificateStatusBadge status={r.state === "ok" ? "active" : r.state} />
                </Td>
                <Td className="tabular-nums text-slate-600">{r.issuedAt ? <Time value={r.issuedAt} /> : "—"}</Td>
                <Td className="tabular-nums text-slate-600">
                  {r.expiresAt ? (
                    <Time value={r.expiresAt} relativeTo={now} prefix={r.expiresAt < now ? "expired" : "expires"} />
                  ) : (
                    "—"
                  )}
                </Td>
                <Td className="tabular-nums">{r.daysLeft ?? "—"}</Td>
                <Td className="text-right">
                  <Link
                    className="text-sm font-medium text-brand-700 hover:underline"
                    href={`/certificates/${r.programId ?? "tenant"}`}
                    aria-label={`Manage certificates of ${r.scopeName}`}
                  >
                    Manage
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
