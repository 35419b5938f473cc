"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";
import { showActionError } from "@/lib/actions/client-result";
import { disableWebhookAction, reverifyWebhookAction, rotateWebhookSecretAction } from "@/lib/webhooks/actions";
import type { WebhookEndpointDto } from "@/lib/webhooks/service";

export function EndpointActions({ endpoint }: { endpoint: WebhookEndpointDto }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const result = (r: { ok: boolean; message?: string }, msg: string) => {
    if (!r.ok) {
      showActionError(r);
      return false;
    }
    toast.success(msg);
    router.refresh();
    return true;
  };
  return (
    <>
      <Button
        variant="outline"
        onClick={async () => result(await reverifyWebhookAction(endpoint.id), "Verification request sent")}
      >
        Verify again
      </Button>
      <ConfirmDialog
        trigger={<Button variant="outline">Rotate secret</Button>}
        title="Rotate the signing secret?"
        confirmLabel="Rotate"
        description="A new secret signs from now on; the current one keeps signing too for 24 hours, so receivers can switch without missing a delivery."
        onConfirm={async () => {
          const r = await rotateWebhookSecretAction(endpoint.id);
          if (r.ok) setSecret(r.data.secret);
          return result(r, "Secret rotated");
        }}
      />
      {endpoint.status !== "disabled" ? (
        <ConfirmDialog
          trigger={
            <Button variant="outline" className="text-red-700">
              Disable
            </Button>
          }
          title="Disable this endpoint?"
          confirmLabel="Disable"
          description="No more deliveries are sent to it; pending ones are cancelled. Verify it again to re-enable it."
          onConfirm={async () => result(await disableWebhookAction(endpoint.id), "Endpoint disabled")}
        />
      ) : null}
      <SecretOnceDialog
        value={secret}
        onClose={() => setSecret(null)}
        title="Copy the new signing secret now"
        label="Signing secret"
        copyLabel="Copy secret"
        note="It is shown only now. The previous secret keeps signing for 24 hours."
      />
    </>
  );
}
