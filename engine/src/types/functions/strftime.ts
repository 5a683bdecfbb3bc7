/**
 * strftime formatting in UTC for DATE_FORMAT (§11.4), following the reference's chrono
 * specifiers: `%Y-%m-%d %H:%M:%S`, `%.3f`, `%j`, `%a`, padding modifiers `%-d` `%_d` `%0e`, ….
 * A format is compiled once into a list of pieces and cached, since it is nearly always constant.
 */
import { ValueError } from '../values/errors';
import { dayOfYear, isoWeek } from './calendar';

/** Broken-down UTC time of one instant, computed once per call. */
interface Parts {
  ms: number;
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  weekday: number; // 0 = Sunday
}

type Pad = '0' | ' ' | '';
type Piece = (p: Parts) => string;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function padded(n: number, width: number, pad: Pad): string {
  const s = String(Math.abs(n));
  const body = pad === '' || s.length >= width ? s : pad.repeat(width - s.length) + s;
  return n < 0 ? '-' + body : body;
}

/** Numeric specifiers: value, natural width, natural padding. */
const NUMERIC: Record<string, [(p: Parts) => number, number, Pad]> = {
  Y: [(p) => p.year, 4, '0'],
  C: [(p) => Math.floor(p.year / 100), 2, '0'],
  y: [(p) => ((p.year % 100) + 100) % 100, 2, '0'],
  m: [(p) => p.month, 2, '0'],
  d: [(p) => p.day, 2, '0'],
  e: [(p) => p.day, 2, ' '],
  H: [(p) => p.hour, 2, '0'],
  k: [(p) => p.hour, 2, ' '],
  I: [(p) => ((p.hour + 11) % 12) + 1, 2, '0'],
  l: [(p) => ((p.hour + 11) % 12) + 1, 2, ' '],
  M: [(p) => p.minute, 2, '0'],
  S: [(p) => p.second, 2, '0'],
  j: [(p) => dayOfYear(p.ms), 3, '0'],
  w: [(p) => p.weekday, 1, '0'],
  u: [(p) => (p.weekday === 0 ? 7 : p.weekday), 1, '0'],
  U: [(p) => Math.floor((dayOfYear(p.ms) - 1 - p.weekday + 7) / 7), 2, '0'],
  W: [(p) => Math.floor((dayOfYear(p.ms) - 1 - ((p.weekday + 6) % 7) + 7) / 7), 2, '0'],
  G: [(p) => isoWeek(p.ms).year, 4, '0'],
  g: [(p) => isoWeek(p.ms).year % 100, 2, '0'],
  V: [(p) => isoWeek(p.ms).week, 2, '0'],
  s: [(p) => Math.floor(p.ms / 1000), 1, '0'],
};

const TEXTUAL: Record<string, Piece> = {
  b: (p) => MONTHS[p.month - 1].slice(0, 3),
  h: (p) => MONTHS[p.month - 1].slice(0, 3),
  B: (p) => MONTHS[p.month - 1],
  a: (p) => DAYS[p.weekday].slice(0, 3),
  A: (p) => DAYS[p.weekday],
  p: (p) => (p.hour < 12 ? 'AM' : 'PM'),
  P: (p) => (p.hour < 12 ? 'am' : 'pm'),
  Z: () => 'UTC',
  z: () => '+0000',
  f: (p) => padded(p.millis * 1_000_000, 9, '0'), // nanoseconds within the second
  '%': () => '%',
  n: () => '\n',
  t: () => '\t',
};

/** Composite specifiers expand to other formats. */
const COMPOSITE: Record<string, string> = {
  F: '%Y-%m-%d', T: '%H:%M:%S', D: '%m/%d/%y', R: '%H:%M', x: '%m/%d/%y', X: '%H:%M:%S',
  r: '%I:%M:%S %p', c: '%a %b %e %H:%M:%S %Y', v: '%e-%b-%Y',
};

/** `%.f` (auto width), `%.3f`, `%3f`, …: fraction of the second at millisecond precision. */
function fraction(digits: number | 'auto', dot: boolean): Piece {
  return (p) => {
    if (digits === 'auto' && p.millis === 0) return '';
    const width = digits === 'auto' ? 3 : digits;
    const text = padded(p.millis, 3, '0').padEnd(Math.max(width, 3), '0').slice(0, width);
    return dot ? '.' + text : text;
  };
}

const cache = new Map<string, Piece[]>();

function compile(format: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') {
      const text = literal;
      pieces.push(() => text);
      literal = '';
    }
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      literal += ch;
      continue;
    }
    const rest = format.slice(i + 1);
    const frac = /^(\.?)(\d?)f/.exec(rest);
    if (frac !== null && (frac[1] !== '' || frac[2] !== '')) {
      const digits = frac[2] === '' ? 'auto' : Number(frac[2]);
      if (digits !== 'auto' && digits !== 3 && digits !== 6 && digits !== 9) throw badFormat(format);
      flush();
      pieces.push(fraction(digits, frac[1] === '.'));
      i += frac[0].length;
      continue;
    }
    if (rest.startsWith(':z')) {
      flush();
      pieces.push(() => '+00:00');
      i += 2;
      continue;
    }
    let pad: Pad | undefined;
    let spec = rest[0];
    if (spec === '-' || spec === '_' || spec === '0') {
      pad = spec === '-' ? '' : spec === '_' ? ' ' : '0';
      spec = rest[1];
      i++;
    }
    i++;
    if (spec === undefined) throw badFormat(format);
    flush();
    const numeric = NUMERIC[spec];
    if (numeric !== undefined) {
      const [value, width, natural] = numeric;
      const usePad = pad ?? natural;
      pieces.push((p) => padded(value(p), width, usePad));
    } else if (TEXTUAL[spec] !== undefined) pieces.push(TEXTUAL[spec]);
    else if (COMPOSITE[spec] !== undefined) pieces.push(...compile(COMPOSITE[spec]));
    else throw badFormat(format, spec);
  }
  flush();
  return pieces;
}

function badFormat(format: string, spec?: string): ValueError {
  const detail = spec === undefined ? 'incomplete specifier' : `unknown specifier %${spec}`;
  return new ValueError('ARGUMENT_ERROR', `DATE_FORMAT: ${detail} in ${JSON.stringify(format)}`);
}

/** Formats epoch milliseconds with a strftime pattern, in UTC. */
export function strftime(ms: number, format: string): string {
  let pieces = cache.get(format);
  if (pieces === undefined) {
    pieces = compile(format);
    if (cache.size > 256) cache.clear();
    cache.set(format, pieces);
  }
  const d = new Date(ms);
  const parts: Parts = {
    ms,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millis: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
  let out = '';
  for (const piece of pieces) out += piece(parts);
  return out;
}
