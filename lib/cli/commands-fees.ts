import { command, flag, type Command } from "@/lib/cli/command";
import { FEE_TYPES } from "@/lib/fees/schemas";
import { listPlatformMinimums, setPlatformMinimum } from "@/lib/fees/service";

/**
 * Fee commands (staff side: platform minimums). The CLI dispatches on two words ("noun verb"), so the
 * verbs are `minimum-set` / `minimum-list`: `axys fees minimum-set --fee-type atm_withdrawal --currency EUR ...`.
 * `--currency` is always required, also with `--min-fixed 0`: a 0 row states "no fixed minimum in this
 * currency", which exempts it from the fail-closed rule for currencies without a row (docs/fees.md).
 */
export const FEE_COMMANDS: Record<string, Command> = {
  "fees minimum-set": command({
    usage: `--fee-type ${FEE_TYPES.join("|")} --currency EUR --min-fixed 1.50 [--min-rate-bps 0] --reason "network cost"  (min-fixed is in --currency and holds Programs in that currency; the rate holds every currency, left out = unchanged)`,
    flags: {
      "fee-type": flag.text(),
      currency: flag.text(),
      "min-fixed": flag.text(),
      "min-rate-bps": flag.optionalText(),
      reason: flag.text(),
    },
    context: "operator",
    async run(ctx, f) {
      const m = await setPlatformMinimum(ctx, {
        feeType: f["fee-type"],
        currency: f.currency,
        minFixed: f["min-fixed"],
        minRateBps: f["min-rate-bps"],
        reason: f.reason,
      });
      return {
        json: m,
        text: `platform minimum for ${m.feeType} in ${m.currency}: fixed ${m.minFixed} ${m.currency}, rate ${m.minRateBps} bps (every currency; reason: ${m.reason})`,
      };
    },
  }),
  "fees minimum-list": command({
    usage: "",
    flags: {},
    context: "operator",
    async run(ctx) {
      const minimums = await listPlatformMinimums(ctx);
      return {
        json: { minimums },
        text:
          minimums
            .map(
              (m) => `${m.feeType.padEnd(20)} fixed ${m.minFixed} ${m.currency}  rate ${m.minRateBps} bps  ${m.reason}`,
            )
            .join("\n") || "(no platform minimums)",
      };
    },
  }),
};
