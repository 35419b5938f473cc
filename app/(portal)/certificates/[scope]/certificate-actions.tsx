"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useReauth } from "@/components/shell/reauth";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Select } from "@/components/ui/form";
import { showActionError } from "@/lib/actions/client-result";
import { retireCertificateAction, revokeCertificateAction } from "@/lib/certificates/actions";
import { REVOCATION_REASON_LABELS, REVOCATION_REASONS, type RevocationReason } from "@/lib/certificates/schemas";

export function CertificateActions({ id, serial, superseded }: { id: string; serial: string; superseded: boolean }) {
  const router = useRouter();
  const withReauth = useReauth();
  const [reason, setReason] = useState<RevocationReason>("keyCompromise");
  const done = (r: { ok: boolean; message?: string }, success: string) => {
    if (!r.ok) {
      showActionError(r);
      return false;
    }
    toast.success(success);
    router.refresh();
    return true;
  };
  return (
    <>
      {superseded ? (
        <ConfirmDialog
          trigger={
            <Button variant="outline" size="sm">
              Retire old certificate
            </Button>
          }
          title="Retire this certificate?"
          confirmLabel="Retire"
          description={
            <>
              Certificate <code className="font-mono text-xs">{serial.slice(0, 16)}…</code> stops working at once
              (revoked as superseded). Only do this after the new certificate works.
            </>
          }
          onConfirm={async () => done(await withReauth(() => retireCertificateAction(id)), "Old certificate retired")}
        />
      ) : null}
      <ConfirmDialog
        trigger={
          <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50">
            Revoke
          </Button>
        }
        title="Revoke this certificate?"
        confirmLabel="Revoke certificate"
        description={
          <>
            Certificate <code className="font-mono text-xs">{serial.slice(0, 16)}…</code> is rejected by the gateway at
            once and listed on the CA&apos;s CRL. This cannot be undone.
          </>
        }
        onConfirm={async () =>
          done(await withReauth(() => revokeCertificateAction({ certificateId: id, reason })), "Certificate revoked")
        }
      >
        <Field id={`reason-${id}`} label="Reason">
          <Select id={`reason-${id}`} value={reason} onChange={(e) => setReason(e.target.value as RevocationReason)}>
            {REVOCATION_REASONS.map((r) => (
              <option key={r} value={r}>
                {REVOCATION_REASON_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
      </ConfirmDialog>
    </>
  );
}
