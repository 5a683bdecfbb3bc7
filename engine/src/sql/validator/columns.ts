/**
 * Column names against the sources they come from (dialect spec §4.2, §4.5, §9.1): unknown
 * columns and qualifiers when the schema is known, and select aliases used in WHERE. Scopes
 * chain outwards so correlated subqueries see the outer query's sources.
 */
import type * as A from '../ast';
import { V } from './codes';
import type { Reporter } from './context';
import type { Columns } from './schema';
import { didYouMean } from './suggest';
import { Clause, clauseExprs, walk } from '../walk';

/** A FROM/JOIN source as the query names it. */
export interface Binding {
  name: string;
  alias?: string;
  columns: Columns;
}

export class Scope {
  constructor(
    readonly bindings: readonly Binding[],
    readonly parent?: Scope,
  ) {}

  /** Bindings in reach, innermost first. */
  private reach(): Binding[] {
    return [...this.bindings, ...(this.parent?.reach() ?? [])];
  }

  /** The binding a qualifier names, looking outwards. */
  qualified(qualifier: string): Binding | undefined {
    return this.reach().find((b) => b.alias === qualifier || b.name === qualifier);
  }

  /** 'found', 'missing', or 'unknown' when some source in reach has no known schema. */
  resolve(column: string): 'found' | 'missing' | 'unknown' {
    const bindings = this.reach();
    for (const b of bindings) {
      if (!b.columns) return 'unknown';
      if (b.columns.includes(column)) return 'found';
    }
    return bindings.length > 0 ? 'missing' : 'unknown';
  }

  knownColumns(): string[] {
    return [...new Set(this.reach().flatMap((b) => b.columns ?? []))];
  }
}

/** Clauses that may name select aliases (§4.2); the select list itself only earlier ones. */
const ALIAS_CLAUSES: ReadonlySet<Clause> = new Set(['GROUP BY', 'HAVING', 'ORDER BY']);

export function checkColumns(select: A.Select, scope: Scope, reporter: Reporter): void {
  const aliases = select.items.flatMap((item) => (item.kind === 'ExprItem' && item.alias ? [item.alias.name] : []));
  const check = (expr: A.Expr, clause: Clause, visible: ReadonlySet<string>) =>
    walk(expr, (e) => {
      if (e.kind !== 'Column') return;
      if (e.qualifier) return checkQualified(e, e.qualifier, scope, reporter);
      const name = e.name.name;
      if (visible.has(name)) return;
      const resolution = scope.resolve(name);
      if (clause === 'WHERE' && aliases.includes(name) && resolution !== 'found' && looksLikeAliasUse(select, name, resolution)) {
        reporter.report(V.AliasInWhere, {
          message: `'${name}' is a select alias; WHERE cannot use select aliases`,
          span: e.span,
          token: name,
          hint: `repeat the expression behind '${name}' in WHERE, or filter in HAVING`,
        });
        return;
      }
      if (resolution === 'missing') unknownColumn(e, name, [...scope.knownColumns(), ...visible], reporter);
    });

  const earlier = new Set<string>();
  for (const item of select.items) {
    if (item.kind !== 'ExprItem') continue;
    check(item.expr, 'SELECT', earlier);
    if (item.alias) earlier.add(item.alias.name);
  }
  const all = new Set(aliases);
  const none = new Set<string>();
  for (const { clause, expr } of clauseExprs(select)) {
    if (clause !== 'SELECT') check(expr, clause, ALIAS_CLAUSES.has(clause) ? all : none);
  }
}

function checkQualified(e: A.ColumnRef, qualifier: A.Identifier, scope: Scope, reporter: Reporter): void {
  const binding = scope.qualified(qualifier.name);
  if (binding) {
    if (binding.columns && !binding.columns.includes(e.name.name)) {
      unknownColumn(e, `${qualifier.name}.${e.name.name}`, binding.columns, reporter, e.name.name);
    }
    return;
  }
  // `a.b` may also reach into a Map/Struct column `a`; only a name that is nothing is an error.
  if (scope.resolve(qualifier.name) !== 'missing') return;
  const names: string[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) for (const b of s.bindings) names.push(b.alias ?? b.name);
  reporter.report(V.UnknownQualifier, {
    message: `'${qualifier.name}' is not a source or alias of this query`,
    span: qualifier.span,
    token: qualifier.name,
    hint: didYouMean(qualifier.name, names, `qualify with one of: ${names.join(', ')}`),
  });
}

function unknownColumn(e: A.ColumnRef, shown: string, candidates: readonly string[], reporter: Reporter, bare = shown): void {
  const listed = candidates.slice(0, 8).join(', ') + (candidates.length > 8 ? ', …' : '');
  reporter.report(V.UnknownColumn, {
    message: `unknown column '${shown}'`,
    span: e.span,
    token: shown,
    hint: didYouMean(bare, candidates, `known columns: ${listed}`),
  });
}

/**
 * Without a schema, a WHERE name that is also an alias is taken as the alias when no select
 * item reads a source column of that name (`SELECT price * qty AS notional … WHERE notional > 5`).
 */
function looksLikeAliasUse(select: A.Select, name: string, resolution: 'missing' | 'unknown'): boolean {
  if (resolution === 'missing') return true;
  let readsSourceColumn = false;
  for (const item of select.items) {
    if (item.kind !== 'ExprItem') continue;
    walk(item.expr, (e) => {
      if (e.kind === 'Column' && !e.qualifier && e.name.name === name) readsSourceColumn = true;
    });
  }
  return !readsSourceColumn;
}
