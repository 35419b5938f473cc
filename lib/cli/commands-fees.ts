import { operatorCtx } from "@/lib/auth/context";
import { type Command, required } from "@/lib/cli/io";
import { FEE_TYPES } from "@/lib/fees/schemas";
import { listPlatformMinimums, setPlatformMinimum } from "@/lib/fees/service";

const op = operatorCtx({});

/**
 * Fee commands (staff side: platform minimums). The CLI dispatches on two words ("noun verb"), so the
 * verbs are `minimum-set` / `minimum-list`: `axys fees minimum-set --fee-type atm_withdrawal --currency EUR ...`.
 * `--currency` is always required, also with `--min-fixed 0`: a 0 row states "no fixed minimum in this
 * currency", which exempts it from the fail-closed rule for currencies without a row (docs/fees.md).
 */
export const FEE_COMMANDS: Record<string, Command> = {
  "fees minimum-set": {
    usage: `--fee-type ${FEE_TYPES.join("|")} --currency EUR --min-fixed 1.50 [--min-rate-bps 0] --reason "network cost"  (min-fixed is in --currency and holds Programs in that currency; the rate holds every currency, left out = unchanged)`,
    options: { "fee-type": { type: "string" }, currency: { type: "string" }, "min-fixed": { type: "string" }, "min-rate-bps": { type: "string" }, reason: { type: "string" } },
    async run(f) {
      const m = await setPlatformMinimum(op, {
        feeType: required(f, "fee-type"), currency: required(f, "currency"), minFixed: required(f, "min-fixed"), minRateBps: f["min-rate-bps"], reason: required(f, "reason"),
      });
      return { json: m, text: `platform minimum for ${m.feeType} in ${m.currency}: fixed ${m.minFixed} ${m.currency}, rate ${m.minRateBps} bps (every currency; reason: ${m.reason})` };
    },
  },
  "fees minimum-list": {
    usage: "",
    options: {},
    async run() {
      const minimums = await listPlatformMinimums(op);
      return { json: { minimums }, text: minimums.map((m) => `${m.feeType.padEnd(20)} fixed ${m.minFixed} ${m.currency}  rate ${m.minRateBps} bps  ${m.reason}`).join("\n") || "(no platform minimums)" };
    },
  },
};
