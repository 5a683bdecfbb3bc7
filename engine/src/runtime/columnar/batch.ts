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
import { columnsOf, INTEGER_VECTOR, recordsOf, type BatchColumns, type KeyDictionary } from '../../types/columns';

/** A numeric column's kind before its first value. */
export const UNSET = -1;
/** A column of Integers; any value ≥ 0 is the scale of a DECIMAL column (as in attached columns). */
export const INTEGER = INTEGER_VECTOR;

export class NumberColumn {
  kind = UNSET;
  /** This batch's values: `own`, or an attached column's array (read only). */
  values: Float64Array;
  own: Float64Array;
  constructor(
    readonly name: string,
    capacity: number,
  ) {
    this.own = this.values = new Float64Array(capacity);
  }
}

/**
 * GROUP BY values ↔ dense codes, first seen first. Strings go through a Map; integers through
 * an open-addressing table over typed arrays (a million integer keys: no Map entries to grow
 * and rehash, and 12–24 bytes each instead of a Map entry's ~40).
 */
export class Dictionary {
  private readonly strings = new Map<string, number>();
  private slotKeys = new Float64Array(1024);
  /** Code + 1 per slot of `slotKeys`; 0 marks an empty slot. */
  private slotCodes = new Int32Array(1024);
  private integers = 0;
  readonly values: Value[] = [];

  codeOf(value: string | number): number {
    if (typeof value === 'number') return this.codeOfInteger(value);
    let code = this.strings.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.strings.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The code of a safe integer (not −0). */
  codeOfInteger(value: number): number {
    const mask = this.slotCodes.length - 1;
    let slot = hashInteger(value) & mask;
    for (;;) {
      const code = this.slotCodes[slot];
      if (code === 0) break;
      if (this.slotKeys[slot] === value) return code - 1;
      slot = (slot + 1) & mask;
    }
    const code = this.values.length;
    this.values.push(value);
    this.slotKeys[slot] = value;
    this.slotCodes[slot] = code + 1;
    if (++this.integers * 2 > this.slotCodes.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const [keys, codes] = [this.slotKeys, this.slotCodes];
    this.slotKeys = new Float64Array(keys.length * 2);
    this.slotCodes = new Int32Array(codes.length * 2);
    const mask = this.slotCodes.length - 1;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] === 0) continue;
      let slot = hashInteger(keys[i]) & mask;
      while (this.slotCodes[slot] !== 0) slot = (slot + 1) & mask;
      this.slotKeys[slot] = keys[i];
      this.slotCodes[slot] = codes[i];
    }
  }

  get size(): number {
    return this.values.length;
  }
}

/** A 32-bit mix of a safe integer's low and high words. */
function hashInteger(x: number): number {
  const low = x | 0;
  const high = (x - low) / 4294967296;
  const h = Math.imul(low ^ Math.imul(high | 0, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}

export class ColumnBatch {
  length = 0;
  /** This batch's window times: `ownTime`, or an attached column's array (read only). */
  time: Float64Array;
  ownTime: Float64Array;
  codes: Int32Array;
  readonly numbers: NumberColumn[];

  constructor(numberColumns: string[], capacity: number) {
    this.ownTime = this.time = new Float64Array(capacity);
    this.codes = new Int32Array(capacity);
    this.numbers = numberColumns.map((name) => new NumberColumn(name, capacity));
  }

  /** Points every column at its own buffers, with room for `n` rows (before filling from records). */
  useOwn(n: number): void {
    if (this.ownTime.length < n) {
      this.ownTime = new Float64Array(n);
      for (const c of this.numbers) c.own = new Float64Array(n);
    }
    if (this.codes.length < n) this.codes = new Int32Array(n);
    this.time = this.ownTime;
    for (const c of this.numbers) c.values = c.own;
  }
}

/** Converts `batch[from…]` into the columns while rows fit; returns the first row that does not. */
type FillRows = (batch: Batch, from: number, columns: ColumnBatch, dictionary: Dictionary) => number;

/** Fills a reused ColumnBatch from records, for one aggregate's shape. */
export class Columnizer {
  readonly columns: ColumnBatch;
  readonly dictionary = new Dictionary();
  private readonly fillRows: FillRows;
  private readonly presence: string[];
  private noTimesBuffer = new Float64Array(0);
  /** The translation of the last key dictionary seen (producers share one per column). */
  private translated: { from: KeyDictionary; codes: number[] } | null = null;

  constructor(private readonly shape: ColumnarShape) {
    const numeric = new Set<string>();
    const presence = new Set<string>();
    for (const a of shape.aggregates) for (const c of a.columns) (a.kind === 'count' ? presence : numeric).add(c);
    for (const c of numeric) presence.delete(c);
    this.columns = new ColumnBatch([...numeric], 1024);
    this.presence = [...presence];
    this.fillRows = compileFill(shape, [...numeric], this.presence);
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
    const attached = from === 0 ? columnsOf(batch) : undefined;
    if (attached !== undefined && this.useAttached(attached, batch.length)) {
      this.columns.length = batch.length;
      return batch.length;
    }
    this.columns.useOwn(batch.length - from);
    const end = this.fillRows(recordsOf(batch), from, this.columns, this.dictionary);
    this.columns.length = end - from;
    return end;
  }

  /** Codes of `dictionary`'s values in this query's dictionary, extended as it grows. */
  private translation(dictionary: KeyDictionary): number[] {
    if (this.translated?.from !== dictionary) this.translated = { from: dictionary, codes: [] };
    const { codes } = this.translated;
    for (let c = codes.length; c < dictionary.values.length; c++) codes.push(this.dictionary.codeOf(dictionary.values[c]));
    return codes;
  }

  /** `n` times of −Infinity: rows without an event time. */
  private noTimes(n: number): Float64Array {
    if (this.noTimesBuffer.length < n) this.noTimesBuffer = new Float64Array(n).fill(-Infinity);
    return this.noTimesBuffer;
  }

  /**
   * Takes a whole batch from its attached columns when they hold every column of the shape at
   * the kinds fixed so far: numbers by reference, String keys by translating their dictionary
   * (one lookup per distinct key, not per row), Integer keys looked up per row. False, changing no kind, when they do not.
   */
  private useAttached(attached: BatchColumns, n: number): boolean {
    const { key, time: timeName, windowed } = this.shape;
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
    const keys = attached.column(key);
    if (keys === null) return false;
    if (keys.kind === 'number' && (keys.type !== INTEGER_VECTOR || keys.values.some((x) => x === 0 && 1 / x < 0))) return false;
    for (const name of this.presence) if (attached.column(name) === null) return false;
    const numbers = this.columns.numbers.map((c) => attached.column(c.name));
    for (let c = 0; c < numbers.length; c++) {
      const v = numbers[c];
      const kind = this.columns.numbers[c].kind;
      if (v?.kind !== 'number' || (kind !== UNSET && kind !== v.type)) return false;
    }
    const out = this.columns;
    if (out.codes.length < n) out.codes = new Int32Array(n);
    const codes = out.codes;
    if (keys.kind === 'key') {
      const translate = this.translation(keys.dictionary);
      for (let j = 0; j < n; j++) codes[j] = translate[keys.codes[j]];
    } else for (let j = 0; j < n; j++) codes[j] = this.dictionary.codeOfInteger(keys.values[j]);
    out.time = time;
    numbers.forEach((v, c) => {
      const column = out.numbers[c];
      if (v?.kind !== 'number') return;
      column.kind = v.type;
      column.values = v.values;
    });
    return true;
  }
}

/**
 * The row loop of `fill`, generated once per shape so every field is read by its literal name
 * (one inline-cached property load per column instead of a keyed lookup by a variable name).
 * `presence` columns are only checked for NULL (COUNT(col)).
 */
function compileFill(shape: ColumnarShape, numeric: string[], presence: string[]): FillRows {
  const field = (name: string): string => `f[${JSON.stringify(name)}]`;
  // Unwindowed, the time is the event time a group's output carries (none: −Infinity).
  const time = !shape.windowed
    ? 'time[j] = r.eventTime ?? -Infinity;'
    : shape.time === null
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
