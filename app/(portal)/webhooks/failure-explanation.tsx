import type { Failure } from "@/lib/webhooks/failures";

/** A webhook failure as a plain cause and fix, with the raw detail folded below (works in server and client components). */
export function FailureExplanation({ failure, className }: { failure: Failure; className?: string }) {
  return (
    <div className={className} data-testid="failure" data-kind={failure.kind}>
      <p className="text-sm text-red-700">
        <span className="font-medium">{failure.cause}</span>: {failure.fix}.
      </p>
      <details className="mt-1 text-xs text-slate-600">
        <summary className="cursor-pointer select-none">Technical detail</summary>
        <code className="mt-1 block break-all font-mono">{failure.detail}</code>
      </details>
    </div>
  );
}
