"use client";
import { Eye, EyeOff } from "lucide-react";
import { useEffect, useState } from "react";
import { useReauth } from "@/components/shell/reauth";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { showActionError } from "@/lib/actions/client-result";
import { revealBankCredentialsAction } from "@/lib/bank/actions";
import { SCHEME_INFO } from "@/lib/bank/schemas";
import type { BankCredentialsMaskedDto, BankCredentialsRevealedDto } from "@/lib/bank/service";
import { formatUtc } from "@/lib/format/date";

type Field = {
  key: string;
  label: string;
  shown: string;
  copy: string | null;
  copyLabel: string;
  secret: boolean;
  hint?: string;
};

const when = (d: Date) => formatUtc(new Date(d));

/** Masked values; after a confirmed (and audited) reveal, the clear ones, kept only in this component's state until the page is left or hidden again. */
export function BankCredentialsCard({
  programName,
  credentials: c,
  mayReveal,
}: {
  programName: string;
  credentials: BankCredentialsMaskedDto;
  mayReveal: boolean;
}) {
  const [revealed, setRevealed] = useState<BankCredentialsRevealedDto | null>(null);
  const withReauth = useReauth();
  const info = SCHEME_INFO[c.scheme];

  // Leaving through the browser (another site, closing the tab) can keep the page in the back/forward cache: drop the clear values first.
  useEffect(() => {
    const forget = () => setRevealed(null);
    window.addEventListener("pagehide", forget);
    return () => window.removeEventListener("pagehide", forget);
  }, []);

  const fields: Field[] = [
    {
      key: "accountHolder",
      label: "Account holder",
      shown: c.accountHolder,
      copy: c.accountHolder,
      copyLabel: "Copy name",
      secret: false,
    },
    {
      key: "accountNumber",
      label: info.account,
      shown: revealed?.accountNumberDisplay ?? c.accountNumberMasked,
      copy: revealed?.accountNumber ?? null,
      copyLabel: `Copy ${info.account === "IBAN" ? "IBAN" : "account number"}`,
      secret: true,
    },
    ...(info.routing
      ? [
          {
            key: "routingCode",
            label: info.routing,
            shown: revealed?.routingCodeDisplay ?? c.routingCodeMasked ?? "—",
            copy: revealed?.routingCode ?? null,
            copyLabel: `Copy ${c.scheme === "uk" ? "sort code" : "routing number"}`,
            secret: true,
          },
        ]
      : []),
    { key: "bic", label: "BIC/SWIFT", shown: c.bic, copy: c.bic, copyLabel: "Copy BIC", secret: false },
    {
      key: "paymentReferenceFormat",
      label: "Payment reference format",
      shown: c.paymentReferenceFormat,
      copy: c.paymentReferenceFormat,
      copyLabel: "Copy format",
      secret: false,
      hint: "Placeholders in braces are replaced for each payment.",
    },
  ];

  const action = !mayReveal ? null : revealed ? (
    <Button variant="outline" size="sm" onClick={() => setRevealed(null)}>
      <EyeOff className="h-3.5 w-3.5" aria-hidden />
      Hide
    </Button>
  ) : (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm">
          <Eye className="h-3.5 w-3.5" aria-hidden />
          Reveal
        </Button>
      }
      title="Reveal the full bank details?"
      confirmLabel="Reveal"
      description={
        <>
          The full {info.routing ? `${info.account.toLowerCase()} and ${info.routing.toLowerCase()}` : info.account} of{" "}
          {programName} will be shown on this page until you leave it.{" "}
          <strong className="font-medium text-slate-800">The reveal is recorded in the audit log</strong> with your
          name, the time and your IP address.
        </>
      }
      onConfirm={async () => {
        const r = await withReauth(() => revealBankCredentialsAction(c.programId));
        if (!r.ok) {
          showActionError(r);
          return false;
        }
        setRevealed(r.data);
        return true;
      }}
    />
  );

  return (
    <Card>
      <CardHeader
        title="Bank credentials"
        description={`${info.label} · set by ${c.updatedByLabel} on ${when(c.updatedAt)}`}
        actions={action}
      />
      <CardBody>
        {revealed ? (
          <p
            className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800"
            role="status"
          >
            Revealed and recorded in the audit log. The numbers are masked again when you leave this page.
          </p>
        ) : null}
        <dl
          className="divide-y divide-slate-100"
          aria-label="Bank credentials"
          data-revealed={revealed ? "true" : "false"}
        >
          {fields.map((f) => (
            <div
              key={f.key}
              className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-1 py-3 lg:grid-cols-[14rem_minmax(0,1fr)_auto]"
              data-testid="bank-field"
              data-field={f.key}
            >
              <dt className="col-span-2 text-sm text-slate-500 lg:col-span-1">{f.label}</dt>
              <dd className="min-w-0">
                {f.secret && !revealed ? (
                  <>
                    <span className="font-mono text-sm text-slate-900" aria-hidden>
                      {f.shown}
                    </span>
                    <span className="sr-only">masked, ends in {f.shown.replace(/[^0-9A-Za-z]/g, "")}</span>
                  </>
                ) : (
                  <span
                    className={
                      f.key === "accountHolder"
                        ? "text-sm text-slate-900"
                        : "font-mono text-sm [overflow-wrap:anywhere] text-slate-900"
                    }
                  >
                    {f.shown}
                  </span>
                )}
                {f.hint ? <p className="mt-0.5 text-xs text-slate-500">{f.hint}</p> : null}
              </dd>
              <div className="justify-self-end">
                {f.copy ? <CopyButton value={f.copy} label={f.copyLabel} /> : null}
              </div>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}
