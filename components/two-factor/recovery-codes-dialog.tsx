"use client";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";

/** The ten new recovery codes, shown once (only their SHA-256 is stored). */
export function RecoveryCodesDialog({ codes, onClose }: { codes: string[] | null; onClose: () => void }) {
  return (
    <SecretOnceDialog
      value={codes ? codes.join("  ") : null}
      onClose={onClose}
      title="Save your recovery codes now"
      label="Recovery codes (each works once)"
      copyLabel="Copy codes"
      note="If you lose your authenticator app or key, each of these codes signs you in once. This is the only time they are shown: Axys stores only a hash. Keep them in your password manager or on paper, not in email."
    />
  );
}
