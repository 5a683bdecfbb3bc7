/**
 * Semantic validation of a parsed application (dialect spec §14): everything the grammar cannot
 * see. `validate` never throws for bad input; it returns the parser's diagnostics followed by
 * its own (VV3xx, VA4xx, VW5xx, VP-…), in file order. Rule families live in `./validator/`.
 */
import type * as A from './ast';
import { byPosition, Diagnostic } from './diagnostics';
import { asSinkDeclaration, declaredProperties } from './declarations';
import { parse } from './parse';
import { checkAnnotations } from './validator/annotations';
import { Binding, checkColumns, Scope } from './validator/columns';
import { Reporter } from './validator/context';
import { checkFunctions } from './validator/functions';
import { checkPortability } from './validator/portability';
import { checkProperties } from './validator/properties';
import { checkQueryShape, checkSourceShape, SelectRole } from './validator/queryShape';
import type { Env, SourceProperties, ValidationRegistry } from './validator/registry';
import { Columns, outputColumns, SchemaCatalog } from './validator/schema';
import { checkSubquerySources, RelationKinds } from './validator/subqueries';
import { branches, clauseExprs, mainSelect, querySelects, sourceName, sourcesOf, statementQuery, StatementQuery, subqueriesIn } from './walk';

export interface ValidateOptions {
  /** Report every extension form as `VP-X<n>` and a missing application header (§2, §3.2). */
  portable?: boolean;
  /** Same as `portable: true`. */
  portability?: 'velostream';
  /** Host-supplied schemas: relation name → its column names. */
  schemas?: Readonly<Record<string, readonly string[]>>;
  /** Relations the host declares as tables (subquery sources, §9.1); when given, others are streams. */
  tables?: readonly string[];
  /** Directory of the SQL file: config files and CSV paths in WITH resolve against it. Default: cwd. */
  baseDir?: string;
  /** Environment for `${VAR}` in WITH values. Default: process.env. */
  env?: Env;
  /**
   * What the layers above know (connectors' reading of WITH lists, the harness's `@data.*`
   * grammar); the checks it has no knowledge for are not made. Callers above `sql/` pass the
   * engine's full registry (`validateApp` in `api/`).
   */
  registry?: ValidationRegistry;
}

export function validate(input: A.ParseResult | string, options: ValidateOptions = {}): Diagnostic[] {
  const parsed = typeof input === 'string' ? parse(input) : input;
  const file = new FileState(options);
  const reporter = new Reporter();
  for (const statement of parsed.statements) file.check(statement, reporter.forStatement(statement));
  checkAnnotations(parsed, file.outputs, options.registry ?? {}, reporter);
  if (options.portable || options.portability === 'velostream') checkPortability(parsed, reporter);
  return [...parsed.diagnostics, ...reporter.diagnostics].sort(byPosition);
}

/** What earlier statements of the file tell later ones. */
class FileState {
  private readonly catalog: SchemaCatalog;
  private readonly streams = new Set<string>();
  private readonly tables: Set<string>;
  /** Output columns per statement index, when known (★ annotation checks read them). */
  readonly outputs = new Map<number, Columns>();
  private readonly declarations = new Map<string, A.Properties>();

  constructor(private readonly options: ValidateOptions) {
    this.catalog = new SchemaCatalog(options.schemas);
    this.tables = new Set(options.tables ?? []);
  }

  check(statement: A.Statement, reporter: Reporter): void {
    if (statement.kind === 'CreateSource') return this.declare(statement, reporter);
    const target = statementQuery(statement);
    if (!target) return;
    const output = new StatementCheck(target, this, reporter).run();
    const columns = target.columns?.map((c) => c.name.name) ?? output;
    this.outputs.set(statement.index, columns);
    if (target.sink) {
      this.catalog.define(target.sink.name, columns);
      (target.create === 'CreateTable' ? this.tables : this.streams).add(target.sink.name);
    }
  }

  /** ⊕X24 a source declaration: its connector is checked now; later statements read `n` through it. */
  private declare(statement: A.CreateSourceStatement, reporter: Reporter): void {
    const name = statement.name;
    const properties = declaredProperties(statement);
    const source: A.NamedSource = { kind: 'NamedSource', name, aliasWithAs: false, span: name.span };
    checkProperties({ sources: [source], lists: [properties] }, this.propertyOptions, reporter);
    this.declarations.set(name.name, properties);
    this.catalog.define(name.name, statement.columns?.map((c) => c.name.name));
    (statement.objectType === 'TABLE' ? this.tables : this.streams).add(name.name);
  }

  /** The WITH keys of an earlier `CREATE STREAM|TABLE name WITH (…)` declaration, as `name.<key>`. */
  declaration(name: string): A.Properties | undefined {
    return this.declarations.get(name);
  }

  columnsOf(name: string, props?: SourceProperties): Columns {
    return this.catalog.columnsOf(name, props);
  }

  relationKinds(ctes: ReadonlySet<string>): RelationKinds {
    return { ctes, streams: this.streams, tables: this.tables, hostListsAllTables: this.options.tables !== undefined };
  }

  get propertyOptions() {
    return { baseDir: this.options.baseDir ?? process.cwd(), env: this.options.env, registry: this.options.registry ?? {} };
  }
}

/** One statement's query: its CTEs, branches and subqueries, each select checked in its scope. */
class StatementCheck {
  private readonly ctes = new Map<string, Columns>();
  private readonly kinds: RelationKinds;
  private props: ReadonlyMap<string, SourceProperties> = new Map();

  constructor(
    private readonly target: StatementQuery,
    private readonly file: FileState,
    private readonly reporter: Reporter,
  ) {
    this.kinds = file.relationKinds(new Set(target.query.ctes.map((c) => c.name.name)));
  }

  /** Checks everything and returns the output columns of the main select, when known. */
  run(): Columns {
    const { query } = this.target;
    this.props = checkProperties(this.objects(), this.file.propertyOptions, this.reporter);
    for (const cte of query.ctes) {
      for (const branch of branches(cte.body)) this.visit(branch, 'cte');
      this.ctes.set(cte.name.name, outputColumns(branches(cte.body)[0], (s) => this.binding(s).columns));
    }
    for (const branch of branches(query.body)) this.visit(branch, 'main');
    return outputColumns(mainSelect(query), (s) => this.binding(s).columns);
  }

  private visit(select: A.Select, role: SelectRole, outer?: Scope): void {
    const scope = new Scope(sourcesOf(select).map((s) => this.binding(s)), outer);
    checkFunctions(select, this.reporter);
    checkQueryShape(select, role, this.reporter);
    checkSourceShape(select, (name) => this.props.get(name), this.reporter);
    checkColumns(select, scope, this.reporter);
    if (role === 'subquery') checkSubquerySources(select, this.kinds, this.reporter);
    for (const { expr } of clauseExprs(select)) {
      for (const sub of subqueriesIn(expr)) this.visit(sub, 'subquery', scope);
    }
  }

  private binding(source: A.Source): Binding {
    const alias = source.alias?.name;
    if (source.kind === 'UriSource') return { name: source.uri, alias, columns: undefined };
    if (source.kind === 'DerivedSource') return { name: sourceName(source), alias, columns: undefined };
    const name = source.name.name;
    const columns = this.ctes.has(name) ? this.ctes.get(name) : this.file.columnsOf(name, this.props.get(name));
    return { name, alias, columns };
  }

  /** Every source read anywhere in the statement except its CTEs, and every WITH list. */
  private objects() {
    const sources: A.Source[] = [];
    const lists: A.Properties[] = this.target.properties ? [this.target.properties] : [];
    const collect = (select: A.Select) => {
      for (const source of sourcesOf(select)) {
        if (source.kind === 'NamedSource' && this.kinds.ctes.has(source.name.name)) continue;
        sources.push(source);
        if (source.options) lists.push(source.options);
      }
      if (select.properties) lists.push(select.properties);
      for (const { expr } of clauseExprs(select)) subqueriesIn(expr).forEach(collect);
    };
    querySelects(this.target.query).forEach(collect);
    // A statement with WITH lists of its own also gets the declarations of the sources it names.
    if (lists.length > 0) {
      for (const name of new Set(sources.map(sourceName))) {
        const declared = this.file.declaration(name);
        if (declared) lists.unshift(declared);
      }
      const sink = this.target.sink && this.file.declaration(this.target.sink.name);
      if (sink) lists.unshift(asSinkDeclaration(sink));
    }
    return { sources, sink: this.target.sink, lists };
  }
}
