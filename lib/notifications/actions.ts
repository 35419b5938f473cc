"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/run-action";
import { markNotificationsRead } from "@/lib/notifications/service";

export async function markNotificationsReadAction() {
  const r = await runAction((ctx) => markNotificationsRead(ctx));
  if (r.ok) revalidatePath("/", "layout");
  return r;
}
