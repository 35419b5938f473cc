import { command, flag, type Command } from "@/lib/cli/command";
import { readFile } from "@/lib/cli/commands";
import { LEGAL_KINDS } from "@/lib/legal/schemas";
import { listLegalDocuments, listLegalHistory, publishLegalDocument, type LegalVersionDto } from "@/lib/legal/service";

const day = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
const line = (v: LegalVersionDto) =>
  `${v.kind}  v${v.version}  ${v.status}  effective ${day(v.effectiveAt)}  "${v.title}"  — ${v.changeSummary}`;
const strip = ({
  id,
  kind,
  version,
  title,
  changeSummary,
  effectiveAt,
  publishedBy,
  publishedAt,
  status,
}: LegalVersionDto) => ({ id, kind, version, title, changeSummary, effectiveAt, publishedBy, publishedAt, status });

/** Legal document commands (staff side). */
export const LEGAL_COMMANDS: Record<string, Command> = {
  "legal publish": command({
    usage: `--kind ${LEGAL_KINDS.join("|")} --title T --file doc.md|- --summary S [--effective 2026-12-01]   (a new version; effective now unless given)`,
    flags: {
      kind: flag.oneOf(LEGAL_KINDS),
      title: flag.text(),
      file: flag.text(),
      summary: flag.text(),
      effective: flag.optionalText(),
    },
    context: "operator",
    async run(ctx, f, io) {
      const body = f.file === "-" ? await io.readStdin() : readFile(f.file, "file", "the document file");
      const d = await publishLegalDocument(ctx, {
        kind: f.kind,
        title: f.title,
        body,
        changeSummary: f.summary,
        effectiveAt: f.effective,
      });
      return { json: strip(d), text: `published ${line(d)}` };
    },
  }),
  "legal list": command({
    usage:
      "[--kind sla]   (the version in force and any scheduled one of each document; with --kind, that document's history)",
    flags: { kind: flag.optionalOneOf(LEGAL_KINDS) },
    context: "operator",
    async run(ctx, f) {
      if (f.kind) {
        const versions = await listLegalHistory(ctx, f.kind);
        return { json: { kind: f.kind, versions }, text: versions.map(line).join("\n") || `(no ${f.kind} published)` };
      }
      const documents = await listLegalDocuments(ctx);
      const text = documents.map((d) =>
        [
          d.current ? line(d.current) : `${d.kind}  (none in force)`,
          ...(d.upcoming ? [`  upcoming: ${line(d.upcoming)}`] : []),
        ].join("\n"),
      );
      return { json: { documents }, text: text.join("\n") };
    },
  }),
};
