/**
 * What the harness needs to know about a SQL application (harness spec §3.1–§3.2): its
 * statements with their names, FROM/JOIN sources and sink, and for each object its kind
 * (Kafka or file, Kafka when `<name>.type` is missing), topic, partitions and file settings —
 * resolved through the engine's own property resolution (`prepareStatement`).
 */
import * as path from 'path';
import { Catalog } from '../../api/catalog';
import { prepareStatement } from '../../api/query';
import { createConnectorRegistry } from '../../connectors/builtin';
import type { ObjectProperties } from '../../connectors/properties';
import { TopicStore } from '../../connectors/topics/topic-store';
import { readAnnotations, type MetricAnnotation } from '../../sql/annotationModel';
import type * as A from '../../sql/ast';
import type { Diagnostic } from '../../sql/diagnostics';
import { parse } from '../../sql/parse';

export type ObjectKind = 'kafka' | 'file';

export interface AppObject {
  name: string;
  kind: ObjectKind;
  /** Topic (Kafka kind): `<name>.topic.name`, `<name>.topic`, config, else the name. */
  topic: string;
  partitions: number;
  /** File path (file kind), resolved. */
  path?: string;
  format?: string;
  /** Declared as a table (`table` in its config): a lookup side read completely. */
  table: boolean;
  properties: ObjectProperties;
}

export interface AppStatement {
  statement: A.Statement;
  index: number;
  /** CREATE STREAM/TABLE name, INSERT target, or null. */
  name: string | null;
  sources: AppObject[];
  sink: AppObject | null;
  metrics: MetricAnnotation[];
  /** The FROM source and first JOIN source (join_coverage defaults, analysis). */
  fromSource?: string;
  joinSource?: string;
  /** Top-level WHERE conjuncts, GROUP BY names and window size, for the analyser. */
  shape: StatementShape;
}

export interface StatementShape {
  where?: A.Expr;
  groupBy: string[];
  windowMs?: number;
  joinKeys: { left: string; right: string }[];
  joinType?: string;
}

export interface AppModel {
  file: string;
  /** `-- SQL Application:` / `@app` name, else the file stem. */
  name: string;
  parsed: A.ParseResult;
  statements: AppStatement[];
  diagnostics: Diagnostic[];
}

const FILE_TYPES = new Set(['file_source', 'file_source_mmap', 'file_sink']);

export function loadAppModel(file: string, text: string): AppModel {
  const parsed = parse(text);
  const annotations = readAnnotations(parsed);
  const stem = path.basename(file).replace(/\.sql$/i, '');
  const name = parsed.header.name ?? annotations.application.id ?? stem;
  const baseDir = path.dirname(path.resolve(file));
  // A registry with every Kafka type available, so kinds resolve without reporting missing connectors.
  const catalog = new Catalog();
  const registry = createConnectorRegistry({ memory: catalog.store, topicStore: new TopicStore(() => 0) });
  const statements: AppStatement[] = [];
  for (const statement of parsed.statements) {
    const prepared = prepareStatement(statement, catalog, { registry, baseDir, onProblem: () => {} });
    if (prepared.planned) catalog.registerOutput(prepared.planned);
    const object = (n: string, role: 'source' | 'sink'): AppObject => toObject(prepared.properties.forObject(n, role).properties);
    const sourceNames = prepared.planned?.sources ?? sourcesOfAst(statement);
    const output = prepared.planned?.output ?? outputName(statement);
    const query = statementQuery(statement);
    const select = query ? firstSelect(query.body) : undefined;
    const joins = select?.joins ?? [];
    statements.push({
      statement,
      index: statement.index,
      name: output,
      sources: sourceNames.map((n) => object(n, 'source')),
      sink: output === null ? null : object(output, 'sink'),
      metrics: annotations.statements.find((s) => s.index === statement.index)?.metrics ?? [],
      fromSource: select?.from ? relationName(select.from) : undefined,
      joinSource: joins[0] ? relationName(joins[0].source) : undefined,
      shape: shapeOf(select),
    });
  }
  return { file, name, parsed, statements, diagnostics: parsed.diagnostics };
}

function toObject(props: ObjectProperties): AppObject {
  const type = props.type;
  const kind: ObjectKind = type !== undefined && FILE_TYPES.has(type) ? 'file' : 'kafka';
  return {
    name: props.name,
    kind,
    topic: props.topic,
    partitions: props.partitions ?? 1,
    ...(kind === 'file' ? { path: props.resolvedPath('path'), format: props.format } : {}),
    table: props.declaresTable,
    properties: props,
  };
}

export function outputName(statement: A.Statement): string | null {
  switch (statement.kind) {
    case 'CreateStream':
    case 'CreateTable':
      return statement.name.name;
    case 'Insert':
      return statement.target.name;
    default:
      return null;
  }
}

function statementQuery(statement: A.Statement): A.Query | undefined {
  switch (statement.kind) {
    case 'CreateStream':
    case 'CreateTable':
    case 'Insert':
    case 'Select':
      return statement.query;
    default:
      return undefined;
  }
}

function firstSelect(body: A.QueryBody): A.Select {
  let b = body;
  while (b.kind === 'Union') b = b.left;
  return b;
}

function relationName(source: A.Source): string | undefined {
  return source.kind === 'NamedSource' ? source.name.name : undefined;
}

function sourcesOfAst(statement: A.Statement): string[] {
  const query = statementQuery(statement);
  if (!query) return [];
  const select = firstSelect(query.body);
  return [select.from, ...select.joins.map((j) => j.source)].map((s) => (s ? relationName(s) : undefined)).filter((n): n is string => n !== undefined);
}

function shapeOf(select: A.Select | undefined): StatementShape {
  const shape: StatementShape = { groupBy: [], joinKeys: [] };
  if (!select) return shape;
  if (select.where) shape.where = select.where;
  for (const g of select.groupBy ?? []) {
    const name = columnName(g);
    if (name) shape.groupBy.push(name);
  }
  const window = select.window;
  if (window) shape.windowMs = window.kind === 'Session' ? window.gap.ms : window.size.ms;
  const join = select.joins[0];
  if (join) {
    shape.joinType = join.joinType;
    collectEquiKeys(join.on, shape.joinKeys);
  }
  return shape;
}

/** The bare column name of a column reference expression, if it is one. */
export function columnName(e: A.Expr | undefined): string | undefined {
  return e?.kind === 'Column' ? e.name.name : undefined;
}

function collectEquiKeys(e: A.Expr | undefined, out: { left: string; right: string }[]): void {
  if (e?.kind !== 'Binary') return;
  if (e.op === 'AND') {
    collectEquiKeys(e.left, out);
    collectEquiKeys(e.right, out);
  } else if (e.op === '=') {
    const l = columnName(e.left);
    const r = columnName(e.right);
    if (l && r) out.push({ left: l, right: r });
  }
}
