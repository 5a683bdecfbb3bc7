/**
 * Typed columns beside a batch's records (issue 15): whoever produces a batch — a decoder, a
 * memory table, a host that loaded its data — may attach them once with `withColumns`, and
 * columnar operators (runtime/columnar/) read the typed arrays instead of every record. The
 * records stay the truth: every other operator reads them, and a column is only given when all
 * of its values have one representation:
 *
 *  - `number`: every value an exact number of one kind — Integers, or DECIMALs at one scale with
 *    an unscaled value below 2^53 — as a `Float64Array` of integers (`type` INTEGER or the scale);
 *  - `key`: every value a String (not starting with U+0001) as dictionary codes into `values`.
 *
 * Any NULL, Float, bigint, mixed kind or other type leaves the column out (`column` → null).
 * Whoever changes or reorders the records of a batch makes a new array (operators do), so the
 * columns of an array always describe its records.
 */
import type { Batch } from './record';
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
  codes: Int32Array;
  values: string[];
}

export interface BatchColumns {
  /** No record of the batch has headers. */
  readonly noHeaders: boolean;
  /** No record of the batch has an event time. */
  readonly noEventTime: boolean;
  /** The column's vector, or null when its values are not all of one representation. */
  column(name: string): NumberVector | KeyVector | null;
}

const attached = new WeakMap<Batch, BatchColumns>();

/** The columns attached to a batch, if any. */
export function columnsOf(batch: Batch): BatchColumns | undefined {
  return attached.get(batch);
}

/** Attaches typed columns for the fields of the batch's first record; returns the batch. */
export function withColumns(batch: Batch): Batch {
  if (batch.length === 0) return batch;
  const vectors = new Map<string, NumberVector | KeyVector | null>();
  for (const name of Object.keys(batch[0].fields)) vectors.set(name, numberVector(batch, name) ?? keyVector(batch, name));
  const noHeaders = batch.every((r) => r.headers === null);
  const noEventTime = batch.every((r) => r.eventTime === null);
  attached.set(batch, { noHeaders, noEventTime, column: (name) => vectors.get(name) ?? null });
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

function keyVector(batch: Batch, name: string): KeyVector | null {
  const codes = new Int32Array(batch.length);
  const index = new Map<string, number>();
  const values: string[] = [];
  for (let i = 0; i < batch.length; i++) {
    const v = batch[i].fields[name];
    if (typeof v !== 'string' || v.charCodeAt(0) === 1) return null;
    let code = index.get(v);
    if (code === undefined) {
      code = values.length;
      index.set(v, code);
      values.push(v);
    }
    codes[i] = code;
  }
  return { kind: 'key', codes, values };
}
