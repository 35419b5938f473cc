import { CheckCircle2, XCircle } from "lucide-react";
import type { Metadata } from "next";
import { ProgramTabs } from "@/components/shell/program-tabs";
import Link from "next/link";
import { Card, CardBody, CardHeader, TitledCard } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableHead, Td } from "@/components/ui/table";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { GATEWAY_URLS, getCredentialReadiness } from "@/lib/credentials/readiness";
import { getProgram } from "@/lib/programs/service";

export const metadata: Metadata = { title: "Test your credentials" };

const LABELS = {
  certificate: "Client certificate",
  allowlist: "Calling IP allowlisted, FCrDNS passing",
  api_key: "API key",
};
const TROUBLE = [
  [
    "TLS handshake fails before any HTTP response",
    "Wrong certificate/key pair, expired or revoked certificate, or the other environment's certificate",
    "Certificates",
  ],
  [
    "403 with a message about authorized IPs",
    "The calling IP is not on this scope's allowlist, or fails the FCrDNS check",
    "IP allowlist",
  ],
  [
    "401 with a valid certificate",
    "Missing, unknown, revoked or expired X-API-Key, or a key of another scope or environment",
    "API users",
  ],
  [
    "200 from /v2/ping but 404 from /v2/cardholders",
    "Tenant-level credentials against a program-scoped endpoint",
    "Use the Program's credentials",
  ],
] as const;

export default async function TestCredentialsPage({ params }: { params: Promise<{ scope: string }> }) {
  const ctx = await requireCtx();
  const { scope } = await params;
  const programId = scope === "tenant" ? null : scope;
  const [program, readiness] = await orNotFound(
    Promise.all([
      programId ? getProgram(ctx, programId) : Promise.resolve(null),
      getCredentialReadiness(ctx, ctx.environment, programId),
    ]),
  );
  const url = `${GATEWAY_URLS[ctx.environment]}${programId ? "/v2/cardholders" : "/v2/ping"}`;
  const curl = `curl --cacert axys-${ctx.environment}-ca.pem \\\n  --cert client.pem --key client.key \\\n  -H "X-API-Key: $AXYS_API_KEY" \\\n  ${url}`;
  return (
    <>
      <ProgramTabs ctx={ctx} programId={scope === "tenant" ? null : scope} />
      <PageHeader
        title="Test your credentials"
        description={
          <>
            {program ? program.name : "Tenant-level"} · {ctx.environment}. Run this from a server whose IP is on the
            allowlist, with the certificate you want to test (for example the new one during a renewal).
          </>
        }
        back={{ href: `/certificates/${scope}`, label: "Certificates" }}
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-3">
          <CardHeader
            title="The request"
            description={
              programId
                ? "A program-level endpoint: expect 200 with your program id."
                : "Tenant-level credentials: /v2/ping answers 200."
            }
            actions={<CopyButton value={curl.replace(/\\\n\s+/g, "")} label="Copy command" />}
          />
          <CardBody className="space-y-3 text-sm">
            <pre
              tabIndex={0}
              className="overflow-x-auto rounded-md bg-slate-900 p-4 text-xs leading-relaxed text-slate-100"
            >
              {curl}
            </pre>
            <ul className="list-disc space-y-1 pl-5 text-slate-600">
              <li>
                <code className="font-mono text-xs">axys-{ctx.environment}-ca.pem</code>: the{" "}
                <a className="text-brand-700 hover:underline" href={`/certificates/ca/${ctx.environment}`} download>
                  CA certificate
                </a>{" "}
                (it also signs the gateway&apos;s server certificate)
              </li>
              <li>
                <code className="font-mono text-xs">client.pem</code> /{" "}
                <code className="font-mono text-xs">client.key</code>: your certificate (download it on the{" "}
                <Link className="text-brand-700 hover:underline" href={`/certificates/${scope}`}>
                  certificates page
                </Link>
                ) and its private key
              </li>
              <li>
                <code className="font-mono text-xs">$AXYS_API_KEY</code>: the API key of an API user of the same scope
                and environment
              </li>
            </ul>
          </CardBody>
        </Card>
        <TitledCard className="lg:col-span-2" title="Readiness" description="From what the portal knows now.">
          <ul className="space-y-3" aria-label="Readiness">
            {readiness.map((r) => (
              <li key={r.key} className="flex gap-2 text-sm">
                {r.ok ? (
                  <CheckCircle2 className="h-5 w-5 shrink-0 text-emerald-600" aria-label="Ready" />
                ) : (
                  <XCircle className="h-5 w-5 shrink-0 text-red-500" aria-label="Missing" />
                )}
                <div>
                  <p className="font-medium text-slate-800">{LABELS[r.key]}</p>
                  <p className="text-xs text-slate-500">{r.detail}</p>
                </div>
              </li>
            ))}
          </ul>
        </TitledCard>
      </div>
      <Card className="mt-6">
        <CardHeader title="If it fails" description="What the gateway answers, and why." />
        <Table>
          <TableHead columns={["What you see", "Likely cause", "Where to fix it"]} />
          <tbody>
            {TROUBLE.map(([a, b, c]) => (
              <tr key={a}>
                <Td className="font-medium">{a}</Td>
                <Td>{b}</Td>
                <Td>{c}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
