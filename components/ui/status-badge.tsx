import { Badge, type BadgeTone } from "@/components/ui/badge";

/**
 * The one vocabulary of review states, for Tenants and staff alike. Card designs waiting for review are stored as
 * "pending" and requests as "submitted": both read "Submitted". The staff queue's "pending" filter (submitted or in
 * review) reads "Awaiting decision".
 */
export const REVIEW_STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  pending: { tone: "blue", label: "Submitted" },
  submitted: { tone: "blue", label: "Submitted" },
  in_review: { tone: "amber", label: "In review" },
  approved: { tone: "green", label: "Approved" },
  rejected: { tone: "red", label: "Rejected" },
  changes_requested: { tone: "amber", label: "Changes requested" },
  withdrawn: { tone: "neutral", label: "Withdrawn" },
};

/** The human label of a review state ("changes_requested" -> "Changes requested"). */
export const reviewStatusLabel = (status: string) => REVIEW_STATUS[status]?.label ?? status.replaceAll("_", " ");

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={REVIEW_STATUS[status]?.tone ?? "neutral"} data-status={status}>
      {reviewStatusLabel(status)}
    </Badge>
  );
}
