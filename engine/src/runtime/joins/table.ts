/**
 * Table state (dialect §4.4, §9.1): the current rows of a table that lookup joins and subqueries
 * read. One TableState serves every reader of a table: a bounded source loaded before the stream
 * side (D10), a source the host declares as a table, or a CREATE TABLE result maintained by
 * another query (the host upserts that query's output records here).
 *
 * A record with a message key replaces the row with the same key (compacted-topic semantics,
 * §10.4); a record without key is another row. Readers that look rows up by other columns keep
 * a `TableIndex`, which the table updates on every change.
 */
import type { StreamRecord } from '../../types/record';
import { groupKey } from '../../types/values/compare';

/** Told about every upsert. Held weakly: a reader that is garbage-collected stops listening. */
export interface TableListener {
  rowUpserted(row: StreamRecord, replaced: StreamRecord | undefined): void;
}

export class TableState {
  /** Rows by storage key, in last-update order (an update moves its row to the end). */
  private readonly rowsByKey = new Map<string, StreamRecord>();
  private readonly listeners = new Set<WeakRef<TableListener>>();
  private unkeyedRows = 0;
  private changes = 0;

  constructor(readonly name: string) {}

  /** Bumped on every change, so readers can cache results computed from the rows. */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.rowsByKey.size;
  }

  /** Current rows, oldest update first. */
  rows(): IterableIterator<StreamRecord> {
    return this.rowsByKey.values();
  }

  upsert(row: StreamRecord): void {
    const key = row.key === null ? `#${this.unkeyedRows++}` : groupKey(row.key);
    const replaced = this.rowsByKey.get(key);
    if (replaced) this.rowsByKey.delete(key);
    this.rowsByKey.set(key, row);
    this.changes++;
    for (const ref of this.listeners) {
      const listener = ref.deref();
      if (listener) listener.rowUpserted(row, replaced);
      else this.listeners.delete(ref);
    }
  }

  /** Tells `listener` about every later upsert, for as long as something else keeps it alive. */
  listen(listener: TableListener): void {
    this.listeners.add(new WeakRef(listener));
  }
}

/**
 * The latest row per lookup key of a table (§4.4): `keyOf` gives a row's key (a composite of
 * the ON `=` columns), or null for a row that cannot be keyed (it is then not found).
 */
export class TableIndex implements TableListener {
  private readonly latest = new Map<string, StreamRecord>();
  private readonly keys = new WeakMap<StreamRecord, string | null>();

  constructor(
    table: TableState,
    private readonly keyOf: (row: StreamRecord) => string | null,
  ) {
    for (const row of table.rows()) this.rowUpserted(row, undefined);
    table.listen(this);
  }

  get(key: string): StreamRecord | undefined {
    return this.latest.get(key);
  }

  rowUpserted(row: StreamRecord, replaced: StreamRecord | undefined): void {
    if (replaced) {
      const old = this.keys.get(replaced);
      // The replaced row may have had another lookup key; it must not stay findable there.
      if (old != null && this.latest.get(old) === replaced) this.latest.delete(old);
    }
    const key = this.keyOf(row);
    this.keys.set(row, key);
    if (key !== null) this.latest.set(key, row);
  }
}
