import { purgeExpiredIdempotencyKeys } from "@/lib/am-api/idempotency";
import { purgeRateWindows } from "@/lib/am-api/rate-limit";
import { purgeApiRequestLog } from "@/lib/am-api/request-log";

/** The API's housekeeping, run by the worker once a minute: expired idempotency keys, old rate windows, old logs. */
export async function purgeAmApiState(now = new Date()): Promise<void> {
  await purgeExpiredIdempotencyKeys(now);
  await purgeRateWindows(now);
  await purgeApiRequestLog(now);
}
