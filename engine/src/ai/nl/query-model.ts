/**
 * What the offline engine understood, before it becomes SQL: one source (and a lookup table it
 * joins on a shared key), filters, grouping, measures, a time or row window, top-N. Rendering
 * is plain text assembly in the dialect's canonical shape (EMIT CHANGES without a window, EMIT
 * FINAL with one).
 */
import type { NlSource } from './catalog';
import type { AggregateFn, CompareOp } from './lexicon';
import type { ColumnRef } from './mentions';

export type IntervalUnit = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';

export interface Interval {
  n: number;
  unit: IntervalUnit;
}

export type Measure =
  | { fn: AggregateFn; column: ColumnRef | null; distinct: boolean; alias: string }
  | { fn: 'VWAP'; price: ColumnRef; weight: ColumnRef; alias: string };

export type Operand = { kind: 'column'; ref: ColumnRef } | { kind: 'measure'; measure: Measure } | { kind: 'expr'; left: ColumnRef; op: '-' | '+' | '*' | '/'; right: ColumnRef; alias: string };

export interface Condition {
  left: Operand;
  op: CompareOp | 'IN' | 'BETWEEN';
  /** SQL literals as written (numbers) or quoted (strings). */
  values: string[];
}

export type TimeWindow = { kind: 'tumbling'; size: Interval } | { kind: 'sliding'; size: Interval; advance: Interval } | { kind: 'session'; gap: Interval };

export interface QueryModel {
  source: NlSource;
  join: { table: NlSource; key: string } | null;
  /** Columns and derived expressions of a non-aggregating query; empty = `*`. */
  projection: Operand[];
  where: Condition[];
  groupBy: ColumnRef[];
  measures: Measure[];
  having: Condition[];
  window: TimeWindow | null;
  /** A row window: every measure is computed OVER the last `rows` records per group. */
  rows: number | null;
  topN: { n: number; by: Measure } | null;
  timeColumn: string | null;
}

const alias = (s: NlSource) => nameAlias(s.name);

function nameAlias(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toLowerCase())
    .join('')
    .slice(0, 1);
}

export function renderSql(q: QueryModel): string {
  const aliases = new Map<NlSource, string>();
  if (q.join) {
    const a = alias(q.source);
    let b = alias(q.join.table);
    if (b === a) b = `${b}2`;
    aliases.set(q.source, a).set(q.join.table, b);
  }
  const col = (r: ColumnRef) => (aliases.has(r.source) ? `${aliases.get(r.source)}.${r.column.name}` : r.column.name);
  // `over` follows every aggregate call, so a rolling VWAP is a ratio of two rolling sums.
  const measureSql = (m: Measure, over = '') => {
    if (m.fn === 'VWAP') return `SUM(${col(m.price)} * ${col(m.weight)})${over} / SUM(${col(m.weight)})${over}`;
    if (m.fn === 'COUNT' && !m.column) return `COUNT(*)${over}`;
    return `${m.fn}(${m.distinct ? 'DISTINCT ' : ''}${col(m.column!)})${over}`;
  };
  const operand = (o: Operand) => (o.kind === 'column' ? col(o.ref) : o.kind === 'measure' ? measureSql(o.measure) : `${col(o.left)} ${o.op} ${col(o.right)}`);
  const condition = (c: Condition) => {
    if (c.op === 'IN') return `${operand(c.left)} IN (${c.values.join(', ')})`;
    if (c.op === 'BETWEEN') return `${operand(c.left)} BETWEEN ${c.values[0]} AND ${c.values[1]}`;
    return `${operand(c.left)} ${c.op} ${c.values[0]}`;
  };
  const from = q.join
    ? `${q.source.name} ${aliases.get(q.source)} JOIN ${q.join.table.name} ${aliases.get(q.join.table)} ON ${aliases.get(q.source)}.${q.join.key} = ${aliases.get(q.join.table)}.${q.join.key}`
    : q.source.name;
  const where = q.where.length ? ` WHERE ${q.where.map(condition).join(' AND ')}` : '';
  const time = q.timeColumn ?? '_event_time';

  if (q.rows !== null) {
    const partition = q.groupBy.length ? ` PARTITION BY ${q.groupBy.map(col).join(', ')}` : '';
    const over = ` OVER (ROWS WINDOW BUFFER ${q.rows} ROWS${partition} ORDER BY ${time})`;
    const shown = uniqueBy([...q.groupBy, ...q.measures.flatMap((m) => (m.fn === 'VWAP' ? [m.price] : m.column ? [m.column] : []))], col);
    const items = [...shown.map(col), ...q.measures.map((m) => `${measureSql(m, over)} AS ${m.alias}`)];
    return `SELECT ${items.join(', ')} FROM ${from}${where};`;
  }
  if (q.measures.length === 0) {
    const items = q.projection.length ? q.projection.map((o) => (o.kind === 'expr' ? `${operand(o)} AS ${o.alias}` : operand(o))) : ['*'];
    return `SELECT ${items.join(', ')} FROM ${from}${where};`;
  }
  const items = [...q.groupBy.map(col), ...q.measures.map((m) => `${measureSql(m)} AS ${m.alias}`)];
  const group = q.groupBy.length ? ` GROUP BY ${q.groupBy.map(col).join(', ')}` : '';
  const having = q.having.length ? ` HAVING ${q.having.map(condition).join(' AND ')}` : '';
  const window = q.window ? ` WINDOW ${windowSql(q.window, time)}` : '';
  const emit = q.window ? ' EMIT FINAL' : ' EMIT CHANGES';
  // Top N: the dialect has no per-window LIMIT (ROW_NUMBER numbers rows in arrival order), so
  // each window's rows are sorted by the ranking measure; the explanation says so.
  const order = q.topN ? ` ORDER BY ${q.topN.by.alias} DESC` : '';
  return `SELECT ${items.join(', ')} FROM ${from}${where}${group}${window}${having}${order}${emit};`;
}

function windowSql(w: TimeWindow, time: string): string {
  const iv = (i: Interval) => `INTERVAL '${i.n}' ${i.unit}`;
  if (w.kind === 'tumbling') return `TUMBLING(${time}, ${iv(w.size)})`;
  if (w.kind === 'session') return `SESSION(${time}, ${iv(w.gap)})`;
  return `SLIDING(${time}, ${shortDuration(w.size)}, ${shortDuration(w.advance)})`;
}

/** `5m`-style durations: the only form SLIDING takes without the INTERVAL extension. */
function shortDuration(i: Interval): string {
  return `${i.n}${{ SECOND: 's', MINUTE: 'm', HOUR: 'h', DAY: 'd' }[i.unit]}`;
}

export function intervalText(i: Interval): string {
  return `${i.n} ${i.unit.toLowerCase()}${i.n === 1 ? '' : 's'}`;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}
