/**
 * The tables a statement reads (dialect §4.4 lookup joins, §9.1 subqueries), handed to the
 * runtime as `RuntimeOptions.tables`:
 *  - a CREATE TABLE result of an earlier statement is the catalog's live `TableState`, which that
 *    statement keeps current while it runs (nothing to load);
 *  - any other table source (injected, connector, a bounded stream output read as a table, D10) is
 *    loaded into a fresh `TableState` for this query: bounded ones completely before the stream
 *    inputs start (`ready`), unbounded ones (a compacted topic) in the background while it runs.
 * Rows with a message key replace earlier rows with the same key (§10.4).
 */
import type { Result } from '../connectors/errors';
import type { PlannedStatement } from '../plan/planner';
import { TableState } from '../runtime/joins/table';
import type { Batch } from '../types/record';
import type { EngineError } from './errors';
import { scansOf } from './inputs';

export interface TableSources {
  open(name: string): Result<AsyncIterable<Batch>>;
  bounded(name: string): boolean;
  liveTable(name: string): TableState | undefined;
}

export interface StatementTables {
  get(name: string): TableState | undefined;
  /** Settles when every bounded table is loaded; rejects when loading one fails. */
  ready: Promise<void>;
  /** Stops loading the unbounded tables (the query has ended). */
  stop(): void;
  /** Rows read into this query's own tables so far (input records, like the stream inputs'). */
  rowsLoaded(): number;
}

/**
 * Names read as tables: every subquery source, and the right side of each lookup join of the
 * statement or its CTEs (a CTE on the right side is left to the join, which reads its output).
 */
export function tableNames(planned: PlannedStatement): Set<string> {
  const ctes = new Set(planned.ctes.map((c) => c.name));
  const names = new Set<string>();
  for (const root of planned.plan.subqueries) for (const scan of scansOf(root)) names.add(scan.source);
  for (const root of [planned.plan.root, ...planned.ctes.map((c) => c.plan.root)]) {
    const everything = scansOf(root);
    const streams = new Set(scansOf(root, (name) => !ctes.has(name)));
    for (const scan of everything) if (!streams.has(scan)) names.add(scan.source);
  }
  return names;
}

export function statementTables(planned: PlannedStatement, sources: TableSources): Result<StatementTables, EngineError> {
  const tables = new Map<string, TableState>();
  const loads: Promise<void>[] = [];
  let stopped = false;
  let rowsLoaded = 0;
  for (const name of tableNames(planned)) {
    const live = sources.liveTable(name);
    if (live) {
      tables.set(name, live);
      continue;
    }
    const source = sources.open(name);
    if (!source.ok) return source;
    const table = new TableState(name);
    tables.set(name, table);
    const load = (async () => {
      for await (const batch of source.value) {
        if (stopped) return;
        rowsLoaded += batch.length;
        for (const row of batch) table.upsert(row);
      }
    })();
    if (sources.bounded(name)) loads.push(load);
    else load.catch(() => {}); // an unbounded table that fails keeps the rows it has
  }
  const ready = Promise.all(loads).then(() => undefined);
  ready.catch(() => {}); // the inputs awaiting it fail the query; a query cancelled first must not leave it unhandled
  return {
    ok: true,
    value: {
      get: (name) => tables.get(name),
      ready,
      stop: () => {
        stopped = true;
      },
      rowsLoaded: () => rowsLoaded,
    },
  };
}
