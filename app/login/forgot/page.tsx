import type { Metadata } from "next";
import { AuthCard } from "@/components/shell/auth-card";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot password" };

/** Public: asks for a password reset link. */
export default function ForgotPasswordPage() {
  return (
    <AuthCard intro="Enter the email address you sign in with. We email you a link to choose a new password.">
      <ForgotForm />
    </AuthCard>
  );
}
