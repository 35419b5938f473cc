"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { decideRequest, startReview, submitRequest, updateRequest, withdrawRequest, type RequestDto } from "@/lib/requests/service";

/** Form fields become the request payload (everything but the routing fields). */
function payloadOf(form: FormData) {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !["programId", "kind", "requestId"].includes(k)) out[k] = v;
  return out;
}

export async function saveRequestAction(_prev: ActionResult<RequestDto> | null, form: FormData): Promise<ActionResult<RequestDto>> {
  const requestId = String(form.get("requestId") ?? "");
  const r = await runAction((ctx) => requestId
    ? updateRequest(ctx, { requestId, payload: payloadOf(form) })
    : submitRequest(ctx, { programId: String(form.get("programId") ?? ""), kind: String(form.get("kind") ?? ""), payload: payloadOf(form) }));
  if (r.ok) revalidatePath(`/programs/${r.data.programId}`, "layout");
  return r;
}

export async function startReviewAction(requestId: string) {
  const r = await runAction(async (ctx) => {
    const s = await startReview(ctx, requestId);
    return { status: s.status, updatedAt: s.updatedAt.toISOString() };
  });
  if (r.ok) revalidatePath("/staff", "layout");
  return r;
}

export async function withdrawRequestAction(id: string) {
  const r = await runAction(async (ctx) => {
    const w = await withdrawRequest(ctx, { id });
    return { status: w.status, programId: w.programId };
  });
  if (r.ok) revalidatePath(`/programs/${r.data.programId}`, "layout");
  return r;
}

/** `seenUpdatedAt`: the version of the request the reviewer looked at (refused if it changed since). */
export async function decideRequestAction(requestId: string, decision: string, note?: string, seenUpdatedAt?: string) {
  const r = await runAction(async (ctx) => ({ status: (await decideRequest(ctx, { requestId, decision, note, seenUpdatedAt })).status }));
  if (r.ok) revalidatePath("/staff", "layout");
  return r;
}
