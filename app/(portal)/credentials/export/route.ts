import { withCtx } from "@/lib/actions/with-ctx";
import { csvRow } from "@/lib/csv";
import { getCredentialRegister } from "@/lib/credentials/register";

const iso = (d: Date | null) => d?.toISOString() ?? "";

export const GET = withCtx(async ({ ctx }) => {
  const rows = await getCredentialRegister(ctx);
  const body = csvRow(["environment", "scope", "program_id", "scope_name", "api_user_id", "api_user_name", "certificate_state", "issued_at", "expires_at", "days_left", "last_reminder_days", "last_reminder_at", "api_key_last_rotated_at"])
    + rows.map((r) => csvRow([r.environment, r.scope, r.programId, r.scopeName, r.apiUserId, r.apiUserName, r.state, iso(r.issuedAt), iso(r.expiresAt), r.daysLeft, r.lastReminder?.thresholdDays, iso(r.lastReminder?.at ?? null), iso(r.apiKeyLastRotatedAt)])).join("");
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="credential-register-${new Date().toISOString().slice(0, 10)}.csv"`, "cache-control": "no-store" } });
});
