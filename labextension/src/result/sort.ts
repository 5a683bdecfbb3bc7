/** Client-side column sorting of the snapshot: numbers and instants numerically, text by locale, NULLs last. */
import { cellNumber, cellView } from './cells';
import type { Cell, ResultColumn } from './types';

export interface SortState {
  column: number;
  descending: boolean;
}

/** The row order for `sort` (indexes into `rows`); snapshot order when `sort` is null. Stable. */
export function sortedOrder(rows: readonly Cell[][], columns: readonly ResultColumn[], sort: SortState | null): number[] {
  const order = rows.map((_, i) => i);
  if (!sort) return order;
  const column = columns[sort.column];
  const keys = rows.map((row) => sortKey(row[sort.column], column));
  const sign = sort.descending ? -1 : 1;
  return order.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka === null || kb === null) return ka === kb ? a - b : ka === null ? 1 : -1;
    const diff = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
    return diff === 0 ? a - b : sign * diff;
  });
}

function sortKey(value: Cell, column: ResultColumn): number | string | null {
  if (value === null) return null;
  return cellNumber(value, column) ?? cellView(value, column).text;
}

/** The next sort after a click on `column`'s header: ascending, descending, then snapshot order. */
export function nextSort(current: SortState | null, column: number): SortState | null {
  if (!current || current.column !== column) return { column, descending: false };
  return current.descending ? null : { column, descending: true };
}
