import { z } from "zod";
import { formList } from "@/lib/actions/form-fields";

export const EVENT_TYPES = [
  "certificate.expiring",
  "certificate.expired",
  "certificate.issued",
  "certificate.revoked",
  "api_key.rotated",
] as const;
export type EventType = (typeof EVENT_TYPES)[number] | "webhook.verification";
export const VERIFICATION_EVENT = "webhook.verification";

const eventsField = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(z.enum(EVENT_TYPES, { error: `Event types are: ${EVENT_TYPES.join(", ")}.` }))
    .min(1, "Subscribe to at least one event type."),
);

export const addWebhookEndpointSchema = z.object({
  url: z
    .string({ error: "Enter the HTTPS URL." })
    .trim()
    .min(1, "Enter the HTTPS URL.")
    .max(2000, "The URL may have at most 2000 characters."),
  programId: z.preprocess((v) => (v === "" || v === "tenant" ? null : v), z.string().max(64).nullable().optional()),
  events: eventsField,
});
export type AddWebhookEndpointInput = z.input<typeof addWebhookEndpointSchema>;

export const redeliverSinceSchema = z.object({
  endpointId: z.string().min(1).max(64),
  since: z.coerce.date({ error: "Give a date and time." }),
});

/** The add-endpoint form: `events` is a checkbox group (nothing checked is an empty list, refused by the service's rule). */
export const addWebhookEndpointFormSchema = addWebhookEndpointSchema.extend({
  events: formList(addWebhookEndpointSchema.shape.events),
});
