import { CopyableValue } from "@/components/ui/copyable-value";

/**
 * A credential scope in a table cell: its name over the Program's copyable id, or over `tenantNote` for the
 * tenant-level scope (no Program).
 */
export function ScopeLabel({
  name,
  programId,
  tenantNote = "tenant-level",
}: {
  name: string;
  programId: string | null;
  tenantNote?: string;
}) {
  return (
    <>
      <div className="font-medium text-slate-800">{name}</div>
      <div className="text-xs text-slate-500">
        {programId ? (
          <CopyableValue value={programId} what={`program id of ${name}`} nowrap />
        ) : (
          <span className="font-mono">{tenantNote}</span>
        )}
      </div>
    </>
  );
}
