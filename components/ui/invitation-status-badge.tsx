import { Badge } from "@/components/ui/badge";

/** An invitation's state: pending (its link still works) or expired. */
export function InvitationStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={status === "pending" ? "amber" : "neutral"}>{status === "pending" ? "Pending" : "Expired"}</Badge>
  );
}
