/**
 * Subquery sources (dialect spec §9): a subquery reads a table, never a raw stream, and never
 * a CTE of its statement.
 */
import type * as A from '../ast';
import { V } from './codes';
import type { Reporter } from './context';
import { sourcesOf } from '../walk';

export interface RelationKinds {
  /** CTE names of the statement being checked. */
  ctes: ReadonlySet<string>;
  /** Relations the file creates as streams (CREATE STREAM, INSERT INTO, SELECT … INTO). */
  streams: ReadonlySet<string>;
  /** Relations known to be tables: CREATE TABLE results and host-declared tables. */
  tables: ReadonlySet<string>;
  /** The host listed every table it has; any other name is a stream. */
  hostListsAllTables: boolean;
}

export function checkSubquerySources(subquery: A.Select, kinds: RelationKinds, reporter: Reporter): void {
  for (const source of sourcesOf(subquery)) {
    if (source.kind !== 'NamedSource') continue;
    const name = source.name.name;
    if (kinds.ctes.has(name)) {
      reporter.report(V.CteInSubquery, {
        message: `CTE '${name}' cannot be used in a subquery`,
        span: source.name.span,
        token: name,
        hint: `subqueries read tables; JOIN ${name} instead, or make it a CREATE TABLE`,
      });
    } else if (!kinds.tables.has(name) && (kinds.streams.has(name) || kinds.hostListsAllTables)) {
      reporter.report(V.SubquerySourceNotTable, {
        message: `subquery source must be a table: '${name}' is a stream`,
        span: source.name.span,
        token: name,
        hint: `create it with CREATE TABLE ${name} AS …, or JOIN the stream instead`,
      });
    }
  }
}
