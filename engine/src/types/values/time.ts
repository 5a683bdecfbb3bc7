/**
 * ISO-8601 text ↔ epoch milliseconds, all in UTC (the dialect has no zones, §5.2).
 */
import { parseIsoInstant } from './iso';

const DAY_MS = 86_400_000;

/**
 * Epoch ms of an ISO date or date-time text (the grammar of ./iso.ts), or null when the text is
 * not one. Surrounding whitespace is ignored, as for every CAST from text.
 */
export function parseIsoTimestamp(text: string): number | null {
  return parseIsoInstant(text.trim())?.ms ?? null;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pad3(n: number): string {
  return n < 10 ? '00' + n : n < 100 ? '0' + n : String(n);
}

function padYear(y: number): string {
  return y >= 0 && y < 10000 ? String(y).padStart(4, '0') : String(y);
}

/** `YYYY-MM-DDTHH:MM:SS`, with `.fff` only when the milliseconds are non-zero (§5.4). */
export function formatTimestampMs(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const base =
    padYear(d.getUTCFullYear()) + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) +
    'T' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds());
  const millis = d.getUTCMilliseconds();
  return millis === 0 ? base : base + '.' + pad3(millis);
}

/** `YYYY-MM-DD` of the UTC day containing `ms`. */
export function formatDateMs(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return padYear(d.getUTCFullYear()) + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate());
}

/** UTC midnight at or before `ms`. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export { DAY_MS };
