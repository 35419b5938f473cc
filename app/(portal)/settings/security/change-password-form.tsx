"use client";
import { toast } from "sonner";
import { NewPasswordFields } from "@/components/account/new-password-fields";
import { SubmitButton } from "@/components/ui/button";
import { FormInput } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { changePasswordAction } from "@/lib/account/actions";
import { changePasswordSchema } from "@/lib/account/schemas";

export function ChangePasswordForm() {
  const { pending, onSubmit, ...form } = useActionForm(changePasswordAction, {
    schema: changePasswordSchema,
    onSuccess: (d) => {
      toast.success(
        d.otherSessionsEnded
          ? `Password changed. ${d.otherSessionsEnded} other session${d.otherSessionsEnded > 1 ? "s were" : " was"} signed out.`
          : "Password changed.",
      );
    },
    reset: true,
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormInput
        form={form}
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
      />
      <NewPasswordFields name="newPassword" label="New password" confirmLabel="Repeat the new password" form={form} />
      <SubmitButton pending={pending} pendingLabel="Changing…">
        Change password
      </SubmitButton>
    </form>
  );
}
