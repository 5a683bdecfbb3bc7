/**
 * Columnar batches: the columns an aggregate reads, as typed arrays, from a batch of records.
 *
 *  - the window time of each row (`Float64Array`, epoch ms);
 *  - the GROUP BY value as a dictionary code (`Int32Array`): a String, an integer or NULL gets one code
 *    for the query's life, so the per-window group lookup is an array index;
 *  - each numeric argument column as a `Float64Array` of exact integers: an Integer column's
 *    values, or a DECIMAL column's unscaled values at the one scale the column has, with a
 *    validity array (`Uint8Array`, 1 where the value is NULL) so NULLs stay columnar.
 *
 * A column's kind (Integer, or DECIMAL at scale s) is fixed by its first non-NULL value. `fill`
 * converts rows while they fit and stops at the first one that does not — a Float, a bigint, a
 * NULL in a column only COUNT(col) reads or in the time, a decimal at another scale, a key that is neither NULL, a String nor an integer, a record with
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

/**
 * GROUP BY values ↔ dense codes, first seen first. Strings go through a Map; integers through
 * typed arrays: a small non-negative integer (ids, account numbers) indexes a direct table —
 * one array read per row, no hashing, 4–8 bytes per key — and any other integer goes through an
 * open-addressing table (a million integer keys: no Map entries to grow and rehash, and 12–24
 * bytes each instead of a Map entry's ~40).
 */
export class Dictionary {
  private readonly strings = new Map<string, number>();
  /** Code + 1 per integer `i` at index `i` (0: not there); grown while the keys stay dense. */
  private direct = new Int32Array(1024);
  private slotKeys = new Float64Array(1024);
  /** Code + 1 per slot of `slotKeys`; 0 marks an empty slot. */
  private slotCodes = new Int32Array(1024);
  /** Integer keys in the open-addressing table. */
  private hashed = 0;
  /** The code of NULL, once met: NULL keys form one group, as GROUP BY has them. */
  private nullCode = -1;
  readonly values: Value[] = [];

  codeOf(value: string | number | null): number {
    if (value === null) return this.codeOfNull();
    if (typeof value === 'number') return this.codeOfInteger(value);
    let code = this.strings.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.strings.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  codeOfNull(): number {
    if (this.nullCode < 0) {
      this.nullCode = this.values.length;
      this.values.push(null);
    }
    return this.nullCode;
  }

  /** The code of a safe integer (not −0). */
  codeOfInteger(value: number): number {
    const direct = this.direct;
    if (value >= 0 && value < direct.length) {
      const code = direct[value];
      if (code !== 0) return code - 1;
    }
    // A key may sit in the open-addressing table though the direct table has grown to cover it since.
    const mask = this.slotCodes.length - 1;
    let slot = hashInteger(value) & mask;
    if (this.hashed > 0) {
      for (;;) {
        const code = this.slotCodes[slot];
        if (code === 0) break;
        if (this.slotKeys[slot] === value) return code - 1;
        slot = (slot + 1) & mask;
      }
    }
    const code = this.values.length;
    this.values.push(value);
    if (value >= 0 && this.reachesDirectly(value)) {
      this.direct[value] = code + 1;
      return code;
    }
    while (this.slotCodes[slot] !== 0) slot = (slot + 1) & mask;
    this.slotKeys[slot] = value;
    this.slotCodes[slot] = code + 1;
    if (++this.hashed * 2 > this.slotCodes.length) this.rehash();
    return code;
  }

  /**
   * Whether the non-negative integer `value` gets a direct-table entry, growing the table to
   * reach it while its length stays within 8 entries per key seen (so sparse keys cost no more
   * than the open-addressing table would).
   */
  private reachesDirectly(value: number): boolean {
    if (value < this.direct.length) return true;
    let length = this.direct.length * 2;
    while (length <= value) length *= 2;
    if (length > 8 * this.values.length) return false;
    const bigger = new Int32Array(length);
    bigger.set(this.direct);
    this.direct = bigger;
    return true;
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

/**
 * A producer's `KeyDictionary` codes → a query's `Dictionary` codes, for the last producer
 * dictionary seen (producers share one per column): one lookup per distinct key, extended as
 * the producer's dictionary grows.
 */
export class KeyTranslation {
  private from: KeyDictionary | null = null;
  private codes: number[] = [];

  constructor(private readonly dictionary: Dictionary) {}

  codesOf(from: KeyDictionary): number[] {
    if (this.from !== from) [this.from, this.codes] = [from, []];
    const codes = this.codes;
    for (let c = codes.length; c < from.values.length; c++) codes.push(this.dictionary.codeOf(from.values[c]));
    return codes;
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
type FillRows = (batch: Batch, from: number, columns: ColumnBatch, dictionary: Dictionary) => number;

/** Fills a reused ColumnBatch from records, for one aggregate's shape. */
export class Columnizer {
  readonly columns: ColumnBatch;
  readonly dictionary = new Dictionary();
  private readonly fillRows: FillRows;
  private readonly presence: string[];
  private noTimesBuffer = new Float64Array(0);
  private readonly translation = new KeyTranslation(this.dictionary);

  constructor(private readonly shape: ColumnarShape) {
    const numeric = new Set<string>();
    const presence = new Set<string>();
    for (const a of shape.aggregates) for (const c of a.columns) (a.kind === 'count' ? presence : numeric).add(c);
    for (const c of numeric) presence.delete(c);
    this.columns = new ColumnBatch([...numeric], 1024);
    this.presence = [...presence];
    this.fillRows = compileFill(shape, [...numeric], this.presence);
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
      const translate = this.translation.codesOf(keys.dictionary);
      for (let j = 0; j < n; j++) codes[j] = translate[keys.codes[j]];
    } else for (let j = 0; j < n; j++) codes[j] = this.dictionary.codeOfInteger(keys.values[j]);
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
  const body = `
    const { time, codes, numbers } = columns;
    ${numeric.map((_, c) => `const values${c} = numbers[${c}].values; const isNull${c} = numbers[${c}].isNull; let kind${c} = numbers[${c}].kind;`).join('\n')}
    let i = from;
    for (; i < batch.length; i++) {
      const r = batch[i];
      if (r.headers !== null) break;
      const f = r.fields;
      const j = i - from;
      ${time}
      const k = ${field(shape.key)} ?? null; // a missing field reads as NULL
      if (typeof k === 'string') { if (k.charCodeAt(0) === 1) break; }
      else if (k !== null && (typeof k !== 'number' || !Number.isSafeInteger(k) || (k === 0 && 1 / k < 0))) break;
      ${numbers.join('\n')}
      ${presence.map((name) => `if ((${field(name)} ?? null) === null) break;`).join('\n')}
      codes[j] = dictionary.codeOf(k);
    }
    return i;`;
  const make = new Function('Scaled', 'Timestamp', 'SqlDate', `return function fillRows(batch, from, columns, dictionary) {${body}};`);
  return make(Scaled, Timestamp, SqlDate) as FillRows;
}
