import { withCtx } from "@/lib/actions/with-ctx";
import { csvDownload, csvRow } from "@/lib/csv";
import { getCredentialRegister } from "@/lib/credentials/register";

const iso = (d: Date | null) => d?.toISOString() ?? "";

/** The credential register (certificates and API keys per scope, with expiry and reminders) as CSV. */
export const GET = withCtx(async ({ ctx }) => {
  const rows = await getCredentialRegister(ctx);
  const body =
    csvRow([
      "environment",
      "scope",
      "program_id",
      "scope_name",
      "api_user_id",
      "api_user_name",
      "certificate_state",
      "issued_at",
      "expires_at",
      "days_left",
      "last_reminder_days",
      "last_reminder_at",
      "api_key_last_rotated_at",
    ]) +
    rows
      .map((r) =>
        csvRow([
          r.environment,
          r.scope,
          r.programId,
          r.scopeName,
          r.apiUserId,
          r.apiUserName,
          r.state,
          iso(r.issuedAt),
          iso(r.expiresAt),
          r.daysLeft,
          r.lastReminder?.thresholdDays,
          iso(r.lastReminder?.at ?? null),
          iso(r.apiKeyLastRotatedAt),
        ]),
      )
      .join("");
  return csvDownload(body, "credential-register");
});
