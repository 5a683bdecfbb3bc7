/**
 * The engine's one ISO-8601 grammar for dates and date-times, read byte by byte (no regex: CSV
 * typing runs it on every cell that starts like a date, in the decoder's input buffer):
 *
 *   YYYY-MM-DD
 *   YYYY-MM-DD(T|t| )HH:MM[:SS[(.|,)fraction]][Z|z|±HH[:MM]|±HHMM]
 *
 * A time without zone is UTC (the value model has no zones). Fractions beyond milliseconds are
 * truncated. Out-of-range fields (month 13, 25:00, Feb 29 of a common year) are not dates.
 * CAST, comparisons with text, date arithmetic on text and function arguments reach it through
 * `parseIsoTimestamp` (./time.ts); CSV typing and declared schemas call `parseIsoBytes`.
 */

export interface IsoInstant {
  /** Epoch milliseconds. */
  ms: number;
  /** True for a plain `YYYY-MM-DD`. */
  dateOnly: boolean;
}

const digit = (s: Uint8Array, i: number): number => {
  const c = s[i] - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** Two digits at `i` (before `end`) as a number, or -1. */
function two(s: Uint8Array, i: number, end: number): number {
  if (i + 2 > end) return -1;
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses `text` as a whole; null when it is not an ISO date or date-time. */
export function parseIsoInstant(text: string): IsoInstant | null {
  const bytes = Buffer.from(text, 'utf8');
  return parseIsoBytes(bytes, 0, bytes.length);
}

/** Parses the UTF-8 bytes `s[start, end)` as a whole, like `parseIsoInstant`. */
export function parseIsoBytes(s: Uint8Array, start: number, end: number): IsoInstant | null {
  const n = end - start;
  const at = start;
  if (n < 10 || s[at + 4] !== 45 || s[at + 7] !== 45) return null;
  const y1 = two(s, at, end);
  const y2 = two(s, at + 2, end);
  const month = two(s, at + 5, end);
  const day = two(s, at + 8, end);
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return null;
  const year = y1 * 100 + y2;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return null;
  const dayMs = utcMidnight(year, month, day);
  if (n === 10) return { ms: dayMs, dateOnly: true };

  const sep = s[at + 10];
  if (sep !== 84 && sep !== 116 && sep !== 32) return null; // T t space
  if (n < 16 || s[at + 13] !== 58) return null;
  const hour = two(s, at + 11, end);
  const minute = two(s, at + 14, end);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let i = at + 16;
  let second = 0;
  let millis = 0;
  if (i < end && s[i] === 58) {
    second = two(s, i + 1, end);
    if (second < 0 || second > 59) return null;
    i += 3;
    const c = s[i];
    if (i < end && (c === 46 || c === 44)) {
      i++;
      const fractionStart = i;
      let scale = 100;
      while (i < end && digit(s, i) >= 0) {
        if (scale >= 1) millis += digit(s, i) * scale;
        scale /= 10;
        i++;
      }
      if (i === fractionStart) return null;
      millis = Math.floor(millis);
    }
  }
  let offsetMinutes = 0;
  if (i < end) {
    const z = s[i];
    if ((z === 90 || z === 122) && i + 1 === end) {
      i++;
    } else if (z === 43 || z === 45) {
      const sign = z === 45 ? -1 : 1;
      const oh = two(s, i + 1, end);
      if (oh < 0 || oh > 23) return null;
      i += 3;
      let om = 0;
      if (i < end) {
        if (s[i] === 58) i++;
        om = two(s, i, end);
        if (om < 0 || om > 59) return null;
        i += 2;
      }
      offsetMinutes = sign * (oh * 60 + om);
    }
    if (i !== end) return null;
  }
  const ms = dayMs + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return { ms, dateOnly: false };
}

/** Epoch ms of a UTC date; `Date.UTC` would read years 0–99 as 1900–1999. */
export function utcMidnight(year: number, month: number, day: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day);
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getTime();
}
