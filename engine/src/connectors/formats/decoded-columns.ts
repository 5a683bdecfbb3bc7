/**
 * Decoded CSV records kept as columns instead of row objects (issue 15): what the CSV decoder
 * writes when its reader takes typed columns (the file source feeding a columnar operator).
 * Per column, for the records of one decoded chunk, one of
 *
 *  - exact numbers of one kind — Integers, or DECIMALs at one scale with an unscaled value below
 *    2^53 — as a `Float64Array` (`INTEGER_VECTOR` or the scale, as types/columns.ts describes);
 *  - Strings (not starting with U+0001) as codes into the column's `KeyDictionary`, shared by
 *    every chunk of the stream while it holds at most MAX_DICTIONARY values;
 *  - any other mix (a NULL, a Float, a second scale, a bigint, a date…): the values themselves.
 *
 * A column starts with the kind of its first value and becomes values at the first one that does
 * not fit, so `value(c, i)` always gives back exactly the value the decoder typed, and a
 * row built from the columns (`row`) is the row the decoder would have built.
 */
import { INTEGER_VECTOR, KeyDictionary, type KeyVector, type NumberVector } from '../../types/columns';
import { Scaled, type Value } from '../../types/values/types';
import type { Row, RowFactory } from './row-factory';

/** A cell kind the decoder passes: its value is in `values[c]` (not a number it typed in place). */
export const CELL_VALUE = -1;
const INTEGER = INTEGER_VECTOR;
/** A column's kind before its first value, of Strings, of any values. */
const UNSET = -3;
const KEY = -4;
const VALUES = -5;
/** A cell kind the decoder passes: a String, by its code in the column's dictionary (in `unscaled[c]`). */
export const CELL_CODE = -6;
/**
 * Distinct Strings a column's shared dictionary takes: it lives as long as the stream, so a
 * column of (nearly) unique texts stops growing it and keeps its values instead.
 */
export const MAX_DICTIONARY = 1 << 16;

/** The code of String `text` in a column's shared dictionary, or -1 when it is kept as a value instead. */
export function codeOfText(dictionary: KeyDictionary, text: string): number {
  if (text.charCodeAt(0) === 1 || (dictionary.values.length >= MAX_DICTIONARY && !dictionary.has(text))) return -1;
  return dictionary.codeOf(text);
}

class Column {
  kind = UNSET;
  numbers: Float64Array;
  codes: Int32Array | null = null;
  values: Value[] | null = null;

  constructor(
    readonly dictionary: KeyDictionary,
    capacity: number,
  ) {
    this.numbers = new Float64Array(capacity);
  }
}

export class DecodedColumns {
  length = 0;
  /** Counts `reset`s: a reader that saw another generation must not read the columns any more. */
  generation = 0;
  private readonly columns: Column[];
  /** Cell values of the row being built by `row`. */
  private readonly scratch: Value[];

  constructor(
    readonly names: readonly string[],
    private readonly makeRow: RowFactory,
    dictionaries: readonly KeyDictionary[],
    private capacity: number,
  ) {
    this.columns = dictionaries.map((d) => new Column(d, capacity));
    this.scratch = new Array<Value>(names.length).fill(null);
  }

  /** Empties the columns for the next chunk's records, keeping their arrays. */
  reset(): void {
    this.length = 0;
    this.generation++;
    for (const column of this.columns) {
      column.kind = UNSET;
      column.values = null;
    }
  }

  /**
   * Appends one record: cell `c` is the number `unscaled[c]` of kind `kinds[c]` (INTEGER or a
   * scale) typed in place by the decoder, the String of code `unscaled[c]` when `kinds[c]` is
   * CELL_CODE, or, when it is CELL_VALUE, `values[c]`.
   */
  append(values: readonly Value[], unscaled: Float64Array, kinds: Int32Array): void {
    const i = this.length;
    if (i === this.capacity) this.grow();
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      const kind = kinds[c];
      if (kind === column.kind) column.numbers[i] = unscaled[c];
      else if (kind === CELL_CODE) this.codeInto(column, i, unscaled[c]);
      else if (kind !== CELL_VALUE) this.numberInto(column, i, kind, unscaled[c]);
      else this.valueInto(column, i, values[c]);
    }
    this.length = i + 1;
  }

  /** Column `c` of rows `[from, to)` as a typed vector, or null when it holds values. */
  vector(c: number, from: number, to: number): NumberVector | KeyVector | null {
    const column = this.columns[c];
    if (column.kind === KEY) return { kind: 'key', codes: column.codes!.subarray(from, to), dictionary: column.dictionary };
    if (column.kind === INTEGER || column.kind >= 0) return { kind: 'number', type: column.kind, values: column.numbers.subarray(from, to) };
    return null;
  }

  /** The value of column `c` in row `i`, as the decoder typed it. */
  value(c: number, i: number): Value {
    const column = this.columns[c];
    const kind = column.kind;
    if (kind === INTEGER) return column.numbers[i];
    if (kind >= 0) return new Scaled(column.numbers[i], kind);
    if (kind === KEY) return column.dictionary.values[column.codes![i]];
    return column.values![i];
  }

  /** Row `i` as the decoder would have built it. */
  row(i: number): Row {
    const scratch = this.scratch;
    for (let c = 0; c < scratch.length; c++) scratch[c] = this.value(c, i);
    return this.makeRow(scratch);
  }

  private numberInto(column: Column, i: number, kind: number, x: number): void {
    if (column.kind === UNSET) column.kind = kind;
    if (column.kind === kind) column.numbers[i] = x;
    else this.asValues(column, i)[i] = kind === INTEGER ? x : new Scaled(x, kind);
  }

  private valueInto(column: Column, i: number, v: Value): void {
    if (column.kind === VALUES) {
      column.values![i] = v;
      return;
    }
    if (typeof v === 'number' && Number.isSafeInteger(v)) return this.numberInto(column, i, INTEGER, v);
    if (v instanceof Scaled && typeof v.unscaled === 'number') return this.numberInto(column, i, v.scale, v.unscaled);
    const code = typeof v === 'string' && (column.kind === UNSET || column.kind === KEY) ? codeOfText(column.dictionary, v) : -1;
    if (code >= 0) this.codeInto(column, i, code);
    else this.asValues(column, i)[i] = v;
  }

  /** Row `i` is the String of `code` in the column's dictionary. */
  private codeInto(column: Column, i: number, code: number): void {
    if (column.kind === UNSET) {
      column.kind = KEY;
      if (column.codes === null || column.codes.length < this.capacity) column.codes = new Int32Array(this.capacity);
    }
    if (column.kind === KEY) column.codes![i] = code;
    else this.valueInto(column, i, column.dictionary.values[code]);
  }

  /** Turns the column into values (its first `n` rows converted); returns the value array. */
  private asValues(column: Column, n: number): Value[] {
    if (column.kind === VALUES) return column.values!;
    const values = new Array<Value>(this.capacity);
    const c = this.columns.indexOf(column);
    for (let i = 0; i < n; i++) values[i] = this.value(c, i);
    column.kind = VALUES;
    column.values = values;
    return values;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    for (const column of this.columns) {
      const numbers = new Float64Array(capacity);
      numbers.set(column.numbers);
      column.numbers = numbers;
      if (column.codes !== null) {
        const codes = new Int32Array(capacity);
        codes.set(column.codes);
        column.codes = codes;
      }
      if (column.values !== null) column.values.length = capacity;
    }
    this.capacity = capacity;
  }
}
