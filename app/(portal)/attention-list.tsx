import type { ReactNode } from "react";
import { TitledCard } from "@/components/ui/card";

/**
 * One dashboard card: a titled list of what needs attention, or `empty` when there is nothing. `items` is null when
 * the reader may not see this part (the dashboard service withholds it): the card is then left out.
 */
export function AttentionList<T>({
  title,
  description,
  items,
  empty,
  footer,
  children,
}: {
  title: string;
  description: string;
  items: T[] | null;
  empty: string;
  footer?: ReactNode;
  children: (item: T) => ReactNode;
}) {
  if (!items) return null;
  return (
    <TitledCard title={title} description={description}>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ul aria-label={title} className="space-y-2 text-sm">
          {items.map(children)}
        </ul>
      )}
      {footer}
    </TitledCard>
  );
}
