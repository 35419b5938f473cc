import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/**
 * A radio group drawn as cards (a label and a line of description each) under a legend. Controlled with
 * `value`/`onChange`, or uncontrolled with `defaultValue`. `children` follow the cards (e.g. a note).
 */
export function ChoiceCards<V extends string>({
  legend,
  name,
  options,
  info,
  value,
  onChange,
  defaultValue,
  error,
  className,
  children,
}: {
  legend: string;
  name: string;
  options: readonly V[];
  info: (v: V) => { label: ReactNode; description: ReactNode };
  value?: V;
  onChange?: (v: V) => void;
  defaultValue?: V;
  error?: string;
  /** the grid's columns, e.g. "sm:grid-cols-2" */
  className?: string;
  children?: ReactNode;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
      <div className={cn("grid gap-2", className)}>
        {options.map((v) => (
          <label
            key={v}
            className="flex cursor-pointer flex-col gap-1 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
          >
            <span className="flex items-center gap-2 font-medium">
              <input
                type="radio"
                name={name}
                value={v}
                checked={value === undefined ? undefined : value === v}
                onChange={onChange ? () => onChange(v) : undefined}
                defaultChecked={defaultValue === undefined ? undefined : defaultValue === v}
                className="accent-brand-600"
              />
              {info(v).label}
            </span>
            <span className="text-xs text-slate-500">{info(v).description}</span>
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}
