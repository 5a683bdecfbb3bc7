/**
 * The NL evaluation protocol (`../shared/nl/README.md`): a generated query is *valid* when it
 * parses and validates against the catalog, and has the *same result* as the reference when both
 * produce the same rows on the same seeded synthetic data (seed 42, 2,000 records per source,
 * event times in order). Rows compare as multisets of tuples with each row's values sorted by
 * type and value (names and column order do not matter); exact decimals as decimal text, floats
 * to a relative 1e-9. An unwindowed aggregate compares its final row per group key.
 */
import { Catalog } from '../../api/catalog';
import { startQuery } from '../../api/query';
import type { InjectedSource } from '../../api/sources';
import { generateRecords } from '../../harness/generator/generator';
import type { Schema } from '../../harness/generator/schema';
import type { PlanNode } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import { formatScaled } from '../../types/values/format';
import { Scaled, type Value } from '../../types/values/types';
import { checkSql } from './validate-sql';
import type { NlCatalog } from './catalog';

export const EVAL_SEED = 42;
export const EVAL_RECORDS = 2000;

export interface EvalData {
  catalog: NlCatalog;
  /** Records per source, in event-time order. */
  records: Map<string, StreamRecord[]>;
}

/** Seeded records for every schema, sorted by the event-time field. */
export function evalData(schemas: readonly Schema[], catalog: NlCatalog): EvalData {
  const records = new Map<string, StreamRecord[]>();
  for (const schema of schemas) {
    const { records: generated } = generateRecords(schema, { records: EVAL_RECORDS, seed: EVAL_SEED });
    const time = catalog.sources.find((s) => s.name === schema.name)?.columns.find((c) => c.eventTime)?.name;
    if (time) {
      for (const r of generated) if (typeof r.fields[time] === 'number') r.eventTime = r.fields[time] as number;
      generated.sort((a, b) => (a.eventTime ?? 0) - (b.eventTime ?? 0));
    }
    records.set(schema.name, generated);
  }
  return { catalog, records };
}

export interface RunOutcome {
  rows: Value[][] | null;
  error: string | null;
}

/** Runs one statement over the evaluation data and reduces its output per the protocol. */
export async function runForScore(sql: string, data: EvalData): Promise<RunOutcome> {
  const catalog = new Catalog();
  const sources: Record<string, InjectedSource> = {};
  for (const source of data.catalog.sources) {
    const table = source.kind === 'table';
    catalog.addSource(source.name, { columns: source.columns.map((c) => ({ name: c.name, type: c.type })), bounded: true, table });
    sources[source.name] = { data: [data.records.get(source.name) ?? []], bounded: true, table, columns: source.columns.map((c) => ({ name: c.name, type: c.type })) };
  }
  const handle = startQuery(sql, catalog, { sources, writeSinks: false, register: false });
  const out: StreamRecord[] = [];
  for await (const batch of handle) out.push(...batch);
  const summary = await handle.done;
  if (summary.status !== 'completed') return { rows: null, error: summary.error?.message ?? summary.status };
  const aggregate = handle.plan ? topAggregate(handle.plan.root) : null;
  let records = out;
  if (aggregate && aggregate.window === null) {
    // Unwindowed aggregate: the last row emitted per group key wins.
    const last = new Map<string, StreamRecord>();
    for (const r of out) last.set(keyText(r.key), r);
    records = [...last.values()];
  }
  return { rows: records.map((r) => Object.values(r.fields)), error: null };
}

export interface Score {
  valid: boolean;
  same: boolean;
  detail: string;
}

export async function scoreQuery(generated: string, reference: string, data: EvalData): Promise<Score> {
  const check = checkSql(generated, data.catalog);
  if (!check.valid) return { valid: false, same: false, detail: check.diagnostics.find((d) => d.severity === 'error')?.message ?? 'invalid' };
  const [got, want] = await Promise.all([runForScore(generated, data), runForScore(reference, data)]);
  if (want.error !== null) return { valid: true, same: false, detail: `reference failed: ${want.error}` };
  if (got.error !== null) return { valid: true, same: false, detail: `run failed: ${got.error}` };
  const same = sameRows(got.rows!, want.rows!);
  return { valid: true, same, detail: same ? '' : `${got.rows!.length} rows vs ${want.rows!.length} expected${got.rows![0] ? `; first ${JSON.stringify(canonicalRow(got.rows![0]))}` : ''}` };
}

function topAggregate(node: PlanNode): Extract<PlanNode, { kind: 'aggregate' }> | null {
  if (node.kind === 'aggregate') return node;
  for (const child of Object.values(node as unknown as Record<string, unknown>)) {
    if (child && typeof child === 'object' && 'kind' in child && typeof (child as PlanNode).kind === 'string') {
      const found = topAggregate(child as PlanNode);
      if (found) return found;
    }
  }
  return null;
}

function keyText(key: Value): string {
  return JSON.stringify(canonicalValue(key));
}

type Canonical = [string, string | number];

function canonicalValue(v: Value): Canonical {
  if (v === null || v === undefined) return ['0null', ''];
  if (typeof v === 'number') return ['1num', v];
  if (typeof v === 'bigint') return ['1num', Number(v)];
  if (v instanceof Scaled) return ['2dec', formatScaled(v)];
  if (typeof v === 'boolean') return ['3bool', String(v)];
  if (typeof v === 'string') return ['4str', v];
  return ['5other', String(v)];
}

function canonicalRow(row: Value[]): Canonical[] {
  return row.map(canonicalValue).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/** A sort key that rounds floats so values equal to 1e-9 land next to each other. */
function rowKey(row: Canonical[]): string {
  return JSON.stringify(row.map(([t, v]) => [t, typeof v === 'number' ? Number(v.toPrecision(8)) : v]));
}

export function sameRows(a: Value[][], b: Value[][]): boolean {
  if (a.length !== b.length) return false;
  const sort = (rows: Value[][]) => rows.map(canonicalRow).sort((x, y) => (rowKey(x) < rowKey(y) ? -1 : rowKey(x) > rowKey(y) ? 1 : 0));
  const x = sort(a);
  const y = sort(b);
  return x.every((row, i) => row.length === y[i].length && row.every(([t, v], j) => t === y[i][j][0] && closeEnough(v, y[i][j][1])));
}

function closeEnough(a: string | number, b: string | number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}
