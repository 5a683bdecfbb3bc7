/**
 * `s [NOT] LIKE pattern` (§5.1): `%` matches any run of characters, `_` exactly one; everything
 * else is literal (the dialect has no ESCAPE clause). Matching is case-sensitive over the whole
 * string. NULL operands make both LIKE and NOT LIKE FALSE (§5.3); the caller handles NOT.
 */
import type { Value } from '../values/types';
import { formatValue } from '../values/format';
import { cachedRegExp } from './regex';

/** The anchored regular expression source equivalent to a LIKE pattern. */
export function likePatternSource(pattern: string): string {
  let source = '^';
  for (const ch of pattern) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return source + '$';
}

/** LIKE on runtime values: FALSE when either side is NULL; non-strings match by their text. */
export function sqlLike(value: Value, pattern: Value): boolean {
  if (value === null || pattern === null) return false;
  const text = typeof value === 'string' ? value : formatValue(value);
  const p = typeof pattern === 'string' ? pattern : formatValue(pattern);
  if (p.indexOf('%') < 0 && p.indexOf('_') < 0) return text === p;
  return cachedRegExp('LIKE', likePatternSource(p), 'su').test(text);
}
