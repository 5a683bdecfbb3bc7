/**
 * Builds decoded rows with one fixed shape per header. A function generated once per column list
 * returns an object literal with the columns in header order, so every row of a file shares one
 * hidden class and is allocated in a single step (assigning computed keys one by one walks the
 * shape transitions for every row).
 */
import type { Value } from '../../types/values/types';

export type Row = Record<string, Value>;

/** Makes a row from the cell values of one record, `values[i]` being column `names[i]`. */
export type RowFactory = (values: readonly Value[]) => Row;

export function rowFactory(names: readonly string[]): RowFactory {
  // `__proto__` in a literal (and twice, a syntax error) is special; such headers keep the loop.
  if (names.includes('__proto__')) return (values) => assignInOrder(names, values);
  const properties = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`);
  return new Function('values', `return { ${properties.join(', ')} };`) as RowFactory;
}

function assignInOrder(names: readonly string[], values: readonly Value[]): Row {
  const row: Row = {};
  for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
  return row;
}
