import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { CertificateStatus } from "@/lib/certificates/status";

const LOOK: Record<CertificateStatus | "missing", { tone: BadgeTone; label: string }> = {
  active: { tone: "green", label: "Active" },
  expiring: { tone: "amber", label: "Expiring soon" },
  expired: { tone: "red", label: "Expired" },
  revoked: { tone: "red", label: "Revoked" },
  superseded: { tone: "blue", label: "Superseded, still valid" },
  missing: { tone: "neutral", label: "No certificate" },
};

export function CertificateStatusBadge({ status }: { status: CertificateStatus | "missing" }) {
  const l = LOOK[status];
  return <Badge tone={l.tone}>{l.label}</Badge>;
}
