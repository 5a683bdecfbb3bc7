/**
 * Compiled regular expressions for REGEXP, REGEXP_REPLACE and LIKE. Patterns are almost always
 * constants, so a small cache turns per-record compilation into a map lookup.
 */
import { ValueError } from '../values/errors';

const CACHE_LIMIT = 512;
const cache = new Map<string, RegExp>();

/** The RegExp for `source` with `flags`; an invalid pattern is an ARGUMENT_ERROR naming `fn`. */
export function cachedRegExp(fn: string, source: string, flags: string): RegExp {
  const key = flags + '/' + source;
  let re = cache.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(source, flags);
    } catch {
      throw new ValueError('ARGUMENT_ERROR', `${fn}: invalid regular expression ${JSON.stringify(source)}`);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, re);
  }
  re.lastIndex = 0; // global regexes carry state between uses
  return re;
}
