/**
 * Fixed-shape payload objects for operators that copy input fields into a new record (joins,
 * OVER): when the input columns are known, one generated object literal builds every output
 * with one hidden class, instead of copying with `for…in` and computed-key stores. A record is
 * built that way only if it holds exactly the known fields in that order (`hasExactly`), so
 * records with undeclared fields keep the general path and its output.
 */
import type { Value } from '../../types/values/types';

export type Fields = Record<string, Value>;

/** Whether `fields` holds exactly `names`, enumerated in that order. */
export function hasExactly(fields: Fields, names: readonly string[]): boolean {
  let i = 0;
  for (const name in fields) if (name !== names[i++]) return false;
  return i === names.length;
}

/**
 * A function of `params` returning `{ name: read, … }` for each `[name, read]` entry, `read`
 * being a JS expression over the parameters. A repeated name keeps its first position and takes
 * the last value, as successive stores would. Null when a name is `__proto__` (a literal would
 * set the prototype instead).
 */
export function literalBuilder<F extends (...args: never[]) => Fields>(
  params: string[],
  entries: [name: string, read: string][],
): F | null {
  if (entries.some(([name]) => name === '__proto__')) return null;
  const body = entries.map(([name, read]) => `${JSON.stringify(name)}: ${read}`).join(', ');
  return new Function(...params, `return { ${body} };`) as F;
}

/** A JS expression reading field `name` of the object in variable `object`. */
export function fieldRead(object: string, name: string): string {
  return `${object}[${JSON.stringify(name)}]`;
}
