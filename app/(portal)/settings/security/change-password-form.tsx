"use client";
import { useRef } from "react";
import { toast } from "sonner";
import { NewPasswordFields } from "@/components/account/new-password-fields";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { changePasswordAction } from "@/lib/account/actions";
import { changePasswordSchema } from "@/lib/account/schemas";

export function ChangePasswordForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const { pending, errors, onSubmit, field } = useActionForm(changePasswordAction, {
    schema: changePasswordSchema,
    onSuccess: (d) => {
      formRef.current?.reset();
      toast.success(
        d.otherSessionsEnded
          ? `Password changed. ${d.otherSessionsEnded} other session${d.otherSessionsEnded > 1 ? "s were" : " was"} signed out.`
          : "Password changed.",
      );
    },
  });
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field id="currentPassword" label="Current password" error={errors.currentPassword}>
        <Input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          {...field("currentPassword")}
        />
      </Field>
      <NewPasswordFields
        name="newPassword"
        label="New password"
        confirmLabel="Repeat the new password"
        errors={errors}
        field={field}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
