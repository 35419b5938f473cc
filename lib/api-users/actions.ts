"use server";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { compromiseApiKeySchema, issueApiKeySchema, rotateApiKeyFormSchema } from "@/lib/api-keys/schemas";
import { compromiseApiKey, issueApiKey, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { createApiUserSchema } from "@/lib/api-users/schemas";
import { createApiUser, disableApiUser } from "@/lib/api-users/service";

const revalidate = "/api-users";
/** What the browser gets after issuing or rotating a key: the raw key, to show once. */
const newKey = (r: { key: string; apiKey: { masked: string } }) => ({ key: r.key, masked: r.apiKey.masked });

export const createApiUserAction = defineFormAction(createApiUserSchema, createApiUser, { revalidate });

export const disableApiUserAction = defineAction(
  idArg,
  async (ctx, id) => ({ id: (await disableApiUser(ctx, id)).id }),
  { revalidate },
);

export const issueApiKeyAction = defineAction(
  issueApiKeySchema,
  async (ctx, input) => newKey(await issueApiKey(ctx, input)),
  { revalidate },
);

export const rotateApiKeyAction = defineAction(
  rotateApiKeyFormSchema,
  async (ctx, input) => newKey(await rotateApiKey(ctx, input)),
  { revalidate },
);

export const compromiseApiKeyAction = defineAction(
  compromiseApiKeySchema,
  async (ctx, input) => newKey(await compromiseApiKey(ctx, input)),
  { revalidate },
);

export const revokeApiKeyAction = defineAction(
  idArg,
  async (ctx, keyId) => ({ id: (await revokeApiKey(ctx, { keyId })).id }),
  { revalidate },
);
