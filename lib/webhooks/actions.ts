"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { addWebhookEndpoint, disableWebhookEndpoint, redeliverFailedSince, replayDelivery, reverifyWebhookEndpoint, rotateWebhookSecret, type WebhookEndpointDto } from "@/lib/webhooks/service";

const done = <T,>(r: ActionResult<T>) => {
  if (r.ok) revalidatePath("/webhooks", "layout");
  return r;
};

export async function addWebhookEndpointAction(_prev: ActionResult<{ endpoint: WebhookEndpointDto; secret: string }> | null, form: FormData): Promise<ActionResult<{ endpoint: WebhookEndpointDto; secret: string }>> {
  return done(await runAction((ctx) => addWebhookEndpoint(ctx, {
    url: String(form.get("url") ?? ""), programId: String(form.get("programId") ?? "") || null, events: form.getAll("events").map(String),
  })));
}

export async function reverifyWebhookAction(id: string) {
  return done(await runAction(async (ctx) => ({ id: (await reverifyWebhookEndpoint(ctx, id)).id })));
}

export async function rotateWebhookSecretAction(id: string) {
  return done(await runAction(async (ctx) => ({ secret: (await rotateWebhookSecret(ctx, id, 24)).secret })));
}

export async function disableWebhookAction(id: string) {
  return done(await runAction(async (ctx) => ({ id: (await disableWebhookEndpoint(ctx, id)).id })));
}

export async function replayDeliveryAction(deliveryId: string) {
  return done(await runAction(async (ctx) => { await replayDelivery(ctx, deliveryId); return { id: deliveryId }; }));
}

export async function redeliverFailedSinceAction(endpointId: string, since: string) {
  return done(await runAction(async (ctx) => ({ count: await redeliverFailedSince(ctx, { endpointId, since }) })));
}
