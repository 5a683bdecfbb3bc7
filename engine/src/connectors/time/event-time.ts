/**
 * Event-time extraction at the source (dialect spec §10.2): `event.time.field` names the payload
 * field, `event.time.format` says how to read it — `epoch_millis`, `epoch_seconds` (alias
 * `epoch`), `iso8601`, or a strftime pattern. Without a format: a number is epoch ms, a text is
 * tried as epoch ms, then as ISO-8601. Timestamps and Dates are instants whatever the format.
 */
import { scaledToNumber } from '../../types/values/decimal';
import { parseIsoTimestamp } from '../../types/values/time';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import type { ObjectProperties, PropertyDiagnostic } from '../properties';
import { compileStrftime, type InstantParser } from './strftime';

export type EventTimeFormat =
  | { kind: 'auto' }
  | { kind: 'epoch_millis' }
  | { kind: 'epoch_seconds' }
  | { kind: 'iso8601' }
  | { kind: 'pattern'; pattern: string; parse: InstantParser };

export interface EventTimeSpec {
  field: string;
  format: EventTimeFormat;
}

const NAMED_FORMATS: Readonly<Record<string, EventTimeFormat>> = {
  epoch_millis: { kind: 'epoch_millis' },
  epoch_ms: { kind: 'epoch_millis' },
  epoch_seconds: { kind: 'epoch_seconds' },
  epoch: { kind: 'epoch_seconds' },
  iso8601: { kind: 'iso8601' },
  iso_8601: { kind: 'iso8601' },
};

/**
 * The event-time settings of a source, null when it has no `event.time.field`; an error
 * diagnostic for a format that is neither a known name nor a valid strftime pattern.
 */
export function eventTimeSpec(props: ObjectProperties): { spec: EventTimeSpec | null; diagnostics: PropertyDiagnostic[] } {
  const field = props.get('event.time.field');
  const formatText = props.get('event.time.format');
  if (field === undefined || field === '') return { spec: null, diagnostics: [] };
  if (formatText === undefined || formatText === '') return { spec: { field, format: { kind: 'auto' } }, diagnostics: [] };
  const named = NAMED_FORMATS[formatText.toLowerCase()];
  if (named) return { spec: { field, format: named }, diagnostics: [] };
  const compiled = formatText.includes('%') ? compileStrftime(formatText) : { ok: false as const, message: '' };
  if (compiled.ok) return { spec: { field, format: { kind: 'pattern', pattern: formatText, parse: compiled.parse } }, diagnostics: [] };
  return {
    spec: null,
    diagnostics: [
      {
        severity: 'error',
        code: 'VV355',
        object: props.name,
        key: 'event.time.format',
        message: compiled.message || `unknown event.time.format '${formatText}'`,
        hint: "use iso8601, epoch_millis, epoch_seconds or a strftime pattern such as '%Y-%m-%d %H:%M:%S'",
      },
    ],
  };
}

/** Epoch ms of `value` read per `format`; null when it cannot be read (or is NULL). */
export function extractEventTime(value: Value, format: EventTimeFormat): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Timestamp || value instanceof SqlDate) return value.ms;
  const numeric = numericValue(value);
  switch (format.kind) {
    case 'epoch_millis':
      return numeric === null ? null : Math.trunc(numeric);
    case 'epoch_seconds':
      return numeric === null ? null : Math.round(numeric * 1000);
    case 'iso8601':
      return typeof value === 'string' ? parseIsoTimestamp(value) : null;
    case 'pattern':
      return format.parse(typeof value === 'string' ? value : String(value));
    case 'auto':
      if (numeric !== null) return Math.trunc(numeric);
      return typeof value === 'string' ? parseIsoTimestamp(value) : null;
  }
}

/** A number from numeric values and from texts that are plain numbers. */
function numericValue(value: Value): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Scaled) return scaledToNumber(value);
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}
