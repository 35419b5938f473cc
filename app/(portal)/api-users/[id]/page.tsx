import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Time } from "@/components/ui/time";
import { listApiRequests, REQUEST_LOG_FILTER_KEYS, requestLogFilterSchema } from "@/lib/am-api/request-log-view";
import { listApiKeys } from "@/lib/api-keys/service";
import { PATTERN_INFO } from "@/lib/api-users/schemas";
import { getApiUser } from "@/lib/api-users/service";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { listCertificatesOfApiUser } from "@/lib/certificates/service";
import { ENVIRONMENTS } from "@/lib/environments";
import { firstError, parseListParams } from "@/lib/list-params";
import { CertificateStatusBadge } from "../../certificates/status-badge";
import { ApiKeysPanel } from "./api-keys-panel";
import { DisableApiUserButton } from "./disable-api-user-button";
import { RequestLog } from "./request-log";

export const metadata: Metadata = { title: "API user" };

export default async function ApiUserPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireCtx();
  const now = new Date();
  const { id } = await params;
  const log = parseListParams(requestLogFilterSchema, REQUEST_LOG_FILTER_KEYS, await searchParams);
  const [user, keys, certificates, requests] = await orNotFound(
    Promise.all([
      getApiUser(ctx, id),
      listApiKeys(ctx, id),
      listCertificatesOfApiUser(ctx, id),
      // an invalid filter lists nothing rather than requests the controls do not describe
      log.ok ? listApiRequests(ctx, id, log.filter) : Promise.resolve({ requests: [], nextCursor: null }),
    ]),
  );
  const mayWrite = can(ctx.role, "apiusers:write") && !user.disabledAt;
  const scopePath = `/certificates/${user.programId ?? "tenant"}?apiUser=${user.id}`;
  return (
    <>
      <PageHeader
        title={user.name}
        description={
          <>
            {PATTERN_INFO[user.pattern].label} ·{" "}
            {user.programId ? (
              <>
                program{" "}
                <Link className="text-brand-700 hover:underline" href={`/programs/${user.programId}`}>
                  {user.programName}
                </Link>
              </>
            ) : (
              "tenant-level"
            )}{" "}
            · id <CopyableValue value={user.id} what="API user id" className="text-xs" />
            {user.disabledAt ? (
              <>
                {" "}
                ·{" "}
                <Badge tone="red">
                  Disabled <Time value={user.disabledAt} />
                </Badge>
              </>
            ) : null}
          </>
        }
        actions={mayWrite ? <DisableApiUserButton id={user.id} name={user.name} /> : null}
      >
        <Link href="/api-users" className="text-sm text-slate-500 hover:text-slate-800">
          ← API users
        </Link>
      </PageHeader>
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "apiusers:write")} />
      <div className="grid gap-6 lg:grid-cols-2">
        {ENVIRONMENTS.map((env) => {
          const envCerts = certificates.filter((c) => c.environment === env);
          return (
            <Card key={env} aria-label={`${env} credentials`}>
              <CardHeader
                title={env === "production" ? "Production" : "Staging"}
                description="API key and certificate, rotated independently."
                actions={<Badge tone={env === "production" ? "amber" : "blue"}>{env}</Badge>}
              />
              <CardBody className="space-y-5">
                <ApiKeysPanel
                  apiUserId={user.id}
                  environment={env}
                  keys={keys.filter((k) => k.environment === env)}
                  mayWrite={mayWrite}
                  now={now}
                />
                <div>
                  <h3 className="mb-2 text-sm font-semibold text-slate-800">Certificates</h3>
                  {envCerts.length === 0 ? (
                    <p className="text-sm text-slate-500">None issued for this API user yet.</p>
                  ) : (
                    <ul className="space-y-1 text-sm">
                      {envCerts.map((c) => (
                        <li key={c.id} className="flex items-center justify-between gap-2">
                          <span className="flex min-w-0 items-center gap-1 text-xs">
                            <CopyableValue
                              value={c.serialHex}
                              what={`serial ${c.serialHex.slice(0, 16)}…`}
                              className="whitespace-nowrap"
                            >
                              {c.serialHex.slice(0, 16)}…
                            </CopyableValue>
                            <span className="truncate">· {c.dnsNames[0]}</span>
                          </span>
                          <span className="flex items-center gap-2">
                            <CertificateStatusBadge status={c.status} />
                            {c.status !== "revoked" && c.status !== "expired" ? (
                              <span className="whitespace-nowrap text-xs text-slate-500">{c.daysLeft} d</span>
                            ) : null}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {can(ctx.role, "certificates:write") && !user.disabledAt ? (
                    <p className="mt-2 text-sm">
                      <Link className="font-medium text-brand-700 hover:underline" href={scopePath}>
                        Submit a CSR for this API user →
                      </Link>{" "}
                      <span className="text-xs text-slate-500">(switch to {env} in the header first)</span>
                    </p>
                  ) : null}
                </div>
              </CardBody>
            </Card>
          );
        })}
      </div>
      {user.level === "tenant" ? (
        <div className="mt-6">
          <RequestLog
            apiUserId={user.id}
            requests={requests.requests}
            nextCursor={requests.nextCursor}
            values={log.values}
            query={log.query}
            error={log.ok ? null : firstError(log.errors)}
          />
        </div>
      ) : null}
    </>
  );
}
