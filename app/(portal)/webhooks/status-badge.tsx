import { Badge, type BadgeTone } from "@/components/ui/badge";

const LOOK: Record<string, { tone: BadgeTone; label: string }> = {
  pending_verification: { tone: "amber", label: "Verifying…" },
  active: { tone: "green", label: "Verified, active" },
  verification_failed: { tone: "red", label: "Verification failed" },
  disabled: { tone: "neutral", label: "Disabled" },
};

export function EndpointStatusBadge({ status }: { status: string }) {
  const l = LOOK[status] ?? { tone: "neutral" as const, label: status };
  return <Badge tone={l.tone}>{l.label}</Badge>;
}
