/**
 * UTC calendar arithmetic on epoch milliseconds: EXTRACT parts, DATE_TRUNC units and DATEDIFF
 * units (dialect spec §11.4). Unknown part/unit names return null; callers raise the error.
 */
import { DAY_MS } from '../values/time';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * DAY_MS;

/** Day of week with Monday = 0 (ISO order). */
function isoWeekday(ms: number): number {
  return (new Date(ms).getUTCDay() + 6) % 7;
}

/** ISO-8601 week-numbering year and week (weeks start Monday; week 1 holds the first Thursday). */
export function isoWeek(ms: number): { year: number; week: number } {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const thursday = day + (3 - isoWeekday(day)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const firstDay = Date.UTC(year, 0, 1);
  return { year, week: 1 + Math.floor((thursday - firstDay) / WEEK_MS) };
}

export function dayOfYear(ms: number): number {
  const d = new Date(ms);
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
}

/** Milliseconds within the second (0–999), also for instants before 1970. */
function subsecondMs(ms: number): number {
  return ((ms % 1000) + 1000) % 1000;
}

const EXTRACTORS: Record<string, (ms: number) => number> = {
  YEAR: (ms) => new Date(ms).getUTCFullYear(),
  MONTH: (ms) => new Date(ms).getUTCMonth() + 1,
  DAY: (ms) => new Date(ms).getUTCDate(),
  HOUR: (ms) => new Date(ms).getUTCHours(),
  MINUTE: (ms) => new Date(ms).getUTCMinutes(),
  SECOND: (ms) => new Date(ms).getUTCSeconds(),
  DOW: (ms) => new Date(ms).getUTCDay(),
  DOY: dayOfYear,
  WEEK: (ms) => isoWeek(ms).week,
  QUARTER: (ms) => Math.floor(new Date(ms).getUTCMonth() / 3) + 1,
  EPOCH: (ms) => Math.floor(ms / 1000),
  MILLISECOND: subsecondMs,
  MICROSECOND: (ms) => subsecondMs(ms) * 1000,
  NANOSECOND: (ms) => subsecondMs(ms) * 1_000_000,
};

export const EXTRACT_PARTS: readonly string[] = Object.keys(EXTRACTORS);

/** EXTRACT(part FROM ms); null for an unknown part. */
export function extractPart(part: string, ms: number): number | null {
  const f = EXTRACTORS[part.toUpperCase()];
  return f === undefined ? null : f(ms);
}

const TRUNCATORS: Record<string, (ms: number) => number> = {
  SECOND: (ms) => Math.floor(ms / 1000) * 1000,
  MINUTE: (ms) => Math.floor(ms / 60_000) * 60_000,
  HOUR: (ms) => Math.floor(ms / HOUR_MS) * HOUR_MS,
  DAY: (ms) => Math.floor(ms / DAY_MS) * DAY_MS,
  WEEK: (ms) => {
    const day = Math.floor(ms / DAY_MS) * DAY_MS;
    return day - isoWeekday(day) * DAY_MS;
  },
  MONTH: (ms) => {
    const d = new Date(ms);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  },
  QUARTER: (ms) => {
    const d = new Date(ms);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1);
  },
  YEAR: (ms) => Date.UTC(new Date(ms).getUTCFullYear(), 0, 1),
};

export const DATE_TRUNC_UNITS: readonly string[] = Object.keys(TRUNCATORS).map((u) => u.toLowerCase());

/** DATE_TRUNC(unit, ms) in UTC (singular or plural unit, any case); null for an unknown unit. */
export function truncateTo(unit: string, ms: number): number | null {
  const f = TRUNCATORS[unit.toUpperCase().replace(/S$/, '')];
  return f === undefined ? null : f(ms);
}

type Diff = (start: number, end: number) => number;

const calendarDiff = (part: (ms: number) => number, perYear: number): Diff => (s, e) => {
  const ds = new Date(s);
  const de = new Date(e);
  return (de.getUTCFullYear() - ds.getUTCFullYear()) * perYear + (part(e) - part(s));
};

const elapsed = (unitMs: number): Diff => (s, e) => Math.trunc((e - s) / unitMs) + 0;

/** The reference's units (plural) with their exact arithmetic, quirks included (weeks use 52·ΔISO-year). */
const PORTABLE_DIFFS: Record<string, Diff> = {
  years: calendarDiff(() => 0, 1),
  months: calendarDiff((ms) => new Date(ms).getUTCMonth(), 12),
  quarters: calendarDiff((ms) => Math.floor(new Date(ms).getUTCMonth() / 3), 4),
  weeks: (s, e) => {
    const a = isoWeek(s);
    const b = isoWeek(e);
    return (b.year - a.year) * 52 + (b.week - a.week);
  },
  days: (s, e) => Math.floor(e / DAY_MS) - Math.floor(s / DAY_MS),
  hours: elapsed(HOUR_MS),
};

const EXTENSION_DIFFS: Record<string, Diff> = {
  minutes: elapsed(60_000),
  seconds: elapsed(1000),
  milliseconds: elapsed(1),
};

/** DATEDIFF units; `portable` false marks the ⊕X17 forms (singular units, minutes and finer). */
export function datediffUnit(unit: string): { diff: Diff; portable: boolean } | null {
  const lower = unit.toLowerCase();
  const portable = PORTABLE_DIFFS[lower];
  if (portable !== undefined) return { diff: portable, portable: true };
  const plural = lower.endsWith('s') ? lower : lower + 's';
  const diff = PORTABLE_DIFFS[plural] ?? EXTENSION_DIFFS[plural];
  return diff === undefined ? null : { diff, portable: false };
}

export const DATEDIFF_UNITS: readonly string[] = [...Object.keys(PORTABLE_DIFFS), ...Object.keys(EXTENSION_DIFFS)];
