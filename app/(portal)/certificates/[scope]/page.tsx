import type { Metadata } from "next";
import Link from "next/link";
import { ProgramTabs } from "@/components/shell/program-tabs";
import { Card, TitledCard } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { certificateApiUserOptions } from "@/lib/api-users/credential-set";
import { listApiUsers } from "@/lib/api-users/service";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { TENANT_OU } from "@/lib/certificates/policy";
import { listCertificates } from "@/lib/certificates/service";
import { getProgram } from "@/lib/programs/service";
import { getOwnTenant } from "@/lib/tenants/service";
import { CertificateCard } from "./certificate-card";
import { SubmitCsrForm } from "./submit-csr-form";

export const metadata: Metadata = { title: "Certificates" };

export default async function ScopeCertificatesPage({
  params,
  searchParams,
}: {
  params: Promise<{ scope: string }>;
  searchParams: Promise<{ apiUser?: string }>;
}) {
  const ctx = await requireCtx();
  const { scope } = await params;
  const { apiUser: apiUserParam } = await searchParams;
  const programId = scope === "tenant" ? null : scope;
  const mayWrite = can(ctx.role, "certificates:write");
  const [tenant, program, certificates, apiUsers, apiUserOptions] = await orNotFound(
    Promise.all([
      getOwnTenant(ctx),
      programId ? getProgram(ctx, programId) : Promise.resolve(null),
      listCertificates(ctx, { environment: ctx.environment, programId }),
      can(ctx.role, "apiusers:read") ? listApiUsers(ctx) : Promise.resolve([]),
      mayWrite ? certificateApiUserOptions(ctx, programId) : Promise.resolve(null),
    ]),
  );
  const apiUserNames = Object.fromEntries(apiUsers.map((u) => [u.id, u.name]));
  // Issuing for an API user (linked from its page): preselected when it is an enabled one of this scope.
  const forApiUser = apiUserOptions?.users.find((u) => u.id === apiUserParam);
  const scopeName = program ? program.name : "Tenant-level (Account Management)";
  const valid = certificates.filter(
    (c) => c.status === "active" || c.status === "expiring" || c.status === "superseded",
  );
  const history = certificates.filter((c) => !valid.includes(c));

  return (
    <>
      <ProgramTabs ctx={ctx} programId={scope === "tenant" ? null : scope} />
      <PageHeader
        title={scopeName}
        description={
          <>
            Certificates in <strong className="font-medium text-slate-700">{ctx.environment}</strong>
            {program ? (
              <>
                {" "}
                · program <CopyableValue value={program.id} what="program id" className="text-xs" />
              </>
            ) : null}
            . Switch the environment in the header for the other one.{" "}
            <Link className="text-brand-700 hover:underline" href={`/test-credentials/${scope}`}>
              Test these credentials with curl →
            </Link>
          </>
        }
        back={{ href: "/certificates", label: "Certificates" }}
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "certificates:write")} />
      <div className="space-y-6">
        <section aria-label="Valid certificates">
          {valid.length === 0 ? (
            <Card>
              <EmptyState title={`No valid ${ctx.environment} certificate`}>
                {mayWrite ? "Submit a CSR below to get one." : null}
              </EmptyState>
            </Card>
          ) : (
            <>
              {valid.length > 1 ? (
                <p className="mb-3 text-sm text-slate-600">
                  Renewal overlap: both certificates are accepted until the old one expires or you retire it. Test the
                  new one first (curl with the new certificate), then retire the old one.
                </p>
              ) : null}
              <div className={valid.length > 1 ? "grid gap-4 lg:grid-cols-2" : ""}>
                {valid.map((c) => (
                  <CertificateCard
                    key={c.id}
                    certificate={c}
                    mayWrite={mayWrite}
                    apiUserName={apiUserNames[c.apiUserId ?? ""]}
                  />
                ))}
              </div>
            </>
          )}
        </section>
        {mayWrite && apiUserOptions ? (
          <TitledCard
            title={valid.length ? "Renew: submit a new CSR" : "Submit a CSR"}
            description={
              forApiUser
                ? `For API user ${forApiUser.name}.`
                : valid.length
                  ? "The current certificate stays valid while you switch over."
                  : "Paste or upload a PEM certificate signing request."
            }
          >
            <SubmitCsrForm
              environment={ctx.environment}
              programId={programId}
              legalName={tenant.legalName}
              ou={programId ?? TENANT_OU}
              apiUsers={apiUserOptions}
              apiUserId={forApiUser?.id}
            />
          </TitledCard>
        ) : null}
        {history.length ? (
          <section aria-label="Certificate history" className="space-y-3">
            <h2 className="text-sm font-semibold text-slate-700">History</h2>
            <div className="grid gap-4 lg:grid-cols-2">
              {history.map((c) => (
                <CertificateCard
                  key={c.id}
                  certificate={c}
                  mayWrite={false}
                  apiUserName={apiUserNames[c.apiUserId ?? ""]}
                />
              ))}
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
