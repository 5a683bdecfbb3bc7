/**
 * Time specs of schemas, specs and hints (harness spec §4.4): `now`, `[+-]N<unit>` with unit
 * `ms`, `s`, `m`, `h`, `d` (none = seconds), or an RFC 3339 instant. Relative specs stay
 * unresolved until generation, where they resolve against the run's anchor T0.
 */
import { parseIsoTimestamp } from '../../types/values/time';

export type TimeSpec = { kind: 'relative'; offsetMs: number } | { kind: 'absolute'; ms: number };

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const RELATIVE = /^([+-]?\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i;

/** The spec of a YAML scalar, or null when it is not a time spec. */
export function parseTimeSpec(raw: unknown): TimeSpec | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return { kind: 'relative', offsetMs: raw * 1000 };
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (text.toLowerCase() === 'now') return { kind: 'relative', offsetMs: 0 };
  const relative = RELATIVE.exec(text);
  if (relative) {
    const unit = (relative[2] ?? 's').toLowerCase();
    return { kind: 'relative', offsetMs: Math.round(Number(relative[1]) * UNIT_MS[unit]) };
  }
  const ms = parseIsoTimestamp(text);
  return ms === null ? null : { kind: 'absolute', ms };
}

export function resolveTime(spec: TimeSpec, nowMs: number): number {
  return spec.kind === 'relative' ? nowMs + spec.offsetMs : spec.ms;
}

/** The run's default anchor T0 (§3.9). */
export const DEFAULT_NOW_MS = Date.UTC(2025, 0, 1);

/** The default run seed (§3.9). */
export const DEFAULT_SEED = 42;
