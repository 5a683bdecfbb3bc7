/**
 * Keyed state under scale-out (deploy spec §3): runners that share a job's consumer group each
 * hold the groups of the partitions they read, so a GROUP BY (or a join) is correct only when
 * its Kafka input is partitioned by a grouping (join) column. A deployed statement whose Kafka
 * source is keyed by another field, or whose key is not declared (`<source>.key.field`), gets a
 * warning that names the key it found and the one it needs.
 */
import type * as A from '../sql/ast';
import { diagnostic, type Diagnostic } from '../sql/diagnostics';
import { V } from '../sql/validator/codes';
import { querySelects, sourceName, sourceSpan, statementQuery } from '../sql/walk';

const KEY_FIELDS = ['key.field', 'key_field'];

export function partitioningWarnings(statements: readonly A.Statement[]): Diagnostic[] {
  return statements.flatMap((statement) => {
    const q = statementQuery(statement);
    if (!q) return [];
    const props = new Map((q.properties?.entries ?? []).map((e) => [e.key.toLowerCase(), e.value]));
    return querySelects(q.query).flatMap((select) => selectWarnings(select, props));
  });
}

/** Each Kafka source of one SELECT against the columns its state is keyed by there. */
function selectWarnings(select: A.Select, props: Map<string, string>): Diagnostic[] {
  const joinKeys = joinColumns(select);
  const sources = [...(select.from ? [select.from] : []), ...select.joins.map((j) => j.source)];
  return sources.flatMap((source) => {
    if (source.kind !== 'NamedSource') return [];
    const name = sourceName(source);
    const own = new Map((source.options?.entries ?? []).map((e) => [e.key.toLowerCase(), e.value]));
    const property = (key: string) => own.get(key) ?? props.get(`${name.toLowerCase()}.${key}`);
    if (property('type') !== 'kafka_source') return [];
    const key = KEY_FIELDS.map(property).find((k) => k !== undefined) ?? null;
    // The state of a GROUP BY (FROM side) and of a join (each side) is keyed by one of these columns.
    const keyings = [source === select.from ? groupColumns(select) : [], joinKeys.get(refName(source)) ?? []];
    const unmet = keyings.find((columns) => columns.length > 0 && !columns.some((c) => c.toLowerCase() === key?.toLowerCase()));
    if (!unmet) return [];
    const found = key === null ? `declares no key field ('${name}.key.field')` : `is keyed by '${key}'`;
    return [
      diagnostic({
        severity: 'warning',
        code: V.PartitionKeyMismatch.code,
        message: `source '${name}' ${found}, but the job keeps state by ${unmet.map((c) => `'${c}'`).join(', ')}: runners sharing its partitions would each hold part of a group`,
        span: sourceSpan(source),
        token: name,
        hint: `partition the topic by ${unmet[0]} (the message key) and set '${name}.key.field' = '${unmet[0]}'`,
      }),
    ];
  });
}

/** GROUP BY and session PARTITION BY columns (plain column references: expressions cannot be a message key). */
function groupColumns(select: A.Select): string[] {
  const session = select.window?.kind === 'Session' ? select.window.partitionColumn : undefined;
  return [...(select.groupBy ?? []), ...(session ? [session] : [])].filter((e): e is A.ColumnRef => e.kind === 'Column').map((c) => c.name.name);
}

/** Per source alias (or name): its columns in the `a.x = b.y` pairs of every ON. */
function joinColumns(select: A.Select): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (c: A.ColumnRef) => {
    if (!c.qualifier) return;
    const q = c.qualifier.name.toLowerCase();
    out.set(q, [...(out.get(q) ?? []), c.name.name]);
  };
  const visit = (e: A.Expr | undefined): void => {
    if (e?.kind !== 'Binary') return;
    if (e.op === 'AND') {
      visit(e.left);
      visit(e.right);
    } else if (e.op === '=' && e.left.kind === 'Column' && e.right.kind === 'Column') {
      add(e.left);
      add(e.right);
    }
  };
  select.joins.forEach((j) => visit(j.on));
  return out;
}

function refName(source: A.NamedSource): string {
  return (source.alias?.name ?? source.name.name).toLowerCase();
}
