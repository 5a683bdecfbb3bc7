/**
 * ⊕X34 paths into nested values (spec §2): JSON objects (Maps), STRUCTs, ARRAYs and JSON text.
 * A missing key or index gives NULL; a wildcard step yields an ARRAY of the matches in document
 * order, and later steps apply to each match.
 */
import type { PathStep } from '../plan/logical';
import { Struct, type Value } from '../types/values/types';

export function readPath(value: Value, steps: readonly PathStep[]): Value {
  let current: Value = value;
  let spread = false;
  for (const step of steps) {
    if (spread) {
      const matches = (current as Value[]).flatMap((v) => stepInto(v, step));
      current = matches;
    } else {
      const matches = stepInto(current, step);
      if ('wildcard' in step) {
        current = matches;
        spread = true;
      } else {
        current = matches[0] ?? null;
      }
    }
  }
  return current;
}

/** The values one step reaches from `value` (none when absent). */
function stepInto(value: Value, step: PathStep): Value[] {
  const container = parsedJson(value);
  if (container === null || container === undefined) return [];
  if ('index' in step) return Array.isArray(container) && step.index < container.length ? [container[step.index]] : [];
  const entries = fieldsOf(container);
  if (!entries) return Array.isArray(container) && 'wildcard' in step ? (container as Value[]) : [];
  if ('wildcard' in step) return [...entries.values()] as Value[];
  return entries.has(step.field) ? [entries.get(step.field) as Value] : [];
}

function fieldsOf(value: unknown): Map<string, unknown> | null {
  if (value instanceof Map) return value as Map<string, unknown>;
  if (value instanceof Struct) return value.fields;
  return null;
}

/** JSON text (a JSON column is a string parsed on demand) as Maps and arrays; other values as they are. */
function parsedJson(value: Value): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return null;
  try {
    return toValue(JSON.parse(text));
  } catch {
    return null;
  }
}

function toValue(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(toValue);
  if (json !== null && typeof json === 'object') return new Map(Object.entries(json).map(([k, v]) => [k, toValue(v)]));
  return json;
}
