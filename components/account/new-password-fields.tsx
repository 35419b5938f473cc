import { Field, Input } from "@/components/ui/form";
import { PASSWORD_RULES_TEXT } from "@/lib/account/schemas";

/**
 * A new password and its repetition: the password rules as the first field's hint, each field's error linked to
 * it (`field` comes from useActionForm). `name` is the new password's form field; the repetition is `confirm`.
 */
export function NewPasswordFields({
  name = "password",
  label,
  confirmLabel,
  errors,
  field,
}: {
  name?: string;
  label: string;
  confirmLabel: string;
  errors: Record<string, string>;
  field: (name: string) => object;
}) {
  return (
    <>
      <Field id={name} label={label} hint={PASSWORD_RULES_TEXT} error={errors[name]}>
        <Input id={name} name={name} type="password" autoComplete="new-password" {...field(name)} />
      </Field>
      <Field id="confirm" label={confirmLabel} error={errors.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" {...field("confirm")} />
      </Field>
    </>
  );
}
