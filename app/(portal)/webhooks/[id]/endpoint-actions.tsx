"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmedAction } from "@/components/ui/confirmed-action";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";
import { useActionOutcome } from "@/components/ui/use-action-outcome";
import { disableWebhookAction, reverifyWebhookAction, rotateWebhookSecretAction } from "@/lib/webhooks/actions";
import type { WebhookEndpointDto } from "@/lib/webhooks/service";

export function EndpointActions({ endpoint }: { endpoint: WebhookEndpointDto }) {
  const outcome = useActionOutcome();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <Button
        variant="outline"
        onClick={async () => outcome(await reverifyWebhookAction(endpoint.id), "Verification request sent")}
      >
        Verify again
      </Button>
      <ConfirmedAction
        label="Rotate secret"
        title="Rotate the signing secret?"
        confirmLabel="Rotate"
        description="A new secret signs from now on; the current one keeps signing too for 24 hours, so receivers can switch without missing a delivery."
        run={() => rotateWebhookSecretAction(endpoint.id)}
        success="Secret rotated"
        onDone={(d) => setSecret(d.secret)}
      />
      {endpoint.status !== "disabled" ? (
        <ConfirmedAction
          label="Disable"
          look="danger"
          title="Disable this endpoint?"
          confirmLabel="Disable"
          description="No more deliveries are sent to it; pending ones are cancelled. Verify it again to re-enable it."
          run={() => disableWebhookAction(endpoint.id)}
          success="Endpoint disabled"
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
