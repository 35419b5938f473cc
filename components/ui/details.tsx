import type { ComponentProps } from "react";

/** One entry of a details list (`<dl>`): its term, muted, then its description (the `<dd>`, given its props). */
export function Detail({ term, ...props }: ComponentProps<"dd"> & { term: string }) {
  return (
    <>
      <dt className="text-slate-500">{term}</dt>
      <dd {...props} />
    </>
  );
}
