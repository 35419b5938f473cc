"use server";
import { runAction } from "@/lib/actions/run-action";
import { searchPortal } from "@/lib/search/service";

/** The command palette's search; the service decides what the signed-in reader may find. */
export async function searchPortalAction(query: string) {
  return runAction((ctx) => searchPortal(ctx, query));
}
