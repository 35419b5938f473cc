import { Download } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { Time } from "@/components/ui/time";
import type { CertificateDto } from "@/lib/certificates/service";
import { CertificateStatusBadge } from "../status-badge";
import { CertificateActions } from "./certificate-actions";

export function CertificateCard({
  certificate: c,
  mayWrite,
  apiUserName,
}: {
  certificate: CertificateDto;
  mayWrite: boolean;
  apiUserName?: string;
}) {
  const live = c.status !== "revoked" && c.status !== "expired";
  return (
    <Card data-testid="certificate" data-serial={c.serialHex} data-status={c.status}>
      <CardBody className="space-y-3">
        <div className="flex items-start justify-between gap-3">
          <div>
            <CertificateStatusBadge status={c.status} />
            <p className="mt-2 text-sm font-medium text-slate-800">{c.dnsNames.join(", ")}</p>
            <p className="text-xs text-slate-500">{c.keyType}</p>
          </div>
          {live ? (
            <div className="text-right">
              <div className="text-2xl font-semibold tabular-nums text-slate-900">{c.daysLeft}</div>
              <div className="text-xs text-slate-500">days left</div>
            </div>
          ) : null}
        </div>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-xs">
          <dt className="text-slate-500">Serial</dt>
          <dd className="min-w-0">
            <CopyableValue value={c.serialHex} what="serial" />
          </dd>
          <dt className="text-slate-500">SHA-256</dt>
          <dd className="min-w-0">
            <CopyableValue value={c.fingerprintSha256} what="SHA-256 fingerprint" />
          </dd>
          <dt className="text-slate-500">Subject</dt>
          <dd className="break-all">{c.subject}</dd>
          <dt className="text-slate-500">Not before</dt>
          <dd className="tabular-nums">
            <Time value={c.notBefore} />
          </dd>
          <dt className="text-slate-500">Not after</dt>
          <dd className="tabular-nums">
            <Time value={c.notAfter} />
          </dd>
          {c.apiUserId ? (
            <>
              <dt className="text-slate-500">API user</dt>
              <dd>
                <Link className="text-brand-700 hover:underline" href={`/api-users/${c.apiUserId}`}>
                  {apiUserName ?? c.apiUserId}
                </Link>
              </dd>
            </>
          ) : null}
          {c.revokedAt ? (
            <>
              <dt className="text-slate-500">Revoked</dt>
              <dd>
                <Time value={c.revokedAt} /> ({c.revocationReason})
              </dd>
            </>
          ) : null}
        </dl>
        <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-3">
          <Button variant="outline" size="sm" asChild>
            <a href={`/certificates/download/${c.id}`} download>
              <Download className="h-3.5 w-3.5" aria-hidden />
              Certificate
            </a>
          </Button>
          <Button variant="outline" size="sm" asChild>
            <a href={`/certificates/download/${c.id}?format=chain`} download>
              <Download className="h-3.5 w-3.5" aria-hidden />
              With CA chain
            </a>
          </Button>
          {mayWrite && live ? (
            <CertificateActions id={c.id} serial={c.serialHex} superseded={c.status === "superseded"} />
          ) : null}
        </div>
      </CardBody>
    </Card>
  );
}
