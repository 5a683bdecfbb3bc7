/**
 * The materialised result of a query (§3.5): output rows folded into an append log, an upsert
 * table keyed by group keys and window bounds, or the single latest row. Knows nothing about
 * rendering or publishing.
 */
import { formatValue, type Value } from '@velostream/engine';
import type { DisplayMode, ResultColumn } from './types';
import { compareValues } from './values';

export class Snapshot {
  private readonly log: Value[][] = [];
  /** Update mode: key → row; Map order is least recently updated first, so eviction takes the head. */
  private readonly table = new Map<string, Value[]>();
  private latest: Value[] | null = null;
  private evictedRows = 0;
  /** Grows on every change; renderers and the throttle compare it. */
  version = 0;
  private sortedAt = -1;
  private sorted: Value[][] = [];

  private readonly keyIndexes: number[];
  private readonly windowEndIndex: number;
  private readonly groupIndexes: number[];

  constructor(
    readonly mode: DisplayMode,
    columns: readonly ResultColumn[],
    private readonly keepRows: number,
  ) {
    const indexesOf = (test: (c: ResultColumn) => boolean) =>
      columns.flatMap((column, index) => (test(column) ? [index] : []));
    this.groupIndexes = indexesOf((c) => c.role === 'group_key');
    this.keyIndexes = indexesOf((c) => c.role !== 'value' && c.role !== 'event_time');
    this.windowEndIndex =
      indexesOf((c) => c.role === 'window_end')[0] ??
      indexesOf((c) => c.role === 'window_start')[0] ??
      -1;
  }

  /**
   * Folds one output row in. `fallbackKey` identifies the row's key in update mode when no key
   * column is selected (the record's message key).
   */
  add(row: Value[], fallbackKey = ''): void {
    this.version++;
    switch (this.mode) {
      case 'single':
        this.latest = row;
        return;
      case 'append':
        this.log.push(row);
        if (this.log.length > this.keepRows) {
          const excess = this.log.length - this.keepRows;
          this.log.splice(0, excess);
          this.evictedRows += excess;
        }
        return;
      case 'update': {
        const key = this.keyIndexes.length
          ? this.keyIndexes.map((i) => keyText(row[i])).join('\u0000')
          : fallbackKey;
        this.table.delete(key);
        this.table.set(key, row);
        if (this.table.size > this.keepRows) {
          const oldest = this.table.keys().next().value as string;
          this.table.delete(oldest);
          this.evictedRows++;
        }
        return;
      }
    }
  }

  get rowsKept(): number {
    return this.mode === 'single' ? (this.latest ? 1 : 0) : this.mode === 'append'
      ? this.log.length
      : this.table.size;
  }

  get rowsEvicted(): number {
    return this.evictedRows;
  }

  /** §3.4 `rows`: append oldest first, update in display order, single the latest row. */
  rows(): Value[][] {
    if (this.mode === 'append') return this.log.slice();
    return this.shown();
  }

  /** §3.5 display order: append newest first; update by window end descending, then group keys. */
  shown(): Value[][] {
    switch (this.mode) {
      case 'single':
        return this.latest ? [this.latest] : [];
      case 'append':
        return this.log.slice().reverse();
      case 'update':
        if (this.sortedAt !== this.version) {
          this.sorted = [...this.table.values()].sort((a, b) => this.compareForDisplay(a, b));
          this.sortedAt = this.version;
        }
        return this.sorted;
    }
  }

  private compareForDisplay(a: Value[], b: Value[]): number {
    if (this.windowEndIndex >= 0) {
      const byWindow = compareValues(b[this.windowEndIndex], a[this.windowEndIndex]);
      if (byWindow !== 0) return byWindow;
    }
    for (const i of this.groupIndexes) {
      const byKey = compareValues(a[i], b[i]);
      if (byKey !== 0) return byKey;
    }
    return 0;
  }
}

/** A key part with its full value (display text rounds floats and cuts strings). */
function keyText(value: Value): string {
  return value === null ? '\u0001NULL' : formatValue(value);
}
