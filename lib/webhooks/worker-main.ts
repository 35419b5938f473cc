/** `npm run worker`: the webhook scheduler and delivery worker on its own. */
import { db } from "@/lib/db";
import { startWorker } from "@/lib/webhooks/worker";

const worker = startWorker();
console.log(`[worker] ${worker.id} running`);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    console.log(`[worker] ${sig}: finishing the delivery in flight`);
    const r = await worker.stop();
    console.log(`[worker] stopped: ${r.drained ? "attempt in flight finished" : "gave up waiting"}, ${r.released} lease(s) released`);
    await db.$disconnect();
    process.exit(0);
  });
}
