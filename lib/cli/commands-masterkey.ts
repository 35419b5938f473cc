import { command, type Command } from "@/lib/cli/command";
import { masterKeyStatus, resealAll } from "@/lib/master-key/service";

/** Master key rotation (staff side; docs/operations.md, "Rotating the master key"). */
export const MASTER_KEY_COMMANDS: Record<string, Command> = {
  "masterkey status": command({
    usage: "   (which configured key seals each value; `pending` 0 means the previous keys can be removed)",
    flags: {},
    context: "operator",
    async run(ctx) {
      const s = await masterKeyStatus(ctx);
      const lines = s.columns.map(
        (c) =>
          `  ${c.column}: ${
            Object.entries(c.byKey)
              .map(([k, n]) => `${n} on ${k}`)
              .join(", ") || "none"
          }${c.unopenable ? `, ${c.unopenable} no configured key opens` : ""}`,
      );
      return {
        json: s,
        text: [
          `current key ${s.currentKey}${s.previousKeys.length ? `; previous ${s.previousKeys.join(", ")}` : ""}`,
          ...lines,
          `${s.pending} value(s) not on the current key${s.unopenable ? `; ${s.unopenable} value(s) no configured key opens` : ""}`,
        ].join("\n"),
      };
    },
  }),
  "masterkey reseal": command({
    usage: "   (seals every value again with the current key AXYS_CA_MASTER_KEY; safe while serving, safe to repeat)",
    flags: {},
    context: "operator",
    async run(ctx) {
      const r = await resealAll(ctx);
      return {
        json: r,
        text: [
          `resealed ${r.resealed} value(s) with key ${r.currentKey}`,
          ...r.columns.map(
            (c) =>
              `  ${c.column}: ${c.resealed} resealed, ${c.current} already current${c.changedMeanwhile ? `, ${c.changedMeanwhile} rewritten meanwhile` : ""}${c.unopenable ? `, ${c.unopenable} no configured key opens` : ""}`,
          ),
          ...(r.unopenable ? [`${r.unopenable} value(s) no configured key opens: do not remove a key yet.`] : []),
        ].join("\n"),
      };
    },
  }),
};
