import { z } from "zod";
import { environmentSchema } from "@/lib/environments";

export const MAX_OVERLAP_MS = 7 * 86_400_000;
export const DEFAULT_OVERLAP = "24h";

/** "immediately", or a duration like 30m, 24h, 7d (at most 7 days). */
export const overlapSchema = z
  .string()
  .trim()
  .default(DEFAULT_OVERLAP)
  .transform((v, ctx) => {
    if (v === "immediately" || v === "0") return 0;
    const m = /^(\d{1,4})(m|h|d)$/.exec(v);
    if (!m) {
      ctx.addIssue({ code: "custom", message: 'Use a duration like 30m, 24h or 7d, or "immediately".' });
      return z.NEVER;
    }
    const ms = Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "m" | "h" | "d"];
    if (ms > MAX_OVERLAP_MS) {
      ctx.addIssue({ code: "custom", message: "The overlap may be at most 7 days." });
      return z.NEVER;
    }
    return ms;
  });

export const issueApiKeySchema = z.object({ apiUserId: z.string().min(1).max(64), environment: environmentSchema });
export const rotateApiKeySchema = z.object({ keyId: z.string().min(1).max(64), overlap: overlapSchema });
export const compromiseApiKeySchema = z.object({
  keyId: z.string().min(1).max(64),
  reason: z
    .string({ error: "Say what happened (kept in the audit log)." })
    .trim()
    .min(3, "Say what happened (kept in the audit log).")
    .max(500),
});
export type RotateApiKeyInput = z.input<typeof rotateApiKeySchema>;

/** The rotation as the browser sends it: the overlap checked as the service checks it, but kept as text (the service reads it). */
export const rotateApiKeyFormSchema = rotateApiKeySchema.extend({
  overlap: z
    .string()
    .trim()
    .default(DEFAULT_OVERLAP)
    .superRefine((v, ctx) => {
      for (const issue of overlapSchema.safeParse(v).error?.issues ?? [])
        ctx.addIssue({ code: "custom", message: issue.message });
    }),
});
