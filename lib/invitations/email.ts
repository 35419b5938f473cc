import "server-only";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { formatUtc } from "@/lib/format/date";
import type { InvitationRole } from "@/lib/invitations/schemas";

export interface InvitationEmailInput {
  /** absolute link, `${portalOrigin()}/invite/<token>` */
  link: string;
  tenantName: string;
  /** partner invitations: the Program the partner will see */
  programName: string | null;
  role: InvitationRole;
  inviter: string;
  expiresAt: Date;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const WHAT: Record<InvitationRole, string> = {
  tenant_admin: "manage everything of the Tenant, its team included",
  tenant_viewer: "see everything of the Tenant, read-only",
  partner_viewer: "see one program, read-only",
};

/** The invitation email (kind "invitation"): who invites, to what, with which role, the one-time link and its expiry. */
export function invitationEmail(m: InvitationEmailInput): { subject: string; text: string; html: string } {
  const role = ROLE_LABELS[m.role].toLowerCase();
  const to = m.programName
    ? `see the program ${m.programName} of ${m.tenantName} on the Axys portal (read-only)`
    : `join ${m.tenantName} on the Axys portal as a ${role} (${WHAT[m.role]})`;
  const expires = formatUtc(m.expiresAt);
  const intro = `${m.inviter} invited you to ${to}.`;
  const outro = `The link works once, for this address, until ${expires}. If you did not expect this email, ignore it: no account is created unless the link is used.`;
  const text = [intro, "", "Accept the invitation and choose your password:", m.link, "", outro, ""].join("\n");
  const html = `<p>${escapeHtml(intro)}</p>
<p><a href="${escapeHtml(m.link)}">Accept the invitation</a> and choose your password.</p>
<p style="color:#64748b;font-size:13px">${escapeHtml(outro)}</p>`;
  return { subject: `You're invited to ${m.tenantName} on Axys`, text, html };
}
