"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/run-action";
import { addWalletAddress, removeWalletAddress, type WalletAddressDto } from "@/lib/wallets/service";

const str = (form: FormData, k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);
const done = <T extends { programId: string }>(r: ActionResult<T>) => {
  if (r.ok) revalidatePath(`/programs/${r.data.programId}`, "layout");
  return r;
};

export async function addWalletAddressAction(_prev: ActionResult<WalletAddressDto> | null, form: FormData): Promise<ActionResult<WalletAddressDto>> {
  return done(await runAction((ctx) => addWalletAddress(ctx, {
    programId: str(form, "programId") as string, chain: str(form, "chain") as never, address: str(form, "address") as string, label: str(form, "label") as string,
  })));
}

export async function removeWalletAddressAction(id: string): Promise<ActionResult<{ id: string; programId: string }>> {
  return done(await runAction((ctx) => removeWalletAddress(ctx, { id })));
}
