import { readFileSync } from "node:fs";
import { operatorCtx } from "@/lib/auth/context";
import { CliError, required, type Command } from "@/lib/cli/io";
import { legalKindSchema, LEGAL_KINDS } from "@/lib/legal/schemas";
import { listLegalDocuments, listLegalHistory, publishLegalDocument, type LegalVersionDto } from "@/lib/legal/service";

const day = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
const line = (v: LegalVersionDto) => `${v.kind}  v${v.version}  ${v.status}  effective ${day(v.effectiveAt)}  "${v.title}"  — ${v.changeSummary}`;
const strip = ({ id, kind, version, title, changeSummary, effectiveAt, publishedBy, publishedAt, status }: LegalVersionDto) =>
  ({ id, kind, version, title, changeSummary, effectiveAt, publishedBy, publishedAt, status });

function readDocument(file: string, readStdin: () => Promise<string>): Promise<string> | string {
  if (file === "-") return readStdin();
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new CliError("USAGE", `Cannot read the document file ${file}.`, "file");
  }
}

/** Legal document commands (staff side). */
export const LEGAL_COMMANDS: Record<string, Command> = {
  "legal publish": {
    usage: `--kind ${LEGAL_KINDS.join("|")} --title T --file doc.md|- --summary S [--effective 2026-12-01]   (a new version; effective now unless given)`,
    options: { kind: { type: "string" }, title: { type: "string" }, file: { type: "string" }, summary: { type: "string" }, effective: { type: "string" } },
    async run(f, io) {
      const kind = legalKindSchema.safeParse(required(f, "kind"));
      if (!kind.success) throw new CliError("VALIDATION", `--kind must be one of: ${LEGAL_KINDS.join(", ")}.`, "kind");
      const body = await readDocument(required(f, "file"), io.readStdin);
      const d = await publishLegalDocument(operatorCtx({}), {
        kind: kind.data, title: required(f, "title"), body, changeSummary: required(f, "summary"), effectiveAt: f.effective as string | undefined,
      });
      return { json: strip(d), text: `published ${line(d)}` };
    },
  },
  "legal list": {
    usage: "[--kind sla]   (the version in force and any scheduled one of each document; with --kind, that document's history)",
    options: { kind: { type: "string" } },
    async run(f) {
      const op = operatorCtx({});
      if (typeof f.kind === "string") {
        if (!legalKindSchema.safeParse(f.kind).success) throw new CliError("VALIDATION", `--kind must be one of: ${LEGAL_KINDS.join(", ")}.`, "kind");
        const versions = await listLegalHistory(op, f.kind);
        return { json: { kind: f.kind, versions }, text: versions.map(line).join("\n") || `(no ${f.kind} published)` };
      }
      const documents = await listLegalDocuments(op);
      const text = documents.map((d) => [d.current ? line(d.current) : `${d.kind}  (none in force)`, ...(d.upcoming ? [`  upcoming: ${line(d.upcoming)}`] : [])].join("\n"));
      return { json: { documents }, text: text.join("\n") };
    },
  },
};
