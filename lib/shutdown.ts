import { log } from "@/lib/log/logger";

type ExitSignal = "SIGTERM" | "SIGINT";
type Listener = (signal: ExitSignal) => void;
interface Proc {
  listeners(event: ExitSignal): Function[]; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  removeListener(event: ExitSignal, l: Listener): unknown;
  on(event: ExitSignal, l: Listener): unknown;
  exit(code: number): void;
}
const EXIT_CODE: Record<ExitSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * On SIGTERM/SIGINT, runs `drain` (bounded by timeoutMs) before the handlers already installed for
 * those signals. Inside scripts/server.mjs (npm start) those are its graceful shutdown (close the HTTP
 * server, then process.exit(143/130)), installed before app.prepare() loads instrumentation.ts, so
 * they exist when this is called and would otherwise cut `drain` off (a bare `next start` installs
 * the same kind of handler, also early). With none installed it exits itself with the same code. Later signals are ignored: a
 * terminal's Ctrl+C reaches both `npm start` (which forwards it) and next.
 */
export function drainBeforeSignalExit(
  drain: () => Promise<unknown>,
  opts: { timeoutMs: number; proc?: Proc; log?: (m: string) => void },
): void {
  const proc = opts.proc ?? process;
  const say = opts.log ?? ((m: string) => log.warn(m));
  let started = false;
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    const deferred = proc.listeners(sig) as Listener[];
    for (const l of deferred) proc.removeListener(sig, l);
    proc.on(sig, () => {
      if (started) return;
      started = true;
      void (async () => {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          drain().catch((e) => say(`[axys] shutdown: ${e instanceof Error ? e.message : String(e)}`)),
          new Promise((r) => {
            timer = setTimeout(r, opts.timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (deferred.length === 0) return proc.exit(EXIT_CODE[sig]);
        for (const l of deferred) l(sig);
      })();
    });
  }
}
