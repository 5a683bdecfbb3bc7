/**
 * Whether generated SQL is usable against the NL catalog: it parses, the engine's validator
 * (connectors' WITH rules included) accepts it with the catalog's columns and tables, and the planner plans every statement (types, GROUP BY,
 * windows). Warnings are kept; errors make it invalid.
 */
import type { PlanColumn } from '../../plan/logical';
import { planStatement } from '../../plan/planner';
import { parse } from '../../sql';
import type { Diagnostic } from '../../sql/diagnostics';
import { validateSql } from '../../harness/validate-sql';
import type { NlCatalog } from './catalog';

export interface SqlCheck {
  valid: boolean;
  diagnostics: Diagnostic[];
}

export function checkSql(sql: string, catalog: NlCatalog): SqlCheck {
  const parsed = parse(sql);
  const schemas = Object.fromEntries(catalog.sources.map((s) => [s.name, s.columns.map((c) => c.name)]));
  const tables = catalog.sources.filter((s) => s.kind === 'table').map((s) => s.name);
  const diagnostics = [...validateSql(parsed, { schemas, tables })];
  if (parsed.statements.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push({ severity: 'error', code: 'NL001', message: 'no SQL statement in the answer', line: 1, column: 1, endLine: 1, endColumn: 1, token: '', expected: [], hint: '' });
  }
  if (!diagnostics.some((d) => d.severity === 'error')) {
    // Statement outputs become sources of later statements (multi-statement apps).
    const produced = new Map<string, { columns: PlanColumn[] | null; table: boolean }>();
    for (const statement of parsed.statements) {
      const result = planStatement(statement, {
        source(name) {
          const s = catalog.sources.find((x) => x.name === name);
          if (s) return { columns: s.columns.map((c) => ({ name: c.name, type: c.type })), bounded: s.kind === 'table', table: s.kind === 'table' };
          const p = produced.get(name);
          return p ? { columns: p.columns, bounded: null, table: p.table } : undefined;
        },
      });
      for (const d of result.diagnostics) if (!diagnostics.some((o) => o.message === d.message && o.line === d.line)) diagnostics.push(d);
      if (result.planned?.output) produced.set(result.planned.output, { columns: result.planned.columns, table: result.planned.kind === 'table' });
    }
  }
  return { valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}
