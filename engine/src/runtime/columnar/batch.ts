/**
 * Columnar batches: the columns an aggregate reads, as typed arrays, from a batch of records.
 *
 *  - the window time of each row (`Float64Array`, epoch ms);
 *  - the GROUP BY values as one code (`Int32Array`, group-keys.ts): a String, an integer or NULL
 *    — or a combination of them for several GROUP BY columns — gets one code for the query's
 *    life, so the per-window group lookup is an array index;
 *  - each numeric argument column as a `Float64Array` of exact integers: an Integer column's
 *    values, or a DECIMAL column's unscaled values at the one scale the column has, with a
 *    validity array (`Uint8Array`, 1 where the value is NULL) so NULLs stay columnar.
 *
 * A GROUP BY expression or aggregate argument that is not a plain column is a computed column:
 * its compiled expression is evaluated on each row and the value held like a field's.
 *
 * A column's kind (Integer, or DECIMAL at scale s) is fixed by its first non-NULL value. `fill`
 * converts rows while they fit and stops at the first one that does not — a Float, a bigint, a
 * NULL in a column only COUNT(col) reads or in the time, a decimal at another scale, a key that
 * is neither NULL, a String nor an integer, a record with headers, an expression that raises —
 * so the caller can hand that row and the rest to the record path, which gives every
 * such value its exact meaning. Strings starting with U+0001 are escaped in the record path's
 * group keys (groups.ts `singleGroupKey`) and −0 joins 0 there, so those keys stop it too.
 */
import type { Batch } from '../../types/record';
import { Scaled, SqlDate, Timestamp } from '../../types/values/types';
import type { ColumnarShape } from '../../plan/columnar';
import { compileExpr, type CompiledExpr } from '../compile';
import type { RowContext } from '../context';
import { newContext, type OperatorEnv } from '../operators/operator';
import { columnsOf, INTEGER_VECTOR, recordsOf, type BatchColumns, type KeyVector, type NumberVector } from '../../types/columns';
import { KeyTranslation } from './dictionary';
import { GroupKeys } from './group-keys';

/** A numeric column's kind before its first value. */
export const UNSET = -1;
/** A column of Integers; any value ≥ 0 is the scale of a DECIMAL column (as in attached columns). */
export const INTEGER = INTEGER_VECTOR;

export class NumberColumn {
  kind = UNSET;
  /** This batch's values: `own`, or an attached column's array (read only); 0 where NULL. */
  values: Float64Array;
  own: Float64Array;
  /** The validity of this batch's rows: 1 where the value is NULL (`ownNulls`, or all zeros for an attached column). */
  isNull: Uint8Array;
  ownNulls: Uint8Array;
  constructor(
    readonly name: string,
    capacity: number,
  ) {
    this.own = this.values = new Float64Array(capacity);
    this.ownNulls = this.isNull = new Uint8Array(capacity);
  }
}

export class ColumnBatch {
  length = 0;
  /** This batch's window times: `ownTime`, or an attached column's array (read only). */
  time: Float64Array;
  ownTime: Float64Array;
  codes: Int32Array;
  readonly numbers: NumberColumn[];
  private zeros = new Uint8Array(0);

  constructor(numberColumns: string[], capacity: number) {
    this.ownTime = this.time = new Float64Array(capacity);
    this.codes = new Int32Array(capacity);
    this.numbers = numberColumns.map((name) => new NumberColumn(name, capacity));
  }

  /** Points every column at its own buffers, with room for `n` rows (before filling from records). */
  useOwn(n: number): void {
    if (this.ownTime.length < n) {
      this.ownTime = new Float64Array(n);
      for (const c of this.numbers) {
        c.own = new Float64Array(n);
        c.ownNulls = new Uint8Array(n);
      }
    }
    if (this.codes.length < n) this.codes = new Int32Array(n);
    this.time = this.ownTime;
    for (const c of this.numbers) {
      c.values = c.own;
      c.isNull = c.ownNulls;
    }
  }

  /** `n` rows of "not NULL", for attached columns (which hold no NULLs). */
  noNulls(n: number): Uint8Array {
    if (this.zeros.length < n) this.zeros = new Uint8Array(n);
    return this.zeros;
  }
}

/** Converts `batch[from…]` into the columns while rows fit; returns the first row that does not. */
type FillRows = (batch: Batch, from: number, columns: ColumnBatch, keys: GroupKeys) => number;

/** What a fill evaluates a computed column (plan/columnar.ts `computed`) with. */
interface Computed {
  evaluate: CompiledExpr[];
  ctx: RowContext;
}

/** Fills a reused ColumnBatch from records, for one aggregate's shape. */
export class Columnizer {
  readonly columns: ColumnBatch;
  readonly keys: GroupKeys;
  private readonly fillRows: FillRows;
  private readonly presence: string[];
  private noTimesBuffer = new Float64Array(0);
  /** One per GROUP BY column: a producer's key codes → the column's codes. */
  private readonly translations: KeyTranslation[];
  /** Per GROUP BY column after the first, its codes of the batch being taken (then folded into `columns.codes`). */
  private moreCodes: Int32Array[];

  constructor(
    private readonly shape: ColumnarShape,
    env: OperatorEnv,
  ) {
    this.keys = new GroupKeys(shape.keys.length);
    this.translations = this.keys.columns.map((d) => new KeyTranslation(d));
    this.moreCodes = shape.keys.slice(1).map(() => new Int32Array(0));
    const numeric = new Set<string>();
    const presence = new Set<string>();
    const computedNames = new Set(shape.computed.map((c) => c.name));
    // A computed COUNT argument is a number column (its NULLs in the validity), so NULLs stay columnar.
    for (const a of shape.aggregates) for (const c of a.columns) (a.kind === 'count' && !computedNames.has(c) ? presence : numeric).add(c);
    for (const c of numeric) presence.delete(c);
    this.columns = new ColumnBatch([...numeric], 1024);
    this.presence = [...presence];
    const computed = { evaluate: shape.computed.map((c) => compileExpr(c.expr, env.compile)), ctx: newContext(env) };
    this.fillRows = compileFill(shape, [...numeric], this.presence, computed);
  }

  /** The column of a numeric argument; null for a column only COUNT(col) reads (its NULLs stop `fill`). */
  column(name: string): NumberColumn | null {
    return this.columns.numbers.find((c) => c.name === name) ?? null;
  }

  /**
   * Converts `batch[from…]` while its rows fit; returns the index of the first row that does not
   * (`batch.length` when all do). Row `from + j` is at `j` in the columns.
   */
  fill(batch: Batch, from: number): number {
    // Computed columns are evaluated on records, never taken from a producer's columns.
    const attached = from === 0 && this.shape.computed.length === 0 ? columnsOf(batch) : undefined;
    if (attached !== undefined && this.useAttached(attached, batch.length)) {
      this.columns.length = batch.length;
      return batch.length;
    }
    this.columns.useOwn(batch.length - from);
    const end = this.fillRows(recordsOf(batch), from, this.columns, this.keys);
    this.columns.length = end - from;
    return end;
  }

  /** GROUP BY column `i`'s codes of rows `[0, n)` of its attached column, into `codes`. */
  private keyCodes(column: NumberVector | KeyVector, i: number, codes: Int32Array, n: number): void {
    const dictionary = this.keys.columns[i];
    if (column.kind === 'key') {
      const translate = this.translations[i].codesOf(column.dictionary);
      for (let j = 0; j < n; j++) codes[j] = translate[column.codes[j]];
    } else for (let j = 0; j < n; j++) codes[j] = dictionary.codeOfInteger(column.values[j]);
  }

  /** `n` times of −Infinity: rows without an event time. */
  private noTimes(n: number): Float64Array {
    if (this.noTimesBuffer.length < n) this.noTimesBuffer = new Float64Array(n).fill(-Infinity);
    return this.noTimesBuffer;
  }

  /**
   * Takes a whole batch from its attached columns when they hold every column of the shape at
   * the kinds fixed so far: numbers by reference, String keys by translating their dictionary
   * (one lookup per distinct key, not per row), Integer keys looked up per row, several GROUP BY
   * columns folded into one code per row. False, changing no kind, when they do not.
   */
  private useAttached(attached: BatchColumns, n: number): boolean {
    const { time: timeName, windowed } = this.shape;
    if (!attached.noHeaders) return false;
    let time: Float64Array;
    if (!windowed) {
      if (!attached.noEventTime) return false;
      time = this.noTimes(n);
    } else {
      const column = timeName === null ? null : attached.column(timeName);
      if (column?.kind !== 'number' || column.type !== INTEGER_VECTOR) return false;
      time = column.values;
    }
    const keys: (NumberVector | KeyVector)[] = [];
    for (const name of this.shape.keys) {
      const column = attached.column(name);
      if (column === null) return false;
      if (column.kind === 'number' && (column.type !== INTEGER_VECTOR || column.values.some((x) => x === 0 && 1 / x < 0))) return false;
      keys.push(column);
    }
    for (const name of this.presence) if (attached.column(name) === null) return false;
    const numbers = this.columns.numbers.map((c) => attached.column(c.name));
    for (let c = 0; c < numbers.length; c++) {
      const v = numbers[c];
      const kind = this.columns.numbers[c].kind;
      if (v?.kind !== 'number' || (kind !== UNSET && kind !== v.type)) return false;
    }
    const out = this.columns;
    if (out.codes.length < n) out.codes = new Int32Array(n);
    if (keys.length === 0) out.codes.fill(0, 0, n);
    else this.keyCodes(keys[0], 0, out.codes, n);
    if (keys.length > 1) {
      for (let i = 1; i < keys.length; i++) {
        if (this.moreCodes[i - 1].length < n) this.moreCodes[i - 1] = new Int32Array(n);
        this.keyCodes(keys[i], i, this.moreCodes[i - 1], n);
      }
      if (!this.keys.foldRows(out.codes, this.moreCodes, n)) return false;
    }
    out.time = time;
    numbers.forEach((v, c) => {
      const column = out.numbers[c];
      if (v?.kind !== 'number') return;
      column.kind = v.type;
      column.values = v.values;
      column.isNull = out.noNulls(n);
    });
    return true;
  }
}

/**
 * The row loop of `fill`, generated once per shape so every field is read by its literal name
 * (one inline-cached property load per column instead of a keyed lookup by a variable name).
 * `presence` columns are only checked for NULL (COUNT(col)).
 */
function compileFill(shape: ColumnarShape, numeric: string[], presence: string[], computed: Computed): FillRows {
  const computedIndex = new Map(shape.computed.map((c, i) => [c.name, i]));
  // A payload field by its literal name, or a computed column's expression on the row (ctx.record is the row).
  const field = (name: string): string => {
    const i = computedIndex.get(name);
    return i === undefined ? `f[${JSON.stringify(name)}]` : `evaluate[${i}](r, ctx)`;
  };
  // Unwindowed, the time is the event time a group's output carries (none: −Infinity).
  const time = !shape.windowed
    ? 'time[j] = r.eventTime ?? -Infinity;'
    : shape.time === null
      ? 'time[j] = r.eventTime ?? r.timestamp;'
      : `{ const t = ${field(shape.time)};
          if (typeof t === 'number' && Number.isSafeInteger(t)) time[j] = t;
          else if (t instanceof Timestamp || t instanceof SqlDate) time[j] = t.ms;
          else break; }`;
  // A NULL (or missing field) is flagged in the column's validity and stored as 0.
  const numbers = numeric.map(
    (name, c) => `{ const v = ${field(name)};
        if (v === null || v === undefined) { isNull${c}[j] = 1; values${c}[j] = 0; }
        else {
          let x, kind;
          if (v instanceof Scaled) { x = v.unscaled; if (typeof x !== 'number') break; kind = v.scale; }
          else if (typeof v === 'number' && Number.isSafeInteger(v)) { x = v; kind = ${INTEGER}; }
          else break;
          if (kind !== kind${c}) { if (kind${c} !== ${UNSET}) break; kind${c} = numbers[${c}].kind = kind; }
          values${c}[j] = x; isNull${c}[j] = 0;
        } }`,
  );
  // A missing key field reads as NULL; a String starting with U+0001 or −0 is left to the record path.
  const keyChecks = shape.keys.map(
    (name, i) => `const k${i} = ${field(name)} ?? null;
      if (typeof k${i} === 'string') { if (k${i}.charCodeAt(0) === 1) break; }
      else if (k${i} !== null && (typeof k${i} !== 'number' || !Number.isSafeInteger(k${i}) || (k${i} === 0 && 1 / k${i} < 0))) break;`,
  );
  // Several GROUP BY columns: their codes folded left to right; a new combination keeps its values.
  const folds = shape.keys.slice(1).map((_, i) => `code = keys.fold(${i}, code, d${i + 1}.codeOf(k${i + 1})); if (code < 0) break;`);
  const code = shape.keys.length === 0 ? 'const code = 0;' : `let code = d0.codeOf(k0); ${folds.join(' ')}
      ${folds.length > 0 ? `if (code === keys.size) keys.addTuple([${shape.keys.map((_, i) => `k${i}`).join(', ')}]);` : ''}`;
  const body = `
    const { time, codes, numbers } = columns;
    ${shape.keys.map((_, i) => `const d${i} = keys.columns[${i}];`).join(' ')}
    ${numeric.map((_, c) => `const values${c} = numbers[${c}].values; const isNull${c} = numbers[${c}].isNull; let kind${c} = numbers[${c}].kind;`).join('\n')}
    let i = from;
    ${computedIndex.size > 0 ? 'try {' : ''}
    for (; i < batch.length; i++) {
      const r = batch[i];
      if (r.headers !== null) break;
      const f = r.fields;
      const j = i - from;
      ${computedIndex.size > 0 ? 'ctx.record = r;' : ''}
      ${time}
      ${keyChecks.join('\n')}
      ${numbers.join('\n')}
      ${presence.map((name) => `if ((${field(name)} ?? null) === null) break;`).join('\n')}
      ${code}
      codes[j] = code;
    }
    ${
      // An expression that raises stops the fill at its row (not taken): the record path evaluates it again and reports it.
      computedIndex.size > 0 ? '} catch {}' : ''
    }
    return i;`;
  const make = new Function('Scaled', 'Timestamp', 'SqlDate', 'evaluate', 'ctx', `return function fillRows(batch, from, columns, keys) {${body}};`);
  return make(Scaled, Timestamp, SqlDate, computed.evaluate, computed.ctx) as FillRows;
}
