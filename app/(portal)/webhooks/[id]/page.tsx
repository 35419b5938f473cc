import type { Metadata } from "next";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { explainVerification } from "@/lib/webhooks/failures";
import { getWebhookEndpoint, listDeliveries } from "@/lib/webhooks/service";
import { FailureExplanation } from "../failure-explanation";
import { EndpointStatusBadge } from "../status-badge";
import { DeliveryLog } from "./delivery-log";
import { EndpointActions } from "./endpoint-actions";
import { Detail } from "@/components/ui/details";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCtx();
  const now = new Date();
  const { id } = await params;
  const [endpoint, deliveries] = await orNotFound(Promise.all([getWebhookEndpoint(ctx, id), listDeliveries(ctx, id)]));
  const mayWrite = can(ctx.role, "webhooks:write");
  const verificationFailure = explainVerification(endpoint.verificationResponse, endpoint.status, endpoint.url);
  return (
    <>
      <PageHeader
        title="Webhook endpoint"
        description={<CopyableValue value={endpoint.url} what="endpoint URL" className="text-xs" />}
        actions={mayWrite ? <EndpointActions endpoint={endpoint} /> : null}
        back={{ href: "/webhooks", label: "Webhooks" }}
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "webhooks:write")} />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Status" actions={<EndpointStatusBadge status={endpoint.status} />} />
          <CardBody>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              <Detail term="Events" className="font-mono text-xs">
                {endpoint.events.join(", ")}
              </Detail>
              <Detail term="Verification" data-testid="verification">
                {endpoint.verifiedAt ? (
                  <>
                    Verified <Time value={endpoint.verifiedAt} />
                  </>
                ) : endpoint.status === "pending_verification" ? (
                  "Waiting for the endpoint to echo the challenge…"
                ) : (
                  "Not verified"
                )}
              </Detail>
              <Detail term="Its answer" className="min-w-0">
                {verificationFailure ? (
                  <FailureExplanation failure={verificationFailure} />
                ) : (
                  <span className="break-all font-mono text-xs">{endpoint.verificationResponse ?? "—"}</span>
                )}
              </Detail>
              {endpoint.previousSecretUntil ? (
                <Detail term="Secret rotation">
                  The previous secret also signs until <Time value={endpoint.previousSecretUntil} />
                </Detail>
              ) : null}
              {endpoint.failingSince ? (
                <Detail term="Failing since" className="text-red-700">
                  <Time value={endpoint.failingSince} relativeTo={now} /> (<Time value={endpoint.failingSince} />)
                </Detail>
              ) : null}
              {endpoint.disabledReason ? <Detail term="Disabled">{endpoint.disabledReason}</Detail> : null}
            </dl>
          </CardBody>
        </Card>
        <DeliveryLog
          endpointId={endpoint.id}
          endpointUrl={endpoint.url}
          initial={JSON.parse(JSON.stringify(deliveries))}
          mayWrite={mayWrite}
        />
      </div>
    </>
  );
}
