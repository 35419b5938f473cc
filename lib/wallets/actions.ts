"use server";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { idArg } from "@/lib/actions/form-fields";
import { addWalletAddressSchema } from "@/lib/wallets/schemas";
import { addWalletAddress, removeWalletAddress } from "@/lib/wallets/service";

const revalidate = (d: { programId: string }) => `/programs/${d.programId}`;

export const addWalletAddressAction = defineFormAction(addWalletAddressSchema, addWalletAddress, { revalidate });

export const removeWalletAddressAction = defineAction(idArg, (ctx, id) => removeWalletAddress(ctx, { id }), {
  revalidate,
});
