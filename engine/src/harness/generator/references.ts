/**
 * Foreign-key pools (harness spec §5.7). The generator asks a caller-supplied resolver for the
 * values of `references: {schema, field, file?}`; the caller knows the run's files, inputs,
 * tables and registry and tries them in the order of §5.7.
 */
import { formatValue } from '../../types/values/format';
import type { Value } from '../../types/values/types';

export interface ReferenceTarget {
  schema: string;
  field: string;
  /** Absolute path of a CSV/JSON file whose column `field` is the pool. */
  file?: string;
}

/** The values of the first available pool, or undefined when there is none. */
export type ReferenceResolver = (target: ReferenceTarget) => readonly Value[] | undefined;

/** Non-null values in first-seen order, duplicates (by printed form and kind) removed. */
export function distinctValues(values: Iterable<Value>): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const v of values) {
    if (v === null) continue;
    const identity = `${typeof v === 'object' ? v.constructor.name : typeof v}:${formatValue(v)}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    out.push(v);
  }
  return out;
}

/** A resolver over already generated or loaded records, keyed by schema or source name. */
export function referencesFromRecords(datasets: ReadonlyMap<string, readonly Record<string, Value>[]>): ReferenceResolver {
  return ({ schema, field }) => {
    const records = datasets.get(schema);
    if (records === undefined || records.length === 0 || !(field in records[0])) return undefined;
    return records.map((r) => r[field]);
  };
}

/** Tries each resolver in turn; the first that yields a non-empty pool wins. */
export function firstAvailable(...resolvers: ReferenceResolver[]): ReferenceResolver {
  return (target) => {
    for (const resolve of resolvers) {
      const pool = resolve(target);
      if (pool !== undefined && pool.length > 0) return pool;
    }
    return undefined;
  };
}

/** The placeholder the reference produced for unresolved references (flagged by the analyser). */
export function placeholderReference(schema: string, n: number): string {
  return `REF_${schema.toUpperCase()}_${n}`;
}
