/**
 * Output fields built straight from a batch's typed columns (types/columns.ts), for operators
 * that emit rows of a deferred batch without building its records (a lookup join, an OVER or
 * a Scan with its select list fused in). Each field is a column of the input, the product of two
 * numeric columns (exactly as the record path's `*`), or a JS expression over the builder's
 * argument `x` (a table row's fields, the OVER calls' values).
 *
 * A column's value is what the record would hold: an Integer column's number, a DECIMAL
 * column's unscaled integer as a `Scaled` at its scale, a String column's dictionary value —
 * exactly what `DecodedColumns.value` gives the row. One object literal is generated per mix of
 * column kinds (a column may be Integers in one chunk and a DECIMAL in the next), so every row
 * of a batch is one allocation with one hidden class.
 */
import { INTEGER_VECTOR, type BatchColumns } from '../../types/columns';
import { Scaled } from '../../types/values/types';
import { multiply } from '../../types/values/arith';
import { mulUnscaled } from '../../types/values/decimal';
import type { Fields } from '../operators/shape';

/** One output field: the input column it copies, the product of two, or a JS expression over `x`. */
export type FieldSource = { name: string; column: string } | { name: string; product: readonly [string, string] } | { name: string; read: string };

/** The fields of row `i` of the batch, `x` being what the `read` expressions use. */
export type RowFields<X> = (i: number, x: X) => Fields;

type MakeRowFields = (scaled: typeof Scaled, multiply: unknown, mulUnscaled: unknown, vectors: unknown[]) => RowFields<never>;

export class ColumnFields<X> {
  private readonly made = new Map<string, MakeRowFields>();

  /** Field names must not be `__proto__` (a literal would set the prototype). */
  constructor(private readonly fields: readonly FieldSource[]) {}

  /** The builder for the rows of a batch, or null when a column it copies is not a typed vector. */
  forBatch(columns: BatchColumns): RowFields<X> | null {
    const vectors: unknown[] = [];
    let signature = '';
    for (const field of this.fields) {
      if ('product' in field) {
        // A factor that is not a number (a String, NULL, a mix) gets the record path's own answer.
        for (const factor of field.product) {
          const vector = columns.column(factor);
          if (vector === null || vector.kind === 'key') return null;
          signature += vector.type === INTEGER_VECTOR ? 'i' : 's';
          vectors.push(vector.values, vector.type === INTEGER_VECTOR ? 0 : vector.type);
        }
        continue;
      }
      if (!('column' in field)) continue;
      const vector = columns.column(field.column);
      if (vector === null) return null;
      if (vector.kind === 'key') {
        signature += 'k';
        vectors.push(vector.codes, vector.dictionary.values);
      } else if (vector.type === INTEGER_VECTOR) {
        signature += 'i';
        vectors.push(vector.values);
      } else {
        signature += 's';
        vectors.push(vector.values, vector.type);
      }
    }
    let make = this.made.get(signature);
    if (make === undefined) this.made.set(signature, (make = this.compile(signature)));
    return make(Scaled, multiply, mulUnscaled, vectors) as RowFields<X>;
  }

  private compile(signature: string): MakeRowFields {
    const bindings: string[] = [];
    const entries: string[] = [];
    let column = 0;
    for (const field of this.fields) {
      let read: string;
      if ('read' in field) read = field.read;
      else if ('product' in field) {
        const [a, b] = [`c${column}`, `c${column + 1}`];
        const integers = signature[column] === 'i' && signature[column + 1] === 'i';
        column += 2;
        const at = bindings.length;
        bindings.push(`${a} = v[${at}]`, `${a}s = v[${at + 1}]`, `${b} = v[${at + 2}]`, `${b}s = v[${at + 3}]`);
        // As arith.ts multiplies an Integer by an Integer, or a DECIMAL by a DECIMAL or an Integer (scales add up).
        read = integers ? `multiply(${a}[i], ${b}[i])` : `new Scaled(mulUnscaled(${a}[i], ${b}[i]), ${a}s + ${b}s)`;
      } else {
        const c = `c${column}`;
        const kind = signature[column++];
        const at = bindings.length;
        if (kind === 'k') {
          bindings.push(`${c} = v[${at}]`, `${c}d = v[${at + 1}]`);
          read = `${c}d[${c}[i]]`;
        } else if (kind === 'i') {
          bindings.push(`${c} = v[${at}]`);
          read = `${c}[i]`;
        } else {
          bindings.push(`${c} = v[${at}]`, `${c}s = v[${at + 1}]`);
          read = `new Scaled(${c}[i], ${c}s)`;
        }
      }
      entries.push(`${JSON.stringify(field.name)}: ${read}`);
    }
    const declare = bindings.length === 0 ? '' : `const ${bindings.join(', ')};`;
    return new Function('Scaled', 'multiply', 'mulUnscaled', 'v', `${declare} return function rowFields(i, x) { return { ${entries.join(', ')} }; };`) as MakeRowFields;
  }
}
