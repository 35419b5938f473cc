"use server";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { addWebhookEndpointFormSchema, redeliverSinceSchema } from "@/lib/webhooks/schemas";
import {
  addWebhookEndpoint,
  disableWebhookEndpoint,
  redeliverFailedSince,
  replayDelivery,
  reverifyWebhookEndpoint,
  rotateWebhookSecret,
} from "@/lib/webhooks/service";

const revalidate = "/webhooks";

export const addWebhookEndpointAction = defineFormAction(addWebhookEndpointFormSchema, addWebhookEndpoint, {
  revalidate,
});

export const reverifyWebhookAction = defineAction(
  idArg,
  async (ctx, id) => ({ id: (await reverifyWebhookEndpoint(ctx, id)).id }),
  { revalidate },
);

export const rotateWebhookSecretAction = defineAction(
  idArg,
  async (ctx, id) => ({ secret: (await rotateWebhookSecret(ctx, id, 24)).secret }),
  { revalidate },
);

export const disableWebhookAction = defineAction(
  idArg,
  async (ctx, id) => ({ id: (await disableWebhookEndpoint(ctx, id)).id }),
  { revalidate },
);

export const replayDeliveryAction = defineAction(
  idArg,
  async (ctx, deliveryId) => {
    await replayDelivery(ctx, deliveryId);
    return { id: deliveryId };
  },
  { revalidate },
);

export const redeliverFailedSinceAction = defineAction(
  redeliverSinceSchema,
  async (ctx, input) => ({ count: await redeliverFailedSince(ctx, input) }),
  { revalidate },
);
