import { AppError } from "@/lib/errors";

/** The AppError a service call is expected to reject with; fails the test if it resolves or throws anything else. */
export async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected AppError, got ${String(e)}`);
  return e;
}
