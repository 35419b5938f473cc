import { FormInput, type FormBinding } from "@/components/ui/form";
import { PASSWORD_RULES_TEXT } from "@/lib/account/schemas";

/**
 * A new password and its repetition, bound to a useActionForm form: the password rules as the first field's hint,
 * each field's error linked to it. `name` is the new password's form field; the repetition is `confirm`.
 */
export function NewPasswordFields({
  form,
  name = "password",
  label,
  confirmLabel,
}: {
  form: FormBinding;
  name?: string;
  label: string;
  confirmLabel: string;
}) {
  return (
    <>
      <FormInput
        form={form}
        name={name}
        label={label}
        hint={PASSWORD_RULES_TEXT}
        type="password"
        autoComplete="new-password"
      />
      <FormInput form={form} name="confirm" label={confirmLabel} type="password" autoComplete="new-password" />
    </>
  );
}
