/**
 * Typed columns beside a batch's records (issue 15): whoever produces a batch — a decoder, a
 * memory table, a host that loaded its data — may attach them once with `withColumns`, and
 * columnar operators (runtime/columnar/) read the typed arrays instead of every record. The
 * records stay the truth: every other operator reads them, and a column is only given when all
 * of its values have one representation:
 *
 *  - `number`: every value an exact number of one kind — Integers, or DECIMALs at one scale with
 *    an unscaled value below 2^53 — as a `Float64Array` of integers (`type` INTEGER or the scale);
 *  - `key`: every value a String (not starting with U+0001) as codes into a `KeyDictionary`.
 *
 * Any NULL, Float, bigint, mixed kind or other type leaves the column out (`column` → null).
 * Whoever changes or reorders the records of a batch makes a new array (operators do), so the
 * columns of an array always describe its records.
 */
import type { Batch, StreamRecord } from './record';
import { Scaled } from './values/types';

/** `NumberVector.type` of an Integer column; any value ≥ 0 is a DECIMAL scale. */
export const INTEGER_VECTOR = -2;

export interface NumberVector {
  kind: 'number';
  type: number;
  values: Float64Array;
}

export interface KeyVector {
  kind: 'key';
  /** Codes into `dictionary.values`. */
  codes: Int32Array;
  dictionary: KeyDictionary;
}

/**
 * Strings ↔ codes, first seen first. A producer that passes the same dictionary for a column
 * to every batch (`withColumns(batch, dictionaries)`) gives codes that mean the same in all of
 * them, so a reader translates each distinct value once per query instead of once per batch.
 */
export class KeyDictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  has(value: string): boolean {
    return this.index.has(value);
  }

  codeOf(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.index.set(value, code);
      this.values.push(value);
    }
    return code;
  }
}

export interface BatchColumns {
  /** No record of the batch has headers. */
  readonly noHeaders: boolean;
  /** No record of the batch has an event time. */
  readonly noEventTime: boolean;
  /** Per partition, the offset after the batch's last (highest) one: what a commit needs. */
  readonly nextOffsets: ReadonlyMap<number, number>;
  /** Per partition, the offset of its first record in batch order (delivery's held runs). */
  readonly firstOffsets: ReadonlyMap<number, number>;
  /** The column's vector, or null when its values are not all of one representation. */
  column(name: string): NumberVector | KeyVector | null;
  /** Set when the records differ only in their fields and offsets (see `UniformRecords`). */
  readonly uniform?: UniformRecords;
}

/**
 * What every record of a batch has besides its fields: this timestamp, no event time, key or
 * headers, this partition, and offsets `firstOffset`, `firstOffset + 1`, … in batch order. With
 * it and the typed columns, an operator can emit rows of a deferred batch without its records.
 */
export interface UniformRecords {
  readonly timestamp: number;
  readonly partition: number;
  readonly firstOffset: number;
}

const attached = new WeakMap<Batch, BatchColumns>();

/** The columns attached to a batch, if any. */
export function columnsOf(batch: Batch): BatchColumns | undefined {
  return attached.get(batch);
}

/**
 * Attaches typed columns for the fields of the batch's first record; returns the batch. String
 * columns are coded with `dictionaries` (by column name; created there when missing), so pass
 * the same map for every batch of a stream.
 */
export function withColumns(batch: Batch, dictionaries = new Map<string, KeyDictionary>()): Batch {
  if (batch.length === 0) return batch;
  const vectors = new Map<string, NumberVector | KeyVector | null>();
  for (const name of Object.keys(batch[0].fields)) {
    vectors.set(name, numberVector(batch, name) ?? keyVector(batch, name, dictionaries));
  }
  const noHeaders = batch.every((r) => r.headers === null);
  const noEventTime = batch.every((r) => r.eventTime === null);
  const nextOffsets = new Map<number, number>();
  const firstOffsets = new Map<number, number>();
  for (const r of batch) {
    if ((nextOffsets.get(r.partition) ?? -1) <= r.offset) nextOffsets.set(r.partition, r.offset + 1);
    if (!firstOffsets.has(r.partition)) firstOffsets.set(r.partition, r.offset);
  }
  attached.set(batch, { noHeaders, noEventTime, nextOffsets, firstOffsets, column: (name) => vectors.get(name) ?? null });
  return batch;
}

/** How a deferred batch's producer builds its records into the batch array. */
export type BuildRecords = (records: StreamRecord[]) => void;

const deferred = new WeakMap<Batch, BuildRecords>();

/**
 * A batch of `length` records whose producer builds them only when someone reads them
 * (`recordsOf`): until then the array has no elements, and only what reads the attached
 * columns and summaries (a columnar operator, delivery, source health) may take it. A producer
 * hands such batches only to an input it was asked to defer for (api/inputs.ts).
 */
export function deferredBatch(length: number, columns: BatchColumns, build: BuildRecords): Batch {
  const batch = new Array<StreamRecord>(length);
  attached.set(batch, columns);
  deferred.set(batch, build);
  return batch;
}

/** Whether the batch's records are not built yet. */
export function isDeferred(batch: Batch): boolean {
  return deferred.has(batch);
}

/** The batch itself, its records built first (in place, once) when they were deferred. */
export function recordsOf(batch: Batch): Batch {
  const build = deferred.get(batch);
  if (build !== undefined) {
    deferred.delete(batch);
    build(batch);
  }
  return batch;
}

function numberVector(batch: Batch, name: string): NumberVector | null {
  const values = new Float64Array(batch.length);
  let type = NaN;
  for (let i = 0; i < batch.length; i++) {
    const v = batch[i].fields[name];
    let t: number;
    if (v instanceof Scaled && typeof v.unscaled === 'number') {
      t = v.scale;
      values[i] = v.unscaled;
    } else if (typeof v === 'number' && Number.isSafeInteger(v)) {
      t = INTEGER_VECTOR;
      values[i] = v;
    } else return null;
    if (t !== type) {
      if (i > 0) return null;
      type = t;
    }
  }
  return { kind: 'number', type, values };
}

function keyVector(batch: Batch, name: string, dictionaries: Map<string, KeyDictionary>): KeyVector | null {
  if (!batch.every((r) => isKey(r.fields[name]))) return null;
  let dictionary = dictionaries.get(name);
  if (dictionary === undefined) dictionaries.set(name, (dictionary = new KeyDictionary()));
  const codes = new Int32Array(batch.length);
  for (let i = 0; i < batch.length; i++) codes[i] = dictionary.codeOf(batch[i].fields[name] as string);
  return { kind: 'key', codes, dictionary };
}

function isKey(v: unknown): boolean {
  return typeof v === 'string' && v.charCodeAt(0) !== 1;
}
