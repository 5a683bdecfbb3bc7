/** String functions (dialect spec §11.3). Positions and lengths count characters (code points). */
import type { Value } from '../values/types';
import { formatValue } from '../values/format';
import { argumentError, intArg, stringArg } from './args';
import { scalar } from './define';
import { cachedRegExp } from './regex';
import type { ScalarFunction } from './types';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Characters of `s` as code points; the common all-BMP case needs no array. */
function characters(s: string): string | string[] {
  return SURROGATE.test(s) ? Array.from(s) : s;
}

function charLength(s: string): number {
  return characters(s).length;
}

/** Characters [start, end) of `s` (0-based, clamped). */
function charSlice(s: string, start: number, end?: number): string {
  const chars = characters(s);
  return typeof chars === 'string' ? chars.slice(start, end) : chars.slice(start, end).join('');
}

function text(v: Value): string {
  return typeof v === 'string' ? v : formatValue(v);
}

/** Pads `s` to `n` characters with repetitions of `pad`; a longer `s` keeps its first n characters. */
function pad(fn: string, args: Value[], left: boolean): string {
  const s = stringArg(fn, args[0]);
  const n = Math.max(0, intArg(fn, args[1]));
  const filler = args.length > 2 ? stringArg(fn, args[2]) : ' ';
  const length = charLength(s);
  if (length >= n) return charSlice(s, 0, n);
  if (filler === '') return s;
  const fill = filler.repeat(Math.ceil((n - length) / charLength(filler)));
  const padding = charSlice(fill, 0, n - length);
  return left ? padding + s : s + padding;
}

/** Rust-style `${1}` / `${name}` references in a replacement become JS `$1` / `$<name>`. */
function jsReplacement(replacement: string): string {
  return replacement.replace(/\$\{(\d+)\}/g, '$$$1').replace(/\$\{([A-Za-z_]\w*)\}/g, '$$<$1>');
}

const unary = (name: string, doc: string, f: (s: string) => Value, aliases: string[] = []): ScalarFunction =>
  scalar({
    name, aliases, min: 1, signature: `${name}(s)`, doc, returns: name === 'LENGTH' ? 'integer' : 'string',
    call: ([s]) => f(stringArg(name, s)),
  });

/**
 * TRIM/LTRIM/RTRIM(s[, chars]): without `chars`, whitespace; with it, any of its characters
 * (⊕X34 `TRIM(BOTH|LEADING|TRAILING chars FROM s)` is planned as these).
 */
function trim(name: string, where: string, start: boolean, end: boolean): ScalarFunction {
  return scalar({
    name, min: 1, max: 2, signature: `${name}(s[, chars])`, returns: 'string',
    doc: `Removes ${where} whitespace, or ${where} characters of \`chars\` when given.`,
    call: ([value, chars]) => {
      const s = stringArg(name, value);
      if (chars === undefined) return start && end ? s.trim() : start ? s.trimStart() : s.trimEnd();
      const set = new Set(Array.from(stringArg(name, chars)));
      const cs = Array.from(s);
      let from = 0;
      let to = cs.length;
      while (start && from < to && set.has(cs[from])) from++;
      while (end && to > from && set.has(cs[to - 1])) to--;
      return cs.slice(from, to).join('');
    },
  });
}

export const stringFunctions: ScalarFunction[] = [
  unary('UPPER', 'Upper-case text.', (s) => s.toUpperCase()),
  unary('LOWER', 'Lower-case text.', (s) => s.toLowerCase()),
  trim('TRIM', 'leading and trailing', true, true),
  trim('LTRIM', 'leading', true, false),
  trim('RTRIM', 'trailing', false, true),
  unary('LENGTH', 'Number of characters.', charLength, ['LEN']),
  scalar({
    name: 'CONCAT', min: 1, max: Infinity, signature: 'CONCAT(a, b, …)', strict: false,
    doc: 'Concatenates the arguments as text; NULL arguments are skipped.', returns: 'string',
    example: "CONCAT('a', NULL, 1.50) → 'a1.50'",
    call: (args) => {
      let out = '';
      for (const a of args) if (a !== null) out += text(a);
      return out;
    },
  }),
  scalar({
    name: 'SUBSTRING', min: 2, max: 3, signature: 'SUBSTRING(s, start[, length])',
    doc: 'Characters from the 1-based position `start`, at most `length` of them.', returns: 'string',
    example: "SUBSTRING('streaming', 3, 4) → 'ream'",
    call: (args) => {
      const s = stringArg('SUBSTRING', args[0]);
      const from = Math.max(0, intArg('SUBSTRING', args[1]) - 1);
      if (args.length < 3) return charSlice(s, from);
      return charSlice(s, from, from + Math.max(0, intArg('SUBSTRING', args[2])));
    },
  }),
  scalar({
    name: 'REPLACE', min: 3, signature: 'REPLACE(s, from, to)', doc: 'Replaces every occurrence of `from` with `to`.',
    returns: 'string',
    call: ([s, from, to]) => stringArg('REPLACE', s).replaceAll(stringArg('REPLACE', from), stringArg('REPLACE', to)),
  }),
  scalar({
    name: 'LEFT', min: 2, signature: 'LEFT(s, n)', doc: 'The first n characters.', returns: 'string',
    call: ([s, n]) => charSlice(stringArg('LEFT', s), 0, Math.max(0, intArg('LEFT', n))),
  }),
  scalar({
    name: 'RIGHT', min: 2, signature: 'RIGHT(s, n)', doc: 'The last n characters.', returns: 'string',
    call: ([s, n]) => {
      const str = stringArg('RIGHT', s);
      const count = Math.max(0, intArg('RIGHT', n));
      return count === 0 ? '' : charSlice(str, Math.max(0, charLength(str) - count));
    },
  }),
  scalar({
    name: 'POSITION', min: 2, max: 3, signature: 'POSITION(sub, s[, start])',
    doc: '1-based position of `sub` in `s` searching from `start` (default 1); 0 if absent.', returns: 'integer',
    example: "POSITION('b', 'abcb', 3) → 4",
    call: (args) => {
      const sub = stringArg('POSITION', args[0]);
      const s = stringArg('POSITION', args[1]);
      const from = args.length > 2 ? Math.max(0, intArg('POSITION', args[2]) - 1) : 0;
      const chars = characters(s);
      if (typeof chars === 'string') return chars.indexOf(sub, from) + 1;
      const unitFrom = chars.slice(0, from).join('').length;
      const at = s.indexOf(sub, unitFrom);
      return at < 0 ? 0 : charLength(s.slice(0, at)) + 1;
    },
  }),
  scalar({
    name: 'SPLIT', min: 2, signature: 'SPLIT(s, delimiter)', doc: 'The first piece of `s` split at `delimiter` (a String, not an array).',
    returns: 'string', example: "SPLIT('a,b,c', ',') → 'a'",
    call: ([s, d]) => {
      const str = stringArg('SPLIT', s);
      const at = str.indexOf(stringArg('SPLIT', d));
      return at < 0 ? str : str.slice(0, at);
    },
  }),
  scalar({
    name: 'SPLIT_PART', min: 3, signature: 'SPLIT_PART(s, delimiter, n)', doc: 'The n-th piece (1-based) of `s` split at `delimiter`; empty if there is none.',
    returns: 'string', example: "SPLIT_PART('a,b,c', ',', 2) → 'b'",
    call: ([s, d, n]) => {
      const index = intArg('SPLIT_PART', n);
      if (index < 1) return '';
      return stringArg('SPLIT_PART', s).split(stringArg('SPLIT_PART', d))[index - 1] ?? '';
    },
  }),
  scalar({
    name: 'JOIN', min: 2, max: Infinity, signature: 'JOIN(delimiter, a, b, …)', strict: false,
    doc: 'Joins the values as text with `delimiter`; a NULL value is written as NULL.', returns: 'string',
    example: "JOIN('-', 'a', NULL, 3) → 'a-NULL-3'",
    call: (args) => {
      if (args[0] === null) return null;
      const delimiter = stringArg('JOIN', args[0]);
      return args.slice(1).map((a) => (a === null ? 'NULL' : text(a))).join(delimiter);
    },
  }),
  scalar({
    name: 'REGEXP', min: 2, signature: 'REGEXP(s, pattern)', doc: 'TRUE when the regular expression matches anywhere in `s`.',
    returns: 'boolean',
    call: ([s, p]) => cachedRegExp('REGEXP', stringArg('REGEXP', p), 'u').test(stringArg('REGEXP', s)),
  }),
  scalar({
    name: 'REGEXP_REPLACE', min: 3, max: 4, signature: 'REGEXP_REPLACE(s, pattern, replacement[, flags])',
    doc: "Replaces the first match (all matches with flag 'g'; 'i' ignores case). `$1` refers to a group.",
    returns: 'string', example: "REGEXP_REPLACE('a1b22', '[0-9]+', '#', 'g') → 'a#b#'",
    call: (args) => {
      const flags = args.length > 3 ? stringArg('REGEXP_REPLACE', args[3]) : '';
      const unknown = flags.replace(/[gi]/g, '');
      if (unknown !== '') throw argumentError('REGEXP_REPLACE', `unknown flags '${unknown}' (use g and i)`);
      const jsFlags = 'u' + (flags.includes('g') ? 'g' : '') + (flags.includes('i') ? 'i' : '');
      const re = cachedRegExp('REGEXP_REPLACE', stringArg('REGEXP_REPLACE', args[1]), jsFlags);
      return stringArg('REGEXP_REPLACE', args[0]).replace(re, jsReplacement(stringArg('REGEXP_REPLACE', args[2])));
    },
  }),
  scalar({
    name: 'LPAD', min: 2, max: 3, signature: 'LPAD(s, n[, pad])', extension: 'X15', returns: 'string',
    doc: 'Pads `s` on the left to n characters with `pad` (default space); a longer `s` is cut to its first n characters.',
    example: "LPAD('7', 3, '0') → '007'",
    call: (args) => pad('LPAD', args, true),
  }),
  scalar({
    name: 'RPAD', min: 2, max: 3, signature: 'RPAD(s, n[, pad])', extension: 'X15', returns: 'string',
    doc: 'Pads `s` on the right to n characters with `pad` (default space); a longer `s` is cut to its first n characters.',
    example: "RPAD('ab', 5, 'xy') → 'abxyx'",
    call: (args) => pad('RPAD', args, false),
  }),
];
