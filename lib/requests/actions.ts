"use server";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { decideRequestInputSchema, requestFormSchema } from "@/lib/requests/schemas";
import { decideRequest, startReview, submitRequest, updateRequest, withdrawRequest } from "@/lib/requests/service";

const programLayout = (d: { programId: string }) => `/programs/${d.programId}`;

export const saveRequestAction = defineFormAction(
  requestFormSchema,
  (ctx, { requestId, programId, kind, payload }) =>
    requestId ? updateRequest(ctx, { requestId, payload }) : submitRequest(ctx, { programId, kind, payload }),
  { revalidate: programLayout },
);

export const startReviewAction = defineAction(
  idArg,
  async (ctx, requestId) => {
    const s = await startReview(ctx, requestId);
    return { status: s.status, updatedAt: s.updatedAt.toISOString() };
  },
  { revalidate: "/staff" },
);

export const withdrawRequestAction = defineAction(
  idArg,
  async (ctx, id) => {
    const w = await withdrawRequest(ctx, { id });
    return { status: w.status, programId: w.programId };
  },
  { revalidate: programLayout },
);

/** `seenUpdatedAt`: the version of the request the reviewer looked at (refused if it changed since). */
export const decideRequestAction = defineAction(
  decideRequestInputSchema,
  async (ctx, input) => ({ status: (await decideRequest(ctx, input)).status }),
  { revalidate: "/staff" },
);
