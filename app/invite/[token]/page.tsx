import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/shell/auth-card";
import { isAppError } from "@/lib/errors";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { viewInvitation, type InvitationView } from "@/lib/invitations/service";
import { AcceptForm } from "./accept-form";
import { formatUtc } from "@/lib/format/date";

export const metadata: Metadata = { title: "Accept invitation" };

/** Public: the invited person (a team member or a partner) opens the link from its email and chooses a password. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: InvitationView | null = null;
  let problem: string | null = null;
  try {
    invitation = await viewInvitation(token);
  } catch (e) {
    if (!isAppError(e)) throw e;
    problem = e.message;
  }
  return (
    <AuthCard
      intro={
        invitation?.programName ? (
          <>
            <strong className="text-slate-700">{invitation.tenantName}</strong> invites{" "}
            <strong className="text-slate-700">{invitation.email}</strong> to see the program{" "}
            <strong className="text-slate-700">{invitation.programName}</strong> (read-only).
          </>
        ) : invitation ? (
          <>
            <strong className="text-slate-700">{invitation.tenantName}</strong> invites{" "}
            <strong className="text-slate-700">{invitation.email}</strong> to join its team as a{" "}
            <strong className="text-slate-700">{ROLE_LABELS[invitation.role].toLowerCase()}</strong>
            {invitation.role === "tenant_viewer" ? " (read-only)" : ""}.
          </>
        ) : null
      }
    >
      {invitation ? (
        <AcceptForm token={token} email={invitation.email} expiresAt={formatUtc(invitation.expiresAt)} />
      ) : (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-800">
          {problem}
          <p className="mt-3">
            <Link href="/login" className="font-medium text-brand-700 hover:underline">
              Go to sign-in
            </Link>
          </p>
        </div>
      )}
    </AuthCard>
  );
}
