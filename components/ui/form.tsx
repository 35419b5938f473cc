import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/cn";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-100 disabled:bg-slate-100";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(control, "h-9", className)} {...props} />;
}

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(control, "h-9 pr-8", className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(control, "py-2", className)} {...props} />;
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn("text-sm font-medium text-slate-800", className)} {...props} />;
}

/** A labelled form field with hint and inline error; the error is linked to the control for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * What a bound field needs of a useActionForm form: its errors, the aria props of a field by name and, where one
 * page holds several copies of a form, the element id of a field (`idOf`; the name itself by default).
 */
export type FormBinding = {
  errors: Record<string, string>;
  field: (name: string) => { "aria-invalid"?: boolean; "aria-describedby"?: string };
  idOf?: (name: string) => string;
};

/** A form's field errors as a FormBinding: a field in error is aria-invalid and described by its error line. */
export function bindErrors(errors: Record<string, string>, idOf?: (name: string) => string): FormBinding {
  const id = idOf ?? ((name: string) => name);
  return {
    errors,
    idOf,
    field: (name) => ({
      "aria-invalid": errors[name] ? true : undefined,
      "aria-describedby": errors[name] ? `${id(name)}-error` : undefined,
    }),
  };
}

type Bound = { form: FormBinding; name: string; label: string; hint?: ReactNode };
type ControlProps = { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

/**
 * A labelled control bound to a useActionForm form by its field name: the id is the name (or `form.idOf(name)`),
 * so the label, the error shown under it (linked by aria-describedby) and the focus on the first invalid field all
 * find it. `control` draws the control from the props it must carry.
 */
function BoundField({ form, name, label, hint, control }: Bound & { control: (p: ControlProps) => ReactNode }) {
  const id = form.idOf?.(name) ?? name;
  return (
    <Field id={id} label={label} hint={hint} error={form.errors[name]}>
      {control({ id, name, ...form.field(name) })}
    </Field>
  );
}

/** A bound input (BoundField); `suffix` is drawn inside its right end (a unit, a currency). */
export function FormInput({
  form,
  name,
  label,
  hint,
  suffix,
  ...props
}: Bound & { suffix?: ReactNode } & Omit<ComponentProps<"input">, "form">) {
  return (
    <BoundField
      {...{ form, name, label, hint }}
      control={(c) =>
        suffix ? (
          <div className="relative">
            <Input {...props} {...c} />
            <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-slate-500">
              {suffix}
            </span>
          </div>
        ) : (
          <Input {...props} {...c} />
        )
      }
    />
  );
}

/** A bound select (BoundField): the options are its children. */
export function FormSelect({ form, name, label, hint, ...props }: Bound & Omit<ComponentProps<"select">, "form">) {
  return <BoundField {...{ form, name, label, hint }} control={(c) => <Select {...props} {...c} />} />;
}

/** A bound textarea (BoundField). */
export function FormTextarea({ form, name, label, hint, ...props }: Bound & Omit<ComponentProps<"textarea">, "form">) {
  return <BoundField {...{ form, name, label, hint }} control={(c) => <Textarea {...props} {...c} />} />;
}

/** The row of a form's buttons, at its end; `divided` draws a line above it (a long form's footer). */
export function FormActions({ divided, children }: { divided?: boolean; children: ReactNode }) {
  return <div className={cn("flex justify-end gap-2", divided && "border-t border-slate-100 pt-4")}>{children}</div>;
}

/**
 * A select's options, one per value, shown by `label` (a table or a function; the value itself without one);
 * `any` first adds the choice of no value ("") under that name, as a filter's "All ..." or "Any ...".
 */
export function Options<V extends string>({
  values,
  label,
  any,
}: {
  values: readonly V[];
  label?: Record<V, ReactNode> | ((v: V) => ReactNode);
  any?: string;
}) {
  return (
    <>
      {any !== undefined ? <option value="">{any}</option> : null}
      {values.map((v) => (
        <option key={v} value={v}>
          {label === undefined ? v : typeof label === "function" ? label(v) : label[v]}
        </option>
      ))}
    </>
  );
}
