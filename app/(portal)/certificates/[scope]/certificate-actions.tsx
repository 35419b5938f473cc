"use client";
import { useState } from "react";
import { useReauth } from "@/components/shell/reauth";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { Field, Options, Select } from "@/components/ui/form";
import { retireCertificateAction, revokeCertificateAction } from "@/lib/certificates/actions";
import { REVOCATION_REASON_LABELS, REVOCATION_REASONS, type RevocationReason } from "@/lib/certificates/schemas";

export function CertificateActions({ id, serial, superseded }: { id: string; serial: string; superseded: boolean }) {
  const withReauth = useReauth();
  const [reason, setReason] = useState<RevocationReason>("keyCompromise");
  return (
    <>
      {superseded ? (
        <ConfirmedAction
          label="Retire old certificate"
          look="small"
          title="Retire this certificate?"
          confirmLabel="Retire"
          description={
            <>
              Certificate <code className="font-mono text-xs">{serial.slice(0, 16)}…</code> stops working at once
              (revoked as superseded). Only do this after the new certificate works.
            </>
          }
          run={() => withReauth(() => retireCertificateAction(id))}
          success="Old certificate retired"
        />
      ) : null}
      <ConfirmedAction
        label="Revoke"
        look="row-danger"
        title="Revoke this certificate?"
        confirmLabel="Revoke certificate"
        description={
          <>
            Certificate <code className="font-mono text-xs">{serial.slice(0, 16)}…</code> is rejected by the gateway at
            once and listed on the CA&apos;s CRL. This cannot be undone.
          </>
        }
        run={() => withReauth(() => revokeCertificateAction({ certificateId: id, reason }))}
        success="Certificate revoked"
      >
        <Field id={`reason-${id}`} label="Reason">
          <Select id={`reason-${id}`} value={reason} onChange={(e) => setReason(e.target.value as RevocationReason)}>
            <Options values={REVOCATION_REASONS} label={REVOCATION_REASON_LABELS} />
          </Select>
        </Field>
      </ConfirmedAction>
    </>
  );
}
