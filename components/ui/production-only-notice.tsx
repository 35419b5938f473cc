import { Info } from "lucide-react";

/**
 * Tells every reader of a page outside production why its configuration cannot change here. `note` comes from
 * the permission layer (`productionOnlyNote(ctx, "x:write")`); null (production, or no such rule) renders nothing.
 */
export function ProductionOnlyNotice({ note }: { note: string | null }) {
  if (!note) return null;
  return (
    <p
      className="mb-4 flex gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-700"
      role="note"
    >
      <Info className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      {note}
    </p>
  );
}
