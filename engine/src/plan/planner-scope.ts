/**
 * Name resolution (dialect spec §4.3, §4.4, §9.1): which relation of FROM/JOIN a column
 * reference means, and the field name it has in the record the operators see.
 *
 * A relation is one FROM or JOIN source. Qualifiers match its alias, or its name when it has no
 * alias; stream and column names are case-sensitive. After a join, a right-side column whose
 * name collides with a left-side one is the field `right_<col>` (§4.4). Unqualified names
 * resolve against known schemas first; when schemas are unknown, the left-most relation of
 * unknown shape is assumed (at run time a missing field reads as NULL, §14).
 */
import type { SqlType } from '../types/values/types';
import type { PlanColumn, PlanExpr } from './logical';
import type { ColumnUses } from './planner-walk';

export interface Relation {
  /** Source or CTE name as written. */
  source: string;
  alias: string | null;
  /** Known payload columns, else null. */
  columns: PlanColumn[] | null;
  /**
   * Column name → field name in the combined record, for every column the planner knows of (the
   * known ones and the ones the query names): `right_<col>` for a right-side collision, else itself.
   */
  fields: ReadonlyMap<string, string>;
}

export type Resolution =
  | { kind: 'found'; expr: PlanExpr; relation: Relation }
  | { kind: 'unknownColumn'; relation: Relation | null }
  | { kind: 'unknownQualifier' }
  | { kind: 'ambiguous'; candidates: string[] };

/**
 * Prefix of the `qualifier` of a correlated reference inside a subquery plan: the column is read
 * from the outer record (`o.customer_id` in `… WHERE c.id = o.customer_id` plans as
 * `column customer_id, qualifier 'outer:o'`). See `isCorrelatedColumn`.
 */
export const OUTER_QUALIFIER_PREFIX = 'outer:';

/** True for a column a subquery reads from its outer query's current record. */
export function isCorrelatedColumn(e: PlanExpr): boolean {
  return e.kind === 'column' && e.qualifier !== null && e.qualifier.startsWith(OUTER_QUALIFIER_PREFIX);
}

export class Scope {
  constructor(
    readonly relations: readonly Relation[],
    /** The enclosing query's scope, for correlated subqueries. */
    readonly outer: Scope | null = null,
  ) {}

  /** The relation a qualifier names, if any. */
  relation(qualifier: string): Relation | undefined {
    return this.relations.find((r) => (r.alias ?? r.source) === qualifier);
  }

  resolve(qualifier: string | null, name: string): Resolution {
    if (qualifier !== null) {
      const relation = this.relation(qualifier);
      if (!relation) return { kind: 'unknownQualifier' };
      const column = relation.columns?.find((c) => c.name === name);
      if (relation.columns && !column) return { kind: 'unknownColumn', relation };
      return { kind: 'found', relation, expr: columnExpr(relation, name, qualifier, column?.type ?? 'any') };
    }
    const owners = this.relations.filter((r) => r.columns?.some((c) => c.name === name));
    if (owners.length > 1) return { kind: 'ambiguous', candidates: owners.map((r) => `${r.alias ?? r.source}.${name}`) };
    const owner = owners[0] ?? this.relations.find((r) => r.columns === null);
    if (!owner) return { kind: 'unknownColumn', relation: this.relations.length === 1 ? this.relations[0] : null };
    const type = owner.columns?.find((c) => c.name === name)?.type ?? 'any';
    return { kind: 'found', relation: owner, expr: columnExpr(owner, name, null, type) };
  }

  /** Columns of `SELECT *` (all relations) or `t.*`, or null when some schema is unknown. */
  starColumns(qualifier: string | null): { name: string; expr: PlanExpr }[] | null {
    const relations = qualifier === null ? this.relations : this.relations.filter((r) => (r.alias ?? r.source) === qualifier);
    if (relations.some((r) => r.columns === null)) return null;
    return relations.flatMap((r) =>
      r.columns!.map((c) => {
        const expr = columnExpr(r, c.name, qualifier, c.type);
        return { name: expr.kind === 'column' ? expr.name : c.name, expr };
      }),
    );
  }
}

function columnExpr(relation: Relation, name: string, qualifier: string | null, type: SqlType): PlanExpr {
  return { kind: 'column', name: relation.fields.get(name) ?? name, qualifier, type };
}

/**
 * The relations of `FROM a JOIN b JOIN c`, with right-side collisions renamed: a right column is
 * `right_<col>` when an earlier relation has (or is used with) the same column name. A relation
 * of unknown columns counts as using every unqualified name of the query, since such a name may
 * resolve to it.
 */
export function joinRelations(sources: { source: string; alias: string | null; columns: PlanColumn[] | null }[], uses: ColumnUses): Relation[] {
  const taken = new Set<string>();
  return sources.map((s, index) => {
    const names = new Set<string>([
      ...(s.columns ?? []).map((c) => c.name),
      ...(uses.qualified.get(s.alias ?? s.source) ?? []),
      ...(s.columns === null ? uses.unqualified : []),
    ]);
    const fields = new Map<string, string>();
    for (const n of names) fields.set(n, index > 0 && taken.has(n) ? `right_${n}` : n);
    for (const field of fields.values()) taken.add(field);
    return { ...s, fields };
  });
}
