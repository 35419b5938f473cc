// Prints the newest queued email to an address (optionally of one kind) as JSON {id, kind, subject, text}, read
// from the e2e database's outbox (DATABASE_URL) with its body unsealed; prints null when there is none.
// Used by e2e tests through `lastMail()` in e2e/fixtures.ts, so a journey can follow an emailed link.
import { db } from "@/lib/db";
import { mailBodies } from "@/lib/mail/outbox";

const [to, kind] = process.argv.slice(2);
const m = await db.mailMessage.findFirst({
  where: { to: to.toLowerCase(), ...(kind ? { kind } : {}) },
  orderBy: [{ createdAt: "desc" }, { id: "desc" }],
});
const out = m ? { id: m.id, kind: m.kind, subject: m.subject, status: m.status, text: mailBodies(m).text } : null;
process.stdout.write(JSON.stringify(out));
await db.$disconnect();
