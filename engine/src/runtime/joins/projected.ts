/**
 * A lookup join with its select list fused in (plan/lookup-projection.ts): each output record is
 * built by one generated object literal straight from the stream record and the table row — no
 * joined record in between, only the selected fields — and the table row of a key is found once
 * per distinct key instead of once per record:
 *
 *  - a batch with typed columns attached (`withColumns`) whose key column is dictionary-coded
 *    probes by code: an array index into the rows found for that dictionary's values;
 *  - else a String key probes a Map by the String itself (no composite key text per record);
 *  - any other key is probed like the record path does, by its composite key.
 *
 * A deferred batch (types/columns.ts: the CSV file source's, records not built) whose key column
 * is dictionary-coded and whose selected stream columns are typed is joined without its records:
 * each output record's stream fields are read from the typed columns (column-fields.ts). Any
 * other deferred batch, or one meeting a table row of another shape, has its records built first.
 *
 * What a probe found is remembered only while the table is unchanged (`TableState.version`), so
 * a table update between batches is seen by the next batch, as on the record path. A table row
 * that does not hold exactly the declared columns, like every field read, follows the record
 * path's rules: it is joined into a record and projected (`JoinedRecords`, `ProjectOperator`).
 */
import type { LookupProjection } from '../../plan/lookup-projection';
import type { Batch, StreamRecord } from '../../types/record';
import { columnsOf, isDeferred, recordsOf, type BatchColumns, type KeyDictionary } from '../../types/columns';
import { ColumnFields } from '../columnar/column-fields';
import { compositeKey } from '../../types/values/compare';
import type { RowContext } from '../context';
import type { ProjectOperator } from '../operators/stateless';
import { fieldRead, hasExactly, literalBuilder, type Fields } from '../operators/shape';
import { laterEventTime, type JoinedRecords } from './combine';
import type { KeyFunction } from './keys';
import type { TableIndex, TableState } from './table';

/** A table row a key found; `exact` when it holds exactly the declared columns, in order. */
interface Match {
  row: StreamRecord;
  exact: boolean;
}

/** Per stream record: its table row, null for none, undefined when its key raised. */
type Probed = Match | null | undefined;

/** Remembered String keys before the memo is emptied (a stream of ever new keys must not grow it forever). */
const MAX_REMEMBERED_KEYS = 100_000;

export class ProjectedLookup {
  private readonly matched: (l: Fields, r: Fields) => Fields;
  private readonly unmatched: (l: Fields) => Fields;
  private readonly rightColumns: string[];
  private readonly leftKeyColumn: string | null;
  /** The table version the memos below describe. */
  private version = -1;
  private readonly byRow = new Map<StreamRecord, Match>();
  private readonly byString = new Map<string, Match | null>();
  private byCode: { dictionary: KeyDictionary; matches: (Match | null)[] } | null = null;
  /** The output fields from a deferred batch's columns, with the table row's fields as `x`. */
  private readonly matchedColumns: ColumnFields<Fields>;
  private readonly unmatchedColumns: ColumnFields<null>;

  constructor(
    shape: LookupProjection,
    private readonly table: TableState,
    private readonly index: TableIndex,
    private readonly leftKey: KeyFunction,
    private readonly joined: JoinedRecords,
    private readonly project: ProjectOperator,
    private readonly keepUnmatched: boolean,
  ) {
    const read = (side: string, field: string): string => `(${fieldRead(side, field)} ?? null)`;
    this.matched = literalBuilder(
      ['l', 'r'],
      shape.fields.map((f) => [f.name, read(f.side === 'left' ? 'l' : 'r', f.field)]),
    )!;
    this.unmatched = literalBuilder(
      ['l'],
      shape.fields.map((f) => [f.name, f.side === 'left' ? read('l', f.field) : 'null']),
    )!;
    this.matchedColumns = new ColumnFields(shape.fields.map((f) => (f.side === 'left' ? { name: f.name, column: f.field } : { name: f.name, read: read('x', f.field) })));
    this.unmatchedColumns = new ColumnFields(shape.fields.map((f) => (f.side === 'left' ? { name: f.name, column: f.field } : { name: f.name, read: 'null' })));
    this.rightColumns = shape.rightColumns;
    this.leftKeyColumn = shape.leftKeyColumn;
  }

  /** Joins and projects `batch` (deferred or not) into `out`; `onError` gets each record whose key raised. */
  join(batch: Batch, ctx: RowContext, out: Batch, onError: (e: unknown, r: StreamRecord) => void): void {
    if (isDeferred(batch)) {
      const columns = columnsOf(batch)!;
      if (this.joinColumns(batch.length, columns, out)) return;
      recordsOf(batch);
    }
    const probed = this.probe(batch, ctx, onError);
    for (let i = 0; i < batch.length; i++) {
      const l = batch[i];
      const m = probed[i];
      if (m === undefined) continue;
      if (m === null) {
        if (this.keepUnmatched) out.push(this.output(l, this.unmatched(l.fields), l.timestamp, l.eventTime));
      } else if (m.exact) {
        const r = m.row;
        out.push(this.output(l, this.matched(l.fields, r.fields), Math.max(l.timestamp, r.timestamp), laterEventTime(l, r)));
      } else {
        out.push(this.project.project(this.joined.combine(l, m.row)));
      }
    }
  }

  /**
   * Joins the `n` rows of a deferred batch from its typed columns, as `join` would from its
   * records; false, emitting nothing, when the columns or a table row do not allow it.
   */
  private joinColumns(n: number, columns: BatchColumns, out: Batch): boolean {
    const uniform = columns.uniform;
    const keys = this.leftKeyColumn === null ? null : columns.column(this.leftKeyColumn);
    if (uniform === undefined || keys?.kind !== 'key') return false;
    const matched = this.matchedColumns.forBatch(columns);
    const unmatched = this.unmatchedColumns.forBatch(columns);
    if (matched === null || unmatched === null) return false;
    if (this.table.version !== this.version) this.forget();
    const matches = this.codeMatches(keys.dictionary);
    const { codes, dictionary } = keys;
    for (let i = 0; i < n; i++) {
      const code = codes[i];
      let m = matches[code];
      if (m === undefined) m = matches[code] = this.ofString(dictionary.values[code]);
      if (m !== null && !m.exact) return false;
    }
    const { timestamp, partition, firstOffset } = uniform;
    for (let i = 0; i < n; i++) {
      const m = matches[codes[i]]!;
      if (m !== null) {
        const r = m.row;
        out.push({ fields: matched(i, r.fields), timestamp: Math.max(timestamp, r.timestamp), eventTime: r.eventTime, offset: firstOffset + i, partition, key: null, headers: null });
      } else if (this.keepUnmatched) {
        out.push({ fields: unmatched(i, null), timestamp, eventTime: null, offset: firstOffset + i, partition, key: null, headers: null });
      }
    }
    return true;
  }

  /** The record a projection of the joined record would give (headers, offset: the stream record's). */
  private output(l: StreamRecord, fields: Fields, timestamp: number, eventTime: number | null): StreamRecord {
    return { fields, timestamp, eventTime, offset: l.offset, partition: l.partition, key: null, headers: l.headers };
  }

  private probe(batch: Batch, ctx: RowContext, onError: (e: unknown, r: StreamRecord) => void): Probed[] {
    if (this.table.version !== this.version) this.forget();
    const probed = new Array<Probed>(batch.length);
    const column = this.leftKeyColumn;
    const keys = column === null ? null : columnsOf(batch)?.column(column);
    if (keys?.kind === 'key') {
      const matches = this.codeMatches(keys.dictionary);
      const { codes, dictionary } = keys;
      for (let i = 0; i < batch.length; i++) {
        const code = codes[i];
        let m = matches[code];
        if (m === undefined) m = matches[code] = this.ofString(dictionary.values[code]);
        probed[i] = m;
      }
      return probed;
    }
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i];
      if (column !== null) {
        // The record path's key of a column: compositeKey([value]) (keys.ts).
        const v = r.fields[column] ?? null;
        probed[i] = typeof v === 'string' ? this.ofString(v) : this.ofKey(compositeKey([v]));
        continue;
      }
      ctx.record = r;
      try {
        probed[i] = this.ofKey(this.leftKey(r, ctx));
      } catch (e) {
        onError(e, r);
      }
    }
    return probed;
  }

  private forget(): void {
    this.version = this.table.version;
    this.byRow.clear();
    this.byString.clear();
    this.byCode = null;
  }

  private codeMatches(dictionary: KeyDictionary): (Match | null)[] {
    if (this.byCode?.dictionary !== dictionary) this.byCode = { dictionary, matches: [] };
    return this.byCode.matches;
  }

  private ofString(key: string): Match | null {
    let m = this.byString.get(key);
    if (m === undefined) {
      if (this.byString.size >= MAX_REMEMBERED_KEYS) this.byString.clear();
      m = this.ofKey(compositeKey([key]));
      this.byString.set(key, m);
    }
    return m;
  }

  private ofKey(key: string): Match | null {
    const row = this.index.get(key);
    if (row === undefined) return null;
    let m = this.byRow.get(row);
    if (m === undefined) {
      m = { row, exact: hasExactly(row.fields, this.rightColumns) };
      this.byRow.set(row, m);
    }
    return m;
  }
}
