"use client";
import { useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { changePasswordAction } from "@/lib/account/actions";
import { changePasswordSchema, PASSWORD_RULES_TEXT } from "@/lib/account/schemas";

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
      <Field id="newPassword" label="New password" hint={PASSWORD_RULES_TEXT} error={errors.newPassword}>
        <Input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          {...field("newPassword")}
        />
      </Field>
      <Field id="confirm" label="Repeat the new password" error={errors.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" {...field("confirm")} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
