/**
 * The typed syntax tree of the Velostream dialect (spec: shared/spec/dialect.md).
 *
 * Conventions
 * - Every node has a `span`; positions are file-relative, lines and columns 1-based, columns in
 *   UTF-16 code units, `end` is exclusive (the position just after the node's last character).
 * - Unions are discriminated by `kind`.
 * - Names keep the case they were written in (stream/column/alias names are case-sensitive);
 *   keyword-like values (units, types, window kinds) are normalised to upper case, with the
 *   original text kept where a formatter needs it.
 * - Extension forms (⊕, spec §2) are listed in `ParseResult.extensions` and on each statement.
 */
import type { Diagnostic } from './diagnostics';

// ---------------------------------------------------------------------------------------------
// Positions, comments, extensions
// ---------------------------------------------------------------------------------------------

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Position;
  /** Exclusive. */
  end: Position;
}

export interface Node {
  span: Span;
}

/** Extension forms of spec §2. */
export type ExtensionId =
  | 'X1' | 'X2' | 'X3' | 'X4' | 'X5' | 'X6' | 'X7' | 'X8' | 'X9' | 'X10' | 'X11'
  | 'X12' | 'X13' | 'X14' | 'X15' | 'X16' | 'X17' | 'X18' | 'X19' | 'X20' | 'X21' | 'X22'
  | 'X23' | 'X24' | 'X25' | 'X26' | 'X27' | 'X28' | 'X29' | 'X30' | 'X31' | 'X32' | 'X33' | 'X34' | 'X35';

/** One use of an extension form; `form` describes it for "not portable to Velostream: <form>". */
export interface ExtensionUse {
  id: ExtensionId;
  form: string;
  span: Span;
}

/** A comment exactly as written (`-- …` or `/* … *\/`). */
export interface Comment extends Node {
  style: 'line' | 'block';
  text: string;
}

/** `-- @key: value` (spec §13.1). Semantic checks belong to the validator. */
export interface RawAnnotation extends Node {
  /** Lower-cased key without `@` (keys are case-insensitive, D3). */
  key: string;
  /** Key as written, without `@`. */
  rawKey: string;
  /** Rest of the line after the first `:`, trimmed, trailing ` -- …` comment removed. */
  value: string;
  /** Position of the `@`. */
  line: number;
  column: number;
}

/** `-- Key: value` header lines of spec §3.2 (`SQL Application`, `Version`, `Name`, …). */
export interface HeaderLine extends Node {
  /** Lower-cased key, single-spaced: 'sql application', 'version', 'description', 'author',
   *  'dependencies', 'tag', 'name', 'property'. */
  key: string;
  value: string;
}

/** The application header (spec §3.2), gathered from header lines anywhere in the file. */
export interface ApplicationHeader {
  name?: string;
  version?: string;
  description?: string;
  author?: string;
  dependencies: string[];
  tags: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

export type Statement =
  | SelectStatement
  | CreateStreamStatement
  | CreateTableStatement
  | CreateSourceStatement
  | InsertStatement
  | StartJobStatement
  | StopJobStatement
  | PauseJobStatement
  | ResumeJobStatement
  | DeployJobStatement
  | RollbackJobStatement
  | ShowStatement
  | DescribeStatement;

export type StatementKind = Statement['kind'];

export interface StatementBase extends Node {
  /** 0-based position of the statement in its file (counting statements that failed to parse). */
  index: number;
  /** Source text of the statement, first token to last token (no `;`). `span` covers it. */
  text: string;
  /** Comments owned by the statement (§3.1): between the previous `;` and its first token. */
  comments: Comment[];
  /** `-- @key: value` lines among `comments`. */
  annotations: RawAnnotation[];
  /** `-- Key: value` header lines among `comments` (`Name`, `Property`, …). */
  headerLines: HeaderLine[];
  /** Extension forms used by this statement. */
  extensions: ExtensionUse[];
}

/** `SELECT …` — a query, optionally `… INTO target [WITH (…)]` (select-into). */
export interface SelectStatement extends StatementBase {
  kind: 'Select';
  query: Query;
  into?: Identifier;
  /** Statement-level `WITH (…)` (lifted from the tail of the last SELECT). */
  properties?: Properties;
}

/** `CREATE STREAM name [(cols)] AS query [EMIT m] [WITH (…)]` (CSAS). */
export interface CreateStreamStatement extends StatementBase {
  kind: 'CreateStream';
  name: Identifier;
  columns?: ColumnDefinition[];
  /** The body. Its tail clauses may appear in any order (§4.1); EMIT is on `query.body.emit`. */
  query: Query;
  properties?: Properties;
  /** ⊕X27 `… INTO sink` at the end of the query: the CREATE also writes to `sink`. */
  into?: Identifier;
}

/** `CREATE TABLE name [(cols)] AS query [EMIT m] [WITH (…)] [EMIT m]` (CTAS). */
export interface CreateTableStatement extends StatementBase {
  kind: 'CreateTable';
  name: Identifier;
  columns?: ColumnDefinition[];
  query: Query;
  properties?: Properties;
  /** The EMIT clause was written after WITH. */
  emitAfterWith: boolean;
  /** ⊕X27 `… INTO sink` at the end of the query. */
  into?: Identifier;
}

/**
 * ⊕X24 `CREATE STREAM|TABLE name [(cols)] WITH (…)` without a query: declares a source whose
 * connector comes from WITH; later statements read it by name.
 */
export interface CreateSourceStatement extends StatementBase {
  kind: 'CreateSource';
  objectType: 'STREAM' | 'TABLE';
  name: Identifier;
  columns?: ColumnDefinition[];
  properties: Properties;
}

/** ⊕X11 `INSERT INTO target [WITH cte…] SELECT … [EMIT m] [WITH (…)]`. */
export interface InsertStatement extends StatementBase {
  kind: 'Insert';
  target: Identifier;
  query: Query;
  properties?: Properties;
}

/** `START JOB|QUERY name AS body [WITH (…)]`. */
export interface StartJobStatement extends StatementBase {
  kind: 'StartJob';
  keyword: JobKeyword;
  name: Identifier;
  body: JobBody;
  properties?: Properties;
}

export interface StopJobStatement extends StatementBase {
  kind: 'StopJob';
  keyword: JobKeyword;
  name: Identifier;
  force: boolean;
}

export interface PauseJobStatement extends StatementBase {
  kind: 'PauseJob';
  keyword: JobKeyword;
  name: Identifier;
}

export interface ResumeJobStatement extends StatementBase {
  kind: 'ResumeJob';
  keyword: JobKeyword;
  name: Identifier;
}

/** `DEPLOY JOB name VERSION 'v' AS body [WITH (…)] [STRATEGY …]`. */
export interface DeployJobStatement extends StatementBase {
  kind: 'DeployJob';
  keyword: JobKeyword;
  name: Identifier;
  version: StringLiteral;
  body: JobBody;
  properties?: Properties;
  strategy?: DeployStrategy;
}

export type DeployStrategy =
  | { kind: 'BLUE_GREEN' | 'ROLLING' | 'REPLACE'; span: Span }
  | { kind: 'CANARY'; percent: number; span: Span };

/** `ROLLBACK JOB name [VERSION 'v']`. */
export interface RollbackJobStatement extends StatementBase {
  kind: 'RollbackJob';
  keyword: JobKeyword;
  name: Identifier;
  version?: StringLiteral;
}

export type JobKeyword = 'JOB' | 'QUERY';

/** A statement's syntax without the file-level fields (index, text, comments, annotations, …). */
export type StatementBody<S extends Statement> = Omit<S, Exclude<keyof StatementBase, 'span'>>;

/** Job bodies are queries or CREATE statements (whose comments belong to the job statement). */
export type JobBody =
  | { kind: 'Select'; query: Query; into?: Identifier; span: Span }
  | {
      kind: 'CreateStream' | 'CreateTable';
      statement: StatementBody<CreateStreamStatement> | StatementBody<CreateTableStatement>;
      span: Span;
    };

/**
 * `SHOW|LIST STREAMS|TABLES|TOPICS|FUNCTIONS|JOBS|QUERIES [[LIKE] 'p']`, `SHOW STATUS [n]`,
 * `SHOW VERSIONS n`, `SHOW METRICS [n]`, `SHOW SCHEMA n`, `SHOW PROPERTIES STREAM|TABLE n`,
 * `SHOW PARTITIONS n`.
 */
export interface ShowStatement extends StatementBase {
  kind: 'Show';
  verb: 'SHOW' | 'LIST';
  target: ShowTarget;
  /** LIKE pattern (listing targets). */
  pattern?: StringLiteral;
  /** Object name (STATUS, VERSIONS, METRICS, SCHEMA, PROPERTIES, PARTITIONS). */
  name?: Identifier;
  /** `SHOW PROPERTIES STREAM|TABLE n`, `SHOW CREATE STREAM|TABLE n`. */
  objectType?: 'STREAM' | 'TABLE';
  /** `SHOW CREATE … FORMAT JSON`. */
  format?: string;
}

export type ShowTarget =
  | 'STREAMS' | 'TABLES' | 'TOPICS' | 'FUNCTIONS' | 'JOBS' | 'QUERIES'
  | 'STATUS' | 'VERSIONS' | 'METRICS' | 'SCHEMA' | 'PROPERTIES' | 'PARTITIONS'
  /** ⊕X35 `SHOW CREATE STREAM|TABLE n [FORMAT f]`, `SHOW STREAM HEALTH [n]`. */
  | 'CREATE' | 'HEALTH';

export interface DescribeStatement extends StatementBase {
  kind: 'Describe';
  name: Identifier;
  /** ⊕X35 `DESCRIBE STREAM|TABLE n`. */
  objectType?: 'STREAM' | 'TABLE';
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** `[WITH cte, …] body` — ⊕X12 CTEs precede the body. */
export interface Query extends Node {
  kind: 'Query';
  ctes: CommonTableExpression[];
  body: QueryBody;
}

export type QueryBody = Select | Union;

/** `left UNION [ALL] right` (top level only; left-associative chain). */
export interface Union extends Node {
  kind: 'Union';
  all: boolean;
  left: QueryBody;
  right: Select;
}

/** ⊕X12 `name AS (select)`; ⊕X28 the body may be a UNION. */
export interface CommonTableExpression extends Node {
  kind: 'Cte';
  name: Identifier;
  body: QueryBody;
}

/** Tail clause names, in the order `clauseOrder` records them. */
export type TailClause = 'GROUP BY' | 'WINDOW' | 'HAVING' | 'ORDER BY' | 'LIMIT' | 'EMIT' | 'INTO' | 'WITH' | 'WINDOW AS';

export interface Select extends Node {
  kind: 'Select';
  distinct: boolean;
  items: SelectItem[];
  from?: Source;
  joins: Join[];
  where?: Expr;
  groupBy?: Expr[];
  window?: WindowSpec;
  having?: Expr;
  orderBy?: OrderByItem[];
  limit?: Limit;
  emit?: Emit;
  /** INTO / WITH written in a nested SELECT (subquery, CTE); top-level ones are lifted to the statement. */
  into?: Identifier;
  /** `INTO a, b, …`: the targets after the first (the planner refuses several sinks). */
  moreTargets?: Identifier[];
  properties?: Properties;
  /** Tail clauses in written order (a formatter prints canonical order, §15). */
  clauseOrder: TailClause[];
  /** ⊕X30 `WINDOW w AS (…)` definitions (their uses are already resolved into each OVER). */
  namedWindows?: NamedWindow[];
}

/** ⊕X30 `WINDOW name AS (PARTITION BY … ORDER BY … frame)`. */
export interface NamedWindow extends Node {
  kind: 'NamedWindow';
  name: Identifier;
  spec: StandardOver;
}

export type SelectItem = StarItem | QualifiedStarItem | ExprItem;

/** `*` */
export interface StarItem extends Node {
  kind: 'Star';
}

/** ⊕X7 `t.*` */
export interface QualifiedStarItem extends Node {
  kind: 'QualifiedStar';
  qualifier: Identifier;
}

/** `expr [[AS] alias] [PRIMARY KEY]` — alias without AS is ⊕X6. */
export interface ExprItem extends Node {
  kind: 'ExprItem';
  expr: Expr;
  alias?: Identifier;
  /** `AS` was written before the alias. */
  aliasWithAs: boolean;
  primaryKey: boolean;
}

export interface Limit extends Node {
  kind: 'Limit';
  /** Non-negative; `number` while safe, `bigint` beyond 2^53. */
  value: number | bigint;
}

export interface Emit extends Node {
  kind: 'Emit';
  mode: 'CHANGES' | 'FINAL';
}

export interface OrderByItem extends Node {
  kind: 'OrderByItem';
  expr: Expr;
  /** Absent when not written (ascending). */
  direction?: 'ASC' | 'DESC';
}

// ---------------------------------------------------------------------------------------------
// Sources and joins
// ---------------------------------------------------------------------------------------------

export type Source = NamedSource | UriSource | DerivedSource;

/** ⊕X23 `(SELECT …) [AS] alias`: a CTE named `alias`, scoped to the statement. */
export interface DerivedSource extends Node {
  kind: 'DerivedSource';
  query: Query;
  alias?: Identifier;
  aliasWithAs: boolean;
  options?: undefined;
}

/** `name [[AS] alias] [WITH (…)]` */
export interface NamedSource extends Node {
  kind: 'NamedSource';
  name: Identifier;
  alias?: Identifier;
  aliasWithAs: boolean;
  /** Source-level options, merged into statement properties by the planner (§12.1). */
  options?: Properties;
}

/** `'kafka://…'` or ⊕X22 unquoted `kafka://…`. */
export interface UriSource extends Node {
  kind: 'UriSource';
  uri: string;
  /** Scheme before `://`, lower-cased. */
  scheme: string;
  quoted: boolean;
  alias?: Identifier;
  aliasWithAs: boolean;
  options?: Properties;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

export interface Join extends Node {
  kind: 'Join';
  joinType: JoinType;
  /** Join keywords as written, upper-cased and single-spaced, e.g. 'LEFT OUTER JOIN', 'JOIN'. */
  keywords: string;
  source: Source;
  /** Absent for ⊕X32 CROSS JOIN. */
  on?: Expr;
  within?: Duration;
}

// ---------------------------------------------------------------------------------------------
// WITH properties, column definitions, types
// ---------------------------------------------------------------------------------------------

export interface Properties extends Node {
  kind: 'Properties';
  entries: Property[];
}

export interface Property extends Node {
  kind: 'Property';
  key: string;
  value: string;
  keySpan: Span;
  valueSpan: Span;
  /** Keys/values written as quoted strings (statement level requires quotes). */
  keyQuoted: boolean;
  valueQuoted: boolean;
}

export interface ColumnDefinition extends Node {
  kind: 'ColumnDefinition';
  name: Identifier;
  type: TypeName;
  notNull: boolean;
  /** `DEFAULT expr` (accepted, not enforced, as in the reference). */
  default?: Expr;
}

/** Canonical type names; synonyms map here (`INT` → INTEGER, `VARCHAR` → STRING, …). */
export type TypeKeyword =
  | 'INTEGER' | 'BIGINT' | 'FLOAT' | 'DOUBLE' | 'REAL' | 'STRING' | 'BOOLEAN' | 'TIMESTAMP'
  | 'DATE' | 'DECIMAL' | 'SCALED_INTEGER' | 'ARRAY' | 'MAP' | 'STRUCT' | 'JSON';

export interface TypeName extends Node {
  kind: 'Type';
  name: TypeKeyword;
  /** As written (`int`, `VARCHAR`, `DateTime`). */
  text: string;
  /** ARRAY(T): one element type; MAP(K, V): two. */
  params: TypeName[];
  /** `DECIMAL(p, s)`: precision and scale as written (`DECIMAL(p)` has scale 0). */
  precision?: number;
  scale?: number;
  /** ⊕X32 `VARCHAR(n)` / `CHAR(n)`: accepted, not enforced. */
  length?: number;
  /** ⊕X32 `STRUCT<name T, …>`. */
  fields?: Array<{ name: Identifier; type: TypeName }>;
}

// ---------------------------------------------------------------------------------------------
// Windows and durations
// ---------------------------------------------------------------------------------------------

/** Units of simple durations (`5m`) — always lower-case in source. */
export type SimpleUnit = 'ns' | 'us' | 'μs' | 'ms' | 's' | 'm' | 'h' | 'd' | 'w';

/** Units of INTERVAL, singular upper-case (plural accepted in source). */
export type IntervalUnit = 'MILLISECOND' | 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK';

/** ⊕X33 calendar units, only in date arithmetic. */
export type CalendarUnit = 'MONTH' | 'YEAR';

/** How a duration was written; `Duration.ms` is the normalised value. */
export type DurationSyntax =
  | { form: 'simple'; value: number; unit: SimpleUnit } //               5m
  | { form: 'seconds'; value: number } //                                 60 (bare integer = seconds)
  | { form: 'interval'; value: number; unit: IntervalUnit; quoted: boolean } // INTERVAL '5' MINUTE
  | { form: 'string'; text: string }; //                                  '1 minute', '5m' (⊕X2)

export interface Duration extends Node {
  kind: 'Duration';
  /** Milliseconds (fractional for ns/us). */
  ms: number;
  syntax: DurationSyntax;
  /** Source text as written. */
  original: string;
}

export type WindowSpec = (TumblingWindow | SlidingWindow | SessionWindow) & {
  /** ⊕X29 written Flink-style in GROUP BY: `TUMBLE(t, size)`, `HOP(t, slide, size)`, `SESSION(t, gap)`. */
  groupFunction?: 'TUMBLE' | 'HOP' | 'SESSION';
};

export interface TumblingWindow extends Node {
  kind: 'Tumbling';
  timeColumn?: ColumnRef | SystemColumnRef;
  size: Duration;
}

/** `SLIDING(…)` or ⊕X3 `HOPPING(…)`. */
export interface SlidingWindow extends Node {
  kind: 'Sliding';
  keyword: 'SLIDING' | 'HOPPING';
  timeColumn?: ColumnRef | SystemColumnRef;
  size: Duration;
  advance: Duration;
  /** ⊕X29 `SLIDING(size, ADVANCE BY slide)`. */
  advanceBy?: boolean;
}

export interface SessionWindow extends Node {
  kind: 'Session';
  timeColumn?: ColumnRef | SystemColumnRef;
  gap: Duration;
  partitionColumn?: ColumnRef | SystemColumnRef;
}

// ---------------------------------------------------------------------------------------------
// OVER
// ---------------------------------------------------------------------------------------------

export type OverClause = BufferOver | StandardOver;

/** §7.1 `OVER (ROWS WINDOW BUFFER n ROWS …)`. */
export interface BufferOver extends Node {
  kind: 'BufferOver';
  bufferRows: number;
  partitionBy: Array<ColumnRef | SystemColumnRef>;
  orderBy: OrderByItem[];
  frame?: Frame;
  /** Absent = EVERY RECORD (default). */
  emitMode?: 'EVERY RECORD' | 'ON BUFFER FULL';
  /** Absent = default expiry (60 s gap). */
  expire?: { kind: 'Never'; span: Span } | { kind: 'Inactivity'; duration: Duration; span: Span };
}

/** ⊕X4 `OVER ([PARTITION BY …] [ORDER BY …] [frame])`. */
export interface StandardOver extends Node {
  kind: 'StandardOver';
  partitionBy: Expr[];
  orderBy: OrderByItem[];
  frame?: Frame;
  /** ⊕X30 `OVER w`: the named window this specification came from. */
  windowName?: string;
  /**
   * ⊕X30 `OVER (w ORDER BY … frame)`: extends named window `w`; `partitionBy` is w's, and so is
   * `orderBy` when `copiedOrderBy` (w has one); ORDER BY otherwise, and the frame, are written here.
   */
  baseWindow?: { name: Identifier; copiedOrderBy: boolean };
}

export interface Frame extends Node {
  kind: 'Frame';
  unit: 'ROWS' | 'RANGE';
  start: FrameBound;
  end: FrameBound;
  /** ⊕X30 written without BETWEEN (`ROWS UNBOUNDED PRECEDING`): the end is CURRENT ROW. */
  shorthand?: boolean;
}

export type FrameBound =
  | { kind: 'UnboundedPreceding' | 'UnboundedFollowing' | 'CurrentRow'; span: Span }
  | { kind: 'Preceding' | 'Following'; offset: IntegerLiteral | Duration; span: Span };

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type Expr =
  | IntegerLiteral
  | DecimalLiteral
  | FloatLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | IntervalLiteral
  | ColumnRef
  | SystemColumnRef
  | FunctionCall
  | BinaryExpr
  | NegateExpr
  | NotExpr
  | CaseExpr
  | CastExpr
  | ExtractExpr
  | InListExpr
  | InSubqueryExpr
  | BetweenExpr
  | LikeExpr
  | IsNullExpr
  | ExistsExpr
  | ScalarSubquery
  | QuantifiedComparison
  | PathExpr;

export type ExprKind = Expr['kind'];

/** `123` — Integer (i64). `number` while |v| ≤ 2^53, `bigint` beyond. Negative literals fold `-`. */
export interface IntegerLiteral extends Node {
  kind: 'Integer';
  value: number | bigint;
  text: string;
}

/** `12.50` — ScaledInteger(1250, 2). */
export interface DecimalLiteral extends Node {
  kind: 'Decimal';
  unscaled: number | bigint;
  scale: number;
  text: string;
}

/** `1.5e3` */
export interface FloatLiteral extends Node {
  kind: 'Float';
  value: number;
  text: string;
}

/** `'x'` or `"x"` — both are strings (a double-quoted select item gets a validator warning). */
export interface StringLiteral extends Node {
  kind: 'String';
  value: string;
  quote: "'" | '"';
}

export interface BooleanLiteral extends Node {
  kind: 'Boolean';
  value: boolean;
}

export interface NullLiteral extends Node {
  kind: 'Null';
}

/** `INTERVAL '5' MINUTE`, `INTERVAL 5 MINUTES` (WEEK(S) is ⊕X20). */
export interface IntervalLiteral extends Node {
  kind: 'Interval';
  value: number;
  unit: IntervalUnit | CalendarUnit;
  /** 0 for calendar units (their length varies). */
  ms: number;
  /** ⊕X33 `INTERVAL 'n' MONTH(S)|YEAR(S)`: calendar months (a year is 12). */
  months?: number;
  quoted: boolean;
  /** Source text as written. */
  original: string;
}

/** `col` or `qualifier.col`. */
export interface ColumnRef extends Node {
  kind: 'Column';
  qualifier?: Identifier;
  name: Identifier;
}

export type SystemColumnName =
  | '_TIMESTAMP' | '_OFFSET' | '_PARTITION' | '_EVENT_TIME' | '_WINDOW_START' | '_WINDOW_END';

/** System columns (§10.1), matched case-insensitively; `name` is canonical, `text` as written. */
export interface SystemColumnRef extends Node {
  kind: 'SystemColumn';
  qualifier?: Identifier;
  name: SystemColumnName;
  text: string;
}

export interface FunctionCall extends Node {
  kind: 'FunctionCall';
  /** As written; function names are case-insensitive (compare `upperName`). */
  name: string;
  upperName: string;
  nameSpan: Span;
  args: Expr[];
  /** `COUNT(*)` */
  star: boolean;
  /** ⊕X5 `COUNT(DISTINCT x)` */
  distinct: boolean;
  /** False for `CURRENT_TIMESTAMP` / `CURRENT_DATE` written without parentheses. */
  parens: boolean;
  over?: OverClause;
  /** ⊕X18 `WITHIN GROUP (ORDER BY …)` */
  withinGroup?: OrderByItem[];
  /** ⊕X34 `STRING_AGG(x, sep ORDER BY y)`: the order of the aggregated values. */
  argOrderBy?: OrderByItem[];
  /** Keyword argument forms: `POSITION(a IN b)`, ⊕X34 `TRIM(BOTH|LEADING|TRAILING x FROM s)`. */
  keywordForm?: 'POSITION IN' | 'TRIM BOTH' | 'TRIM LEADING' | 'TRIM TRAILING';
}

export type BinaryOperator =
  | 'OR' | 'AND'
  | '=' | '!=' | '<>' | '<' | '>' | '<=' | '>='
  | '||' | '+' | '-' | '*' | '/' | '%'
  /** ⊕X32 regex match and its negation. */
  | '~' | '!~';

export interface BinaryExpr extends Node {
  kind: 'Binary';
  op: BinaryOperator;
  left: Expr;
  right: Expr;
}

/** Unary minus on a non-literal (⊕X9); literals fold the sign into their value. */
export interface NegateExpr extends Node {
  kind: 'Negate';
  operand: Expr;
}

/** `NOT primary` — binds to one primary (§5.1). */
export interface NotExpr extends Node {
  kind: 'Not';
  operand: Expr;
}

/** Searched CASE, or ⊕X10 simple CASE when `operand` is set. */
export interface CaseExpr extends Node {
  kind: 'Case';
  operand?: Expr;
  whens: CaseWhen[];
  else?: Expr;
}

export interface CaseWhen extends Node {
  kind: 'When';
  when: Expr;
  then: Expr;
}

export interface CastExpr extends Node {
  kind: 'Cast';
  expr: Expr;
  type: TypeName;
  /** Written `x::type`. */
  postfix?: boolean;
}

/**
 * ⊕X34 a path into a nested value: `customer.profile.email`, `items[0].name`, `positions.*.shares`.
 * `root` is the first one or two names as a column reference (`a.b` → qualifier a, name b); the
 * planner reads `a` as a source alias when one has that name, else as a column.
 */
export interface PathExpr extends Node {
  kind: 'Path';
  root: ColumnRef;
  segments: PathSegment[];
}

export type PathSegment =
  | { kind: 'Field'; name: Identifier; span: Span }
  | { kind: 'Index'; index: number; span: Span }
  | { kind: 'Wildcard'; span: Span };

/** `EXTRACT(part FROM x)` or `EXTRACT('part', x)`; `part` upper-cased. */
export interface ExtractExpr extends Node {
  kind: 'Extract';
  part: string;
  partSpan: Span;
  expr: Expr;
  syntax: 'FROM' | 'COMMA';
}

export interface InListExpr extends Node {
  kind: 'InList';
  expr: Expr;
  list: Expr[];
  negated: boolean;
}

export interface InSubqueryExpr extends Node {
  kind: 'InSubquery';
  expr: Expr;
  subquery: Select;
  negated: boolean;
}

export interface BetweenExpr extends Node {
  kind: 'Between';
  expr: Expr;
  low: Expr;
  high: Expr;
  negated: boolean;
}

export interface LikeExpr extends Node {
  kind: 'Like';
  expr: Expr;
  pattern: Expr;
  negated: boolean;
}

export interface IsNullExpr extends Node {
  kind: 'IsNull';
  expr: Expr;
  negated: boolean;
}

/** `[NOT] EXISTS (SELECT …)` */
export interface ExistsExpr extends Node {
  kind: 'Exists';
  subquery: Select;
  negated: boolean;
}

/** `(SELECT …)` used as a value. */
export interface ScalarSubquery extends Node {
  kind: 'ScalarSubquery';
  subquery: Select;
}

export type ComparisonOperator = '=' | '!=' | '<>' | '<' | '>' | '<=' | '>=';

/** ⊕X19 `expr op ANY|SOME|ALL (SELECT …)` */
export interface QuantifiedComparison extends Node {
  kind: 'Quantified';
  op: ComparisonOperator;
  quantifier: 'ANY' | 'SOME' | 'ALL';
  left: Expr;
  subquery: Select;
}

/** A name as written (case preserved). */
export interface Identifier extends Node {
  kind: 'Identifier';
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Parse result
// ---------------------------------------------------------------------------------------------

/** What `parse(text)` returns. It never throws: every problem is a diagnostic. */
export interface ParseResult {
  /** Statements that parsed, in file order (see `StatementBase.index`). */
  statements: Statement[];
  /** Number of statements in the file, including those that failed to parse. */
  statementCount: number;
  /** Lexical and syntax errors (VL1xx, VS2xx), in file order; at most one syntax error per statement. */
  diagnostics: Diagnostic[];
  /** Comments after the last statement (ignored for annotations, §3.1). */
  trailingComments: Comment[];
  /** Every comment of the file, in order. */
  comments: Comment[];
  /** Application header (§3.2) from the whole file. */
  header: ApplicationHeader;
  /** All extension-form uses of all parsed statements, in file order. */
  extensions: ExtensionUse[];
}
