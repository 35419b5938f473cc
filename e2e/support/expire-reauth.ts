// Makes every session of a user (by email) old for re-authentication ("sudo mode"), as if the password
// was given more than 10 minutes ago, so a journey can meet the re-authentication prompt without waiting.
// Used by e2e/account.spec.ts against the e2e database (DATABASE_URL).
import { db } from "@/lib/db";

const [email] = process.argv.slice(2);
const r = await db.session.updateMany({
  where: { user: { email: email.toLowerCase() } },
  data: { reauthenticatedAt: new Date(Date.now() - 11 * 60_000) },
});
process.stdout.write(JSON.stringify({ sessions: r.count }));
await db.$disconnect();
