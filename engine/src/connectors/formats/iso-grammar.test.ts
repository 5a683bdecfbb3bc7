/**
 * One ISO-8601 grammar (types/values/iso.ts) for CAST, comparisons with text and CSV typing:
 * a differential test against an independent oracle (the grammar written as a regular
 * expression plus range checks, with Date.UTC arithmetic) over generated texts, valid and near
 * misses. Each entry point must agree with the oracle on every text.
 */
import { castValue } from '../../types/values/cast';
import { sqlCompare } from '../../types/values/compare';
import { parseIsoTimestamp } from '../../types/values/time';
import { SqlDate, Timestamp } from '../../types/values/types';
import { Random } from '../../types/prng';
import { inferCell } from './infer';

const GRAMMAR = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

interface Expected {
  ms: number;
  dateOnly: boolean;
}

function oracle(text: string): Expected | null {
  const m = GRAMMAR.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (month < 1 || month > 12 || day < 1 || day > days) return null;
  const [hour, minute, second] = [h, mi, s].map((x) => (x === undefined ? 0 : Number(x)));
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const [oh, om] = [Number(digits.slice(0, 2)), digits.length > 2 ? Number(digits.slice(2)) : 0];
    if (oh > 23 || om > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  return { ms: date.getTime() - offset * 60_000, dateOnly: h === undefined };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A text shaped like an ISO instant, often out of range or slightly malformed. */
function generate(r: Random): string {
  const pick = <T>(xs: readonly T[]): T => xs[r.below(xs.length)];
  const year = pick([0, 1, 99, 100, 1900, 1970, 2000, 2023, 2024, 2100, 9999, r.intBetween(0, 9999)]);
  let text = `${pad(year, 4)}-${pad(r.intBetween(0, 13))}-${pad(pick([0, 1, 15, 28, 29, 30, 31, 32, r.intBetween(1, 31)]))}`;
  if (r.below(5) > 0) {
    text += pick(['T', 't', ' ', 'T', 'x', '  ']);
    text += `${pad(pick([0, 9, 23, 24, r.intBetween(0, 23)]))}:${pad(pick([0, 30, 59, 60, r.intBetween(0, 59)]))}`;
    if (r.below(3) > 0) text += `:${pad(pick([0, 59, 60, r.intBetween(0, 59)]))}`;
    if (r.below(3) === 0) text += pick(['.', ',']) + String(r.intBetween(0, 999_999_999)).slice(0, r.intBetween(0, 9));
    text += pick(['', '', 'Z', 'z', ' Z', '+05', '-05', '+0530', '+05:30', '-12:00', '+24:00', '+05:60', '+5', '+05:3', 'ZZ', 'UTC']);
  }
  switch (r.below(8)) {
    case 0: {
      const at = r.below(text.length);
      return text.slice(0, at) + text.slice(at + 1);
    }
    case 1: {
      const at = r.below(text.length + 1);
      return text.slice(0, at) + pick(['0', '-', ':', ' ', 'T', '+', '.']) + text.slice(at);
    }
    case 2:
      return pick([' ', '\t', '']) + text + pick([' ', '']);
    default:
      return text;
  }
}

describe('one ISO-8601 grammar for CAST, comparisons and CSV typing', () => {
  const r = new Random(20_240_101);
  const texts = Array.from({ length: 20_000 }, () => generate(r));
  const accepted = texts.filter((t) => oracle(t.trim()) !== null).length;

  test('the generated texts mix accepted and rejected ones', () => {
    expect(accepted).toBeGreaterThan(texts.length / 10);
    expect(accepted).toBeLessThan(texts.length * 0.9);
  });

  test('CAST(text AS TIMESTAMP), comparisons with a TIMESTAMP and CSV typing agree with the grammar on every text', () => {
    const disagreements: string[] = [];
    for (const text of texts) {
      const expected = oracle(text.trim());
      const parsed = parseIsoTimestamp(text);
      if (parsed !== (expected?.ms ?? null)) disagreements.push(`parse ${JSON.stringify(text)}: ${parsed} ≠ ${expected?.ms ?? null}`);

      let cast: number | null = null;
      try {
        cast = (castValue(text, 'TIMESTAMP') as Timestamp).ms;
      } catch {
        cast = null;
      }
      const castable = expected !== null || /^\s*-?\d+\s*$/.test(text);
      if ((cast === null) === castable || (expected !== null && cast !== expected.ms)) disagreements.push(`CAST ${JSON.stringify(text)}: ${cast}`);

      if (expected !== null && sqlCompare(text, new Timestamp(expected.ms)) !== 0) disagreements.push(`compare ${JSON.stringify(text)}`);

      const cell = inferCell(text);
      const raw = oracle(text);
      const typed = cell instanceof Timestamp || cell instanceof SqlDate ? { ms: cell.ms, dateOnly: cell instanceof SqlDate } : null;
      if (JSON.stringify(typed) !== JSON.stringify(raw)) disagreements.push(`CSV ${JSON.stringify(text)}: ${JSON.stringify(typed)} ≠ ${JSON.stringify(raw)}`);
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  test('the two texts the old regex and the byte parser disagreed on now read alike everywhere', () => {
    expect(parseIsoTimestamp('2024-01-01T10:00+05')).toBe(Date.UTC(2024, 0, 1, 5, 0));
    expect((inferCell('2024-01-01T10:00+05') as Timestamp).ms).toBe(Date.UTC(2024, 0, 1, 5, 0));
    expect(parseIsoTimestamp('2024-01-01T10:00 Z')).toBeNull();
    expect(inferCell('2024-01-01T10:00 Z')).toBe('2024-01-01T10:00 Z');
  });
});
