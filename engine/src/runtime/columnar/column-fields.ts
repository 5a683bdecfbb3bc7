/**
 * Output fields built straight from a batch's typed columns (types/columns.ts), for operators
 * that emit rows of a deferred batch without building its records (a lookup join or an OVER
 * with its select list fused in). Each field is a column of the input or a JS expression over
 * the builder's argument `x` (a table row's fields, the OVER calls' values).
 *
 * A column's value is what the record would hold: an Integer column's number, a DECIMAL
 * column's unscaled integer as a `Scaled` at its scale, a String column's dictionary value —
 * exactly what `DecodedColumns.value` gives the row. One object literal is generated per mix of
 * column kinds (a column may be Integers in one chunk and a DECIMAL in the next), so every row
 * of a batch is one allocation with one hidden class.
 */
import { INTEGER_VECTOR, type BatchColumns } from '../../types/columns';
import { Scaled } from '../../types/values/types';
import type { Fields } from '../operators/shape';

/** One output field: the input column it copies, or a JS expression over `x`. */
export type FieldSource = { name: string; column: string } | { name: string; read: string };

/** The fields of row `i` of the batch, `x` being what the `read` expressions use. */
export type RowFields<X> = (i: number, x: X) => Fields;

type MakeRowFields = (scaled: typeof Scaled, vectors: unknown[]) => RowFields<never>;

export class ColumnFields<X> {
  private readonly made = new Map<string, MakeRowFields>();

  /** Field names must not be `__proto__` (a literal would set the prototype). */
  constructor(private readonly fields: readonly FieldSource[]) {}

  /** The builder for the rows of a batch, or null when a column it copies is not a typed vector. */
  forBatch(columns: BatchColumns): RowFields<X> | null {
    const vectors: unknown[] = [];
    let signature = '';
    for (const field of this.fields) {
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
    return make(Scaled, vectors) as RowFields<X>;
  }

  private compile(signature: string): MakeRowFields {
    const bindings: string[] = [];
    const entries: string[] = [];
    let column = 0;
    for (const field of this.fields) {
      let read: string;
      if ('read' in field) read = field.read;
      else {
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
    return new Function('Scaled', 'v', `${declare} return function rowFields(i, x) { return { ${entries.join(', ')} }; };`) as MakeRowFields;
  }
}
