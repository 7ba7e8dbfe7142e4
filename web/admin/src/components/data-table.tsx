import type { HTMLAttributes, Key, ReactNode } from "react";

export interface Column<T> {
  /** The column's heading; a hidden one (e.g. "Actions") is still read by screen readers. */
  header: string;
  hideHeader?: boolean;
  cell(row: T): ReactNode;
  /** Right-aligned, for amounts and counts. */
  numeric?: boolean;
  /** The cell names its row (`<th scope="row">`): the first column, usually. */
  rowHeader?: boolean;
}

/**
 * The merchant center's table: a scrolling wrapper, column headings with scopes, one row per item,
 * and `empty` in place of the table when there are no rows.
 */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty = null,
  compact,
  rowProps,
}: {
  /** For screen readers; tables sit under a visible heading already. */
  caption?: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey(row: T): Key;
  empty?: ReactNode;
  compact?: boolean;
  rowProps?(row: T): HTMLAttributes<HTMLTableRowElement>;
}) {
  if (rows.length === 0) return <>{empty}</>;
  return (
    <div className="table-scroll">
      <table className={compact ? "table table--compact" : "table"}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? "num" : undefined}>
                {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((c) => {
                const className = c.numeric ? "num" : undefined;
                return c.rowHeader ? (
                  <th key={c.header} scope="row" className={className}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.header} className={className}>
                    {c.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
