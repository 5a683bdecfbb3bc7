/**
 * ⊕X35 introspection a host answers from what it runs, without a job manager: `DESCRIBE
 * [STREAM|TABLE] n`, `SHOW CREATE STREAM|TABLE n` and `SHOW STREAM HEALTH [n]` (dialect spec §2).
 * Answers are listings (columns and text rows) that each host prints its own way: `velo run`
 * as text tables once the run ends, the kernel as tables in the cell.
 */
import type * as A from '../sql/ast';
import { formatTimestampMs } from '../types/values/time';
import type { Catalog, CatalogObject } from './catalog';
import type { EngineError } from './errors';
import type { QueryHandle } from './query';
import type { SourceHealth } from './source-health';

export interface Listing {
  /** The line above the table (what is described); the whole answer when there are no columns (SHOW CREATE). */
  title?: string;
  columns: string[];
  rows: string[][];
}

/** The statements `answerIntrospection` answers; others stay "not supported in this runtime". */
export function answeredByHost(statement: A.Statement): statement is A.DescribeStatement | A.ShowStatement {
  return statement.kind === 'Describe' || (statement.kind === 'Show' && (statement.target === 'HEALTH' || statement.target === 'CREATE'));
}

/** A statement of the host with its running (or finished) query. */
export interface HostedStatement {
  name: string;
  handle: QueryHandle;
}

export function answerIntrospection(
  statement: A.DescribeStatement | A.ShowStatement,
  catalog: Catalog,
  hosted: readonly HostedStatement[],
): Listing | EngineError {
  if (statement.kind === 'Show' && statement.target === 'HEALTH') return healthListing(hosted, statement.name?.name);
  const name = statement.name!.name;
  const object = catalog.get(name);
  if (!object) {
    return {
      code: 'UNKNOWN_OBJECT',
      message: `unknown stream or table ${name}`,
      hint: 'DESCRIBE and SHOW CREATE know declared sources (CREATE STREAM n WITH (…)) and the outputs of statements',
    };
  }
  return statement.kind === 'Describe' ? describeListing(object) : { title: createStatementText(object), columns: [], rows: [] };
}

/** `DESCRIBE n`: kind, connector, boundedness, then one row per column. */
export function describeListing(object: CatalogObject): Listing {
  const reads = object.origin === 'statement' ? 'output of a statement' : object.properties.type ?? 'no connector';
  const bounded = object.bounded === null ? 'boundedness unknown' : object.bounded ? 'bounded' : 'unbounded';
  const known = object.columns === null ? ', columns unknown until it runs' : '';
  return {
    title: `${object.name}: ${object.kind} (${reads}), ${bounded}${known}`,
    columns: ['column', 'type', 'key'],
    rows: (object.columns ?? []).map((c) => [c.name, c.type.toUpperCase(), object.keyColumns.includes(c.name) ? 'yes' : '']),
  };
}

/** `SHOW CREATE STREAM|TABLE n`: the statement that defined `n`; a declaration with its connector keys. */
export function createStatementText(object: CatalogObject): string {
  if (object.sql) return object.sql;
  const keys = Object.entries(object.properties).map(([k, v]) => `'${k}' = '${v}'`).join(', ');
  return `CREATE ${object.kind.toUpperCase()} ${object.name} WITH (${keys})`;
}

export const SOURCE_HEALTH_COLUMNS = ['statement', 'source', 'connector', 'state', 'records', 'position', 'lag', 'last_event_time', 'watermark'];

/**
 * `SHOW STREAM HEALTH [n]`: one row per source of each hosted statement; with `n`, the rows of
 * source `n` and of the statement writing `n`.
 */
export function healthListing(hosted: readonly HostedStatement[], name?: string): Listing | EngineError {
  const rows = hosted.flatMap((h) =>
    h.handle
      .sources()
      .filter((s) => name === undefined || s.source === name || h.name === name)
      .map((s) => healthRow(h.name, s)),
  );
  if (name !== undefined && rows.length === 0) {
    return { code: 'UNKNOWN_OBJECT', message: `no running or finished statement reads or writes ${name}`, hint: 'SHOW STREAM HEALTH without a name lists every source' };
  }
  return { columns: SOURCE_HEALTH_COLUMNS, rows };
}

function healthRow(statement: string, s: SourceHealth): string[] {
  const instant = (ms: number | null) => (ms === null ? '' : formatTimestampMs(ms));
  const onePartition = s.position.length === 1 && s.position[0].partition === 0;
  const position = onePartition ? String(s.position[0].offset) : s.position.map((p) => `${p.partition}:${p.offset}`).join(' ');
  return [statement, s.source, s.connector, s.state, String(s.records), position, s.lag === null ? '' : String(s.lag), instant(s.lastEventTime), instant(s.watermark)];
}
