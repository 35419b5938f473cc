import { Lock } from "lucide-react";

/**
 * Tells a reader why a page has no forms for them. `reason` comes from the permission layer
 * (`readOnlyReason(ctx.role, "x:write")`); null (the role may change it) renders nothing.
 */
export function ReadOnlyNotice({ reason }: { reason: string | null }) {
  if (!reason) return null;
  return (
    <p
      role="note"
      data-testid="read-only-notice"
      className="mb-4 flex gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600"
    >
      <Lock className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <span>
        <strong className="font-medium text-slate-700">Read-only.</strong> {reason}
      </span>
    </p>
  );
}
