/**
 * Columnar batches: the columns an aggregate reads, as typed arrays, from a batch of records.
 *
 *  - the window time of each row (`Float64Array`, epoch ms);
 *  - the GROUP BY value as a dictionary code (`Int32Array`): a String or an integer gets one code
 *    for the query's life, so the per-window group lookup is an array index;
 *  - each numeric argument column as a `Float64Array` of exact integers: an Integer column's
 *    values, or a DECIMAL column's unscaled values at the one scale the column has.
 *
 * A column's kind (Integer, or DECIMAL at scale s) is fixed by its first value. `fill` converts
 * rows while they fit and stops at the first one that does not — a NULL, a Float, a bigint, a
 * decimal at another scale, a key that is neither a String nor an integer, a record with
 * headers — so the caller can hand that row and the rest to the record path, which gives every
 * such value its exact meaning. Strings starting with U+0001 are escaped in the record path's
 * group keys (groups.ts `singleGroupKey`) and −0 joins 0 there, so those keys stop it too.
 */
import type { Batch } from '../../types/record';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import type { ColumnarShape } from '../../plan/columnar';

/** A numeric column's kind before its first value. */
export const UNSET = -1;
/** A column of Integers; any value ≥ 0 is the scale of a DECIMAL column. */
export const INTEGER = -2;

export class NumberColumn {
  kind = UNSET;
  values: Float64Array;
  constructor(
    readonly name: string,
    capacity: number,
  ) {
    this.values = new Float64Array(capacity);
  }
}

/** GROUP BY values ↔ dense codes, first seen first. */
export class Dictionary {
  private readonly codes = new Map<string | number, number>();
  readonly values: Value[] = [];

  codeOf(value: string | number): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  get size(): number {
    return this.values.length;
  }
}

export class ColumnBatch {
  length = 0;
  time: Float64Array;
  codes: Int32Array;
  readonly numbers: NumberColumn[];

  constructor(numberColumns: string[], capacity: number) {
    this.time = new Float64Array(capacity);
    this.codes = new Int32Array(capacity);
    this.numbers = numberColumns.map((name) => new NumberColumn(name, capacity));
  }

  ensureCapacity(n: number): void {
    if (this.time.length >= n) return;
    this.time = new Float64Array(n);
    this.codes = new Int32Array(n);
    for (const c of this.numbers) c.values = new Float64Array(n);
  }
}

/** Converts `batch[from…]` into the columns while rows fit; returns the first row that does not. */
type FillRows = (batch: Batch, from: number, columns: ColumnBatch, dictionary: Dictionary) => number;

/** Fills a reused ColumnBatch from records, for one aggregate's shape. */
export class Columnizer {
  readonly columns: ColumnBatch;
  readonly dictionary = new Dictionary();
  private readonly fillRows: FillRows;

  constructor(shape: ColumnarShape) {
    const numeric = new Set<string>();
    const presence = new Set<string>();
    for (const a of shape.aggregates) for (const c of a.columns) (a.kind === 'count' ? presence : numeric).add(c);
    for (const c of numeric) presence.delete(c);
    this.columns = new ColumnBatch([...numeric], 1024);
    this.fillRows = compileFill(shape, [...numeric], [...presence]);
  }

  /** The column of a numeric argument. */
  column(name: string): NumberColumn {
    return this.columns.numbers.find((c) => c.name === name)!;
  }

  /**
   * Converts `batch[from…]` while its rows fit; returns the index of the first row that does not
   * (`batch.length` when all do). Row `from + j` is at `j` in the columns.
   */
  fill(batch: Batch, from: number): number {
    this.columns.ensureCapacity(batch.length - from);
    const end = this.fillRows(batch, from, this.columns, this.dictionary);
    this.columns.length = end - from;
    return end;
  }
}

/**
 * The row loop of `fill`, generated once per shape so every field is read by its literal name
 * (one inline-cached property load per column instead of a keyed lookup by a variable name).
 * `presence` columns are only checked for NULL (COUNT(col)).
 */
function compileFill(shape: ColumnarShape, numeric: string[], presence: string[]): FillRows {
  const field = (name: string): string => `f[${JSON.stringify(name)}]`;
  const time =
    shape.time === null
      ? 'time[j] = r.eventTime ?? r.timestamp;'
      : `{ const t = ${field(shape.time)};
          if (typeof t === 'number' && Number.isSafeInteger(t)) time[j] = t;
          else if (t instanceof Timestamp || t instanceof SqlDate) time[j] = t.ms;
          else break; }`;
  const numbers = numeric.map(
    (name, c) => `{ const v = ${field(name)}; let x, kind;
        if (v instanceof Scaled) { x = v.unscaled; if (typeof x !== 'number') break; kind = v.scale; }
        else if (typeof v === 'number' && Number.isSafeInteger(v)) { x = v; kind = ${INTEGER}; }
        else break;
        if (kind !== kind${c}) { if (kind${c} !== ${UNSET}) break; kind${c} = numbers[${c}].kind = kind; }
        values${c}[j] = x; }`,
  );
  const body = `
    const { time, codes, numbers } = columns;
    ${numeric.map((_, c) => `const values${c} = numbers[${c}].values; let kind${c} = numbers[${c}].kind;`).join('\n')}
    let i = from;
    for (; i < batch.length; i++) {
      const r = batch[i];
      if (r.headers !== null) break;
      const f = r.fields;
      const j = i - from;
      ${time}
      const k = ${field(shape.key)};
      if (typeof k === 'string') { if (k.charCodeAt(0) === 1) break; }
      else if (typeof k !== 'number' || !Number.isSafeInteger(k) || (k === 0 && 1 / k < 0)) break;
      ${numbers.join('\n')}
      ${presence.map((name) => `if ((${field(name)} ?? null) === null) break;`).join('\n')}
      codes[j] = dictionary.codeOf(k);
    }
    return i;`;
  const make = new Function('Scaled', 'Timestamp', 'SqlDate', `return function fillRows(batch, from, columns, dictionary) {${body}};`);
  return make(Scaled, Timestamp, SqlDate) as FillRows;
}
