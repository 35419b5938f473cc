"use client";
import { useRouter } from "next/navigation";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";

/**
 * The ten new recovery codes, shown once (only their SHA-256 is stored). `refresh` re-renders the server-rendered
 * page once they are closed (the settings page counts the codes left).
 */
export function RecoveryCodesDialog({
  codes,
  onClose,
  refresh,
}: {
  codes: string[] | null;
  onClose: () => void;
  refresh?: boolean;
}) {
  const router = useRouter();
  return (
    <SecretOnceDialog
      value={codes ? codes.join("  ") : null}
      onClose={() => {
        onClose();
        if (refresh) router.refresh();
      }}
      title="Save your recovery codes now"
      label="Recovery codes (each works once)"
      copyLabel="Copy codes"
      note="If you lose your authenticator app or key, each of these codes signs you in once. This is the only time they are shown: Axys stores only a hash. Keep them in your password manager or on paper, not in email."
    />
  );
}
