"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { compromiseApiKey, issueApiKey, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { createApiUser, disableApiUser, type ApiUserDto } from "@/lib/api-users/service";

/** What the browser gets after issuing a key: the raw key, to show once. */
export type NewKeyResult = ActionResult<{ key: string; masked: string }>;

const str = (form: FormData, k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);
const done = <T,>(r: ActionResult<T>) => {
  if (r.ok) revalidatePath("/api-users", "layout");
  return r;
};

export async function createApiUserAction(_prev: ActionResult<ApiUserDto> | null, form: FormData): Promise<ActionResult<ApiUserDto>> {
  return done(await runAction((ctx) => createApiUser(ctx, { name: str(form, "name") as string, pattern: str(form, "pattern") as never, programId: str(form, "programId") ?? null })));
}

export async function disableApiUserAction(apiUserId: string): Promise<ActionResult<{ id: string }>> {
  return done(await runAction(async (ctx) => ({ id: (await disableApiUser(ctx, apiUserId)).id })));
}

export async function issueApiKeyAction(apiUserId: string, environment: string): Promise<NewKeyResult> {
  return done(await runAction(async (ctx) => {
    const r = await issueApiKey(ctx, { apiUserId, environment });
    return { key: r.key, masked: r.apiKey.masked };
  }));
}

export async function rotateApiKeyAction(keyId: string, overlap: string): Promise<NewKeyResult> {
  return done(await runAction(async (ctx) => {
    const r = await rotateApiKey(ctx, { keyId, overlap });
    return { key: r.key, masked: r.apiKey.masked };
  }));
}

export async function compromiseApiKeyAction(keyId: string, reason: string): Promise<NewKeyResult> {
  return done(await runAction(async (ctx) => {
    const r = await compromiseApiKey(ctx, { keyId, reason });
    return { key: r.key, masked: r.apiKey.masked };
  }));
}

export async function revokeApiKeyAction(keyId: string): Promise<ActionResult<{ id: string }>> {
  return done(await runAction(async (ctx) => ({ id: (await revokeApiKey(ctx, { keyId })).id })));
}
