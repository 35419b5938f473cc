import type { ComponentProps, ReactNode } from "react";
import { Table, TableHead } from "@/components/ui/table";

/**
 * A list as a table: its header row, then one `<tr>` per row from `children(row)`; `empty` (when given) stands
 * instead of the table while there are no rows.
 */
export function DataTable<T>({
  columns,
  rows,
  empty,
  children,
  ...props
}: Omit<ComponentProps<typeof Table>, "children"> & {
  columns: (ReactNode | false)[];
  rows: readonly T[];
  empty?: ReactNode;
  children: (row: T) => ReactNode;
}) {
  if (rows.length === 0 && empty !== undefined) return empty;
  return (
    <Table {...props}>
      <TableHead columns={columns} />
      <tbody>{rows.map(children)}</tbody>
    </Table>
  );
}
