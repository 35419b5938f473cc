import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** For pages: a service's NOT_FOUND (missing, foreign or not permitted to read) renders the 404 page. */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (e) {
    if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) notFound();
    throw e;
  }
}
