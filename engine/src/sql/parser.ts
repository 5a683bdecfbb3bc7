/**
 * The grammar (spec §3.3–§7, §12.1) as a chevrotain EmbeddedActionsParser that builds the AST
 * directly. One statement at a time: `parseStatementTokens` gets the tokens of one statement and
 * returns its AST or the first error. Grammar actions touch values only inside `ACTION`, because
 * chevrotain runs every rule once without input to record the grammar.
 */
import { EmbeddedActionsParser, EOF, IToken, tokenMatcher } from 'chevrotain';
import type * as A from './ast';
import { Codes, Diagnostic, END_OF_INPUT } from './diagnostics';
import { endOf, joinSpans, spanBetween, tokenSpan } from './positions';
import { errorMessageProvider, fromRecognitionError, problem, SyntaxProblem } from './syntaxError';
import * as T from './tokens';
import { children } from './walk';
import { lookupFunction } from '../types/functions/catalogue';
import {
  decimalValue,
  integerValue,
  intervalUnit,
  intervalUnitMs,
  simpleUnit,
  simpleUnitMs,
  stringDurationMs,
  TypeContext,
  typeKeyword,
  typeNamesFor,
} from './units';

/** A statement without the file-level fields `parse` adds (index, text, comments, …). */
export type StatementDraft = A.Statement extends infer S ? (S extends A.Statement ? A.StatementBody<S> : never) : never;
type Draft<S extends A.Statement> = A.StatementBody<S>;

/** How a SELECT's tail clauses are checked (§4.1). */
type TailMode = 'fixed' | 'stream' | 'table';

const FIXED_ORDER: A.TailClause[] = ['GROUP BY', 'WINDOW', 'HAVING', 'WINDOW AS', 'ORDER BY', 'LIMIT', 'EMIT', 'INTO', 'WITH'];
/** Clauses the reference accepts in either order in a plain SELECT (same rank in FIXED_ORDER). */
const SAME_RANK: Partial<Record<A.TailClause, A.TailClause>> = { HAVING: 'WINDOW' };

interface Tail {
  groupBy?: A.Expr[];
  window?: A.WindowSpec;
  having?: A.Expr;
  orderBy?: A.OrderByItem[];
  limit?: A.Limit;
  emit?: A.Emit;
  into?: A.Identifier;
  properties?: A.Properties;
  clauseOrder: A.TailClause[];
  namedWindows?: A.NamedWindow[];
  moreTargets?: A.Identifier[];
}

/** One argument of TUMBLING/SLIDING/SESSION/HOPPING before its role is known. */
type WindowArg =
  | { kind: 'duration'; duration: A.Duration; interval: boolean; unquotedInterval: boolean; advanceBy?: boolean }
  | { kind: 'column'; column: A.ColumnRef | A.SystemColumnRef };

interface IntervalParts {
  value: number;
  unit: A.IntervalUnit | A.CalendarUnit;
  quoted: boolean;
  span: A.Span;
}

const SYSTEM_COLUMNS = new Set<string>(['_TIMESTAMP', '_OFFSET', '_PARTITION', '_EVENT_TIME', '_WINDOW_START', '_WINDOW_END']);
/** Window kinds that belong in a WINDOW clause, not in GROUP BY (TUMBLE/HOP/SESSION there are ⊕X29). */
const WINDOW_FUNCTION_NAMES = new Set(['TUMBLING', 'SLIDING', 'HOPPING']);
const X16_FUNCTIONS = new Set(['DATE_TRUNC', 'CURRENT_DATE', 'YEAR', 'MONTH', 'DAY', 'HOUR']);
const X17_UNITS = new Set(['YEAR', 'MONTH', 'QUARTER', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'MINUTES', 'SECOND', 'SECONDS', 'MILLISECOND', 'MILLISECONDS']);
const NO_PAREN_FUNCTIONS = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE']);
const WITHIN_UNITS = new Set<A.IntervalUnit>(['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK']);
/** Tokens after which a `WITH (` following a source belongs to that source rather than the statement. */
const SOURCE_OPTION_FOLLOWERS = [T.Join, T.Inner, T.Left, T.Right, T.Full, T.Where, T.Group, T.Window, T.Having, T.Order, T.Limit, T.Into, T.Emit, T.Union];
/** Words after a source that start a construct the dialect refuses (spec §2, end). */
const REFUSED_AFTER_SOURCE: Record<string, string> = {
  MATCH_RECOGNIZE: 'MATCH_RECOGNIZE is not supported; detect patterns with LAG/LEAD over OVER (…) or a SESSION window',
  PIVOT: 'PIVOT is not supported; write one aggregate per column: SUM(CASE WHEN k = \'a\' THEN v END) AS a',
  UNPIVOT: 'UNPIVOT is not supported; write one SELECT per column and combine them with UNION ALL',
};

function isWord(token: IToken, ...words: string[]): boolean {
  return tokenMatcher(token, T.Identifier) && words.includes(token.image.toUpperCase());
}

function adjacent(a: IToken, b: IToken): boolean {
  return a.endOffset !== undefined && a.endOffset + 1 === b.startOffset;
}

function identifier(token: IToken): A.Identifier {
  return { kind: 'Identifier', name: token.image, span: tokenSpan(token) };
}

/**
 * ⊕X30 `(w ORDER BY … frame)` extending named window `w`, by the SQL standard's rules: it keeps
 * w's PARTITION BY (its own is refused while parsing), adds ORDER BY only when w has none, and
 * adds the frame, so w itself may not have one. Errors point at the part that overrides.
 */
function extendWindow(spec: A.StandardOver, def: A.NamedWindow): void {
  const base = spec.baseWindow!;
  const name = base.name.name;
  if (def.spec.frame) {
    const bare = spec.orderBy.length === 0 && !spec.frame;
    throw problem(Codes.UnexpectedToken, `window ${name} has a frame, so it cannot be extended`, base.name.span,
      bare ? `write OVER ${name} without parentheses to use it as it is` : `move the frame out of WINDOW ${name} AS (…) into each OVER that needs it, or write OVER ${name}`);
  }
  if (def.spec.orderBy.length > 0 && spec.orderBy.length > 0) {
    throw problem(Codes.UnexpectedToken, `a window that extends ${name} cannot override its ORDER BY`,
      joinSpans(spec.orderBy[0].span, spec.orderBy[spec.orderBy.length - 1].span),
      `${name} already orders its rows; drop ORDER BY here, or define another window`, ['ROWS', 'RANGE', ')']);
  }
  spec.partitionBy = def.spec.partitionBy;
  if (def.spec.orderBy.length > 0) spec.orderBy = def.spec.orderBy;
  spec.baseWindow = { ...base, copiedOrderBy: def.spec.orderBy.length > 0 };
}

/** `INTO 'kafka://host/topic'`: a sink named by its URI, as a quoted URI source is. */
function uriTarget(token: IToken): A.Identifier {
  const uri = unquote(token);
  if (!uri.includes('://')) {
    throw problem(Codes.BadValue, `${token.image} is not a sink`, token, "write the sink name without quotes, or a URI such as 'kafka://topic'", ['name', 'URI']);
  }
  return { kind: 'Identifier', name: uri, span: tokenSpan(token) };
}

function unquote(token: IToken): string {
  const body = token.image.slice(1, -1);
  return token.image.startsWith("'") ? body.replace(/''/g, "'") : body;
}

class VeloParser extends EmbeddedActionsParser {
  /** Extension uses of the statement being parsed. */
  private extensions: A.ExtensionUse[] = [];
  /** Inside CREATE … AS (where `FROM t AS a` is portable). */
  private createDepth = 0;
  /** Inside GROUP BY (where Flink-style TUMBLE(…) gets a hint). */
  private inGroupBy = false;
  /** The last alias written without AS (⊕X6, FROM t a): a misspelt keyword when the parse fails right after it. */
  private lastBareAlias: IToken | null = null;
  /** ⊕X30 `OVER w` uses waiting for the `WINDOW w AS (…)` of their SELECT. */
  private windowRefs: A.StandardOver[] = [];

  constructor() {
    super(T.allTokens, { maxLookahead: 3, recoveryEnabled: false, errorMessageProvider });
    this.performSelfAnalysis();
  }

  begin(tokens: IToken[]): void {
    this.input = tokens;
    this.extensions = [];
    this.createDepth = 0;
    this.inGroupBy = false;
    this.lastBareAlias = null;
    this.windowRefs = [];
  }

  /** An `OVER w` whose SELECT defines no window `w`. */
  unresolvedWindow(): A.StandardOver | undefined {
    return this.windowRefs[0];
  }

  /** The last alias written without AS, for the error message when the statement fails after it. */
  bareAlias(): IToken | null {
    return this.lastBareAlias;
  }

  takeExtensions(): A.ExtensionUse[] {
    return this.extensions;
  }

  private use(id: A.ExtensionId, form: string, span: A.Span): void {
    this.extensions.push({ id, form, span });
  }

  private last(): IToken {
    return this.LA(0);
  }

  private spanFrom(first: IToken): A.Span {
    return spanBetween(first, this.LA(0));
  }

  // ---------------------------------------------------------------------------------------------
  // Statements
  // ---------------------------------------------------------------------------------------------

  public statement = this.RULE('statement', (): StatementDraft => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.queryStatement) },
      { ALT: () => this.SUBRULE(this.createStatement) },
      { ALT: () => this.SUBRULE(this.insertStatement) },
      { ALT: () => this.SUBRULE(this.startJob) },
      { ALT: () => this.SUBRULE(this.simpleJobCommand) },
      { ALT: () => this.SUBRULE(this.deployJob) },
      { ALT: () => this.SUBRULE(this.rollbackJob) },
      { ALT: () => this.SUBRULE(this.showStatement) },
      { ALT: () => this.SUBRULE(this.describeStatement) },
    ]);
  });

  private queryStatement = this.RULE('queryStatement', (): Draft<A.SelectStatement> => {
    const first = this.LA(1);
    const query = this.SUBRULE(this.query, { ARGS: ['fixed'] });
    return this.ACTION(() => {
      const lastSelect = lastSelectOf(query.body);
      const { into, properties } = lastSelect;
      delete lastSelect.into;
      delete lastSelect.properties;
      return { kind: 'Select', query, into, properties, span: this.spanFrom(first) };
    });
  });

  private createStatement = this.RULE('createStatement', (): Draft<A.CreateStreamStatement> | Draft<A.CreateTableStatement> | Draft<A.CreateSourceStatement> => {
    const first = this.CONSUME(T.Create);
    const kind = this.OR([
      { ALT: () => { this.CONSUME(T.Stream); return 'CreateStream' as const; } },
      { ALT: () => { this.CONSUME(T.Table); return 'CreateTable' as const; } },
    ]);
    const name = this.CONSUME(T.Identifier);
    const columns = this.OPTION(() => this.SUBRULE(this.columnDefinitions));
    return this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.As);
          this.ACTION(() => this.createDepth++);
          const query = this.SUBRULE(this.query, { ARGS: [kind === 'CreateStream' ? 'stream' : 'table'] });
          this.ACTION(() => this.createDepth--);
          return this.ACTION(() => {
            const select = lastSelectOf(query.body);
            const { properties, into } = select;
            delete select.properties;
            delete select.into;
            if (into) this.use('X27', `INTO ${into.name} inside CREATE … AS`, into.span);
            const base = { name: identifier(name), columns, query, properties, into, span: this.spanFrom(first) };
            return kind === 'CreateStream'
              ? { kind, ...base }
              : { kind, ...base, emitAfterWith: emitsAfterWith(select.clauseOrder) };
          });
        },
      },
      {
        ALT: () => {
          const properties = this.SUBRULE(this.properties, { ARGS: [true] });
          return this.ACTION((): Draft<A.CreateSourceStatement> => {
            const objectType = kind === 'CreateStream' ? 'STREAM' : 'TABLE';
            const span = this.spanFrom(first);
            this.use('X24', `CREATE ${objectType} ${name.image} WITH (…) without a query (source declaration)`, span);
            return { kind: 'CreateSource', objectType, name: identifier(name), columns, properties, span };
          });
        },
      },
      {
        ALT: () => {
          const before = this.LA(0);
          this.CONSUME(EOF);
          return this.ACTION(() => {
            const what = kind === 'CreateStream' ? 'STREAM' : 'TABLE';
            const end = endOf(before);
            throw problem(Codes.MissingAsSelect, `CREATE ${what} needs AS SELECT … or WITH (…)`, { start: end, end },
              `write CREATE ${what} ${name.image} AS SELECT …, or declare a source: CREATE ${what} ${name.image} WITH ('type' = …)`, ['AS', 'WITH']);
          });
        },
      },
    ]);
  });

  private insertStatement = this.RULE('insertStatement', (): Draft<A.InsertStatement> => {
    const first = this.CONSUME(T.Insert);
    this.CONSUME(T.Into);
    const target = this.CONSUME(T.Identifier);
    const query = this.SUBRULE(this.query, { ARGS: ['fixed'] });
    return this.ACTION(() => {
      const select = lastSelectOf(query.body);
      if (select.into) {
        throw problem(Codes.UnexpectedToken, 'INSERT INTO … SELECT cannot have another INTO', select.into.span,
          `the target is already ${target.image}; remove the INTO clause`);
      }
      const { properties } = select;
      delete select.properties;
      this.use('X11', 'INSERT INTO … SELECT', tokenSpan(first));
      return { kind: 'Insert', target: identifier(target), query, properties, span: this.spanFrom(first) };
    });
  });

  private jobKeyword = this.RULE('jobKeyword', (): A.JobKeyword =>
    this.OR([
      { ALT: () => { this.CONSUME(T.Job); return 'JOB' as const; } },
      { ALT: () => { this.CONSUME(T.Query); return 'QUERY' as const; } },
    ]),
  );

  private jobBody = this.RULE('jobBody', (): A.JobBody =>
    this.OR([
      {
        ALT: () => {
          const s = this.SUBRULE(this.queryStatement);
          return this.ACTION(() => ({ kind: 'Select' as const, query: s.query, into: s.into, properties: s.properties, span: s.span }));
        },
      },
      {
        ALT: () => {
          const c = this.SUBRULE(this.createStatement);
          return this.ACTION(() => {
            if (c.kind === 'CreateSource') {
              throw problem(Codes.MissingAsSelect, 'a job runs a query; a source declaration has none', c.span,
                `declare ${c.name.name} in its own statement, then START JOB … AS SELECT … FROM ${c.name.name}`, ['AS']);
            }
            return { kind: c.kind, statement: c, span: c.span };
          });
        },
      },
    ]),
  );

  private startJob = this.RULE('startJob', (): Draft<A.StartJobStatement> => {
    const first = this.CONSUME(T.Start);
    const keyword = this.SUBRULE(this.jobKeyword);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.As);
    const body = this.SUBRULE(this.jobBody);
    return this.ACTION(() => {
      const { properties, bareBody } = liftJobProperties(body);
      return { kind: 'StartJob', keyword, name: identifier(name), body: bareBody, properties, span: this.spanFrom(first) };
    });
  });

  private simpleJobCommand = this.RULE('simpleJobCommand', (): Draft<A.StopJobStatement> | Draft<A.PauseJobStatement> | Draft<A.ResumeJobStatement> => {
    const first = this.LA(1);
    const kind = this.OR([
      { ALT: () => { this.CONSUME(T.Stop); return 'StopJob' as const; } },
      { ALT: () => { this.CONSUME(T.Pause); return 'PauseJob' as const; } },
      { ALT: () => { this.CONSUME(T.Resume); return 'ResumeJob' as const; } },
    ]);
    const keyword = this.SUBRULE(this.jobKeyword);
    const name = this.CONSUME(T.Identifier);
    const force = this.OPTION({ GATE: () => kind === 'StopJob', DEF: () => this.CONSUME(T.Force) });
    return this.ACTION(() => {
      const base = { keyword, name: identifier(name), span: this.spanFrom(first) };
      return kind === 'StopJob' ? { kind, ...base, force: force !== undefined } : { kind, ...base };
    });
  });

  private deployJob = this.RULE('deployJob', (): Draft<A.DeployJobStatement> => {
    const first = this.CONSUME(T.Deploy);
    const keyword = this.SUBRULE(this.jobKeyword);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Version);
    const version = this.SUBRULE(this.stringLiteral);
    this.CONSUME(T.As);
    const body = this.SUBRULE(this.jobBody);
    const strategy = this.OPTION(() => this.SUBRULE(this.deployStrategy));
    return this.ACTION(() => {
      const { properties, bareBody } = liftJobProperties(body);
      return { kind: 'DeployJob', keyword, name: identifier(name), version, body: bareBody, properties, strategy, span: this.spanFrom(first) };
    });
  });

  private deployStrategy = this.RULE('deployStrategy', (): A.DeployStrategy => {
    const first = this.CONSUME(T.Strategy);
    return this.OR([
      { ALT: () => { this.CONSUME(T.BlueGreen); return this.ACTION(() => ({ kind: 'BLUE_GREEN' as const, span: this.spanFrom(first) })); } },
      { ALT: () => { this.CONSUME(T.Rolling); return this.ACTION(() => ({ kind: 'ROLLING' as const, span: this.spanFrom(first) })); } },
      { ALT: () => { this.CONSUME(T.Replace); return this.ACTION(() => ({ kind: 'REPLACE' as const, span: this.spanFrom(first) })); } },
      {
        ALT: () => {
          this.CONSUME(T.Canary);
          this.CONSUME(T.LParen);
          const pct = this.CONSUME(T.IntegerLiteral);
          this.CONSUME(T.RParen);
          return this.ACTION(() => ({ kind: 'CANARY' as const, percent: Number(pct.image), span: this.spanFrom(first) }));
        },
      },
    ]);
  });

  private rollbackJob = this.RULE('rollbackJob', (): Draft<A.RollbackJobStatement> => {
    const first = this.CONSUME(T.Rollback);
    const keyword = this.SUBRULE(this.jobKeyword);
    const name = this.CONSUME(T.Identifier);
    const version = this.OPTION(() => {
      this.CONSUME(T.Version);
      return this.SUBRULE(this.stringLiteral);
    });
    return this.ACTION(() => ({ kind: 'RollbackJob', keyword, name: identifier(name), version, span: this.spanFrom(first) }));
  });

  private showStatement = this.RULE('showStatement', (): Draft<A.ShowStatement> => {
    const first = this.LA(1);
    const verb = this.OR([
      { ALT: () => { this.CONSUME(T.Show); return 'SHOW' as const; } },
      { ALT: () => { this.CONSUME(T.List); return 'LIST' as const; } },
    ]);
    return this.OR2([
      {
        ALT: () => {
          const target = this.OR3([
            { ALT: () => this.CONSUME(T.Streams) },
            { ALT: () => this.CONSUME(T.Tables) },
            { ALT: () => this.CONSUME(T.Topics) },
            { ALT: () => this.CONSUME(T.Functions) },
            { ALT: () => this.CONSUME(T.Jobs) },
            { ALT: () => this.CONSUME(T.Queries) },
          ]);
          const pattern = this.OPTION(() => {
            this.OPTION2(() => this.CONSUME(T.Like));
            return this.SUBRULE(this.stringLiteral);
          });
          return this.ACTION(() => ({
            kind: 'Show' as const, verb, target: target.image.toUpperCase() as A.ShowTarget, pattern, span: this.spanFrom(first),
          }));
        },
      },
      {
        ALT: () => {
          const target = this.OR4([
            { ALT: () => this.CONSUME(T.Schema) },
            { ALT: () => this.CONSUME(T.Versions) },
          ]);
          const name = this.CONSUME(T.Identifier);
          return this.ACTION(() => ({
            kind: 'Show' as const, verb, target: target.image.toUpperCase() as A.ShowTarget, name: identifier(name), span: this.spanFrom(first),
          }));
        },
      },
      {
        // ⊕X35 SHOW CREATE STREAM|TABLE n [FORMAT f]: the statement that defined n.
        ALT: () => {
          this.CONSUME(T.Create);
          const objectType = this.SUBRULE(this.objectType);
          const name = this.CONSUME4(T.Identifier);
          const format = this.OPTION5({
            GATE: () => isWord(this.LA(1), 'FORMAT'),
            DEF: () => { this.CONSUME5(T.Identifier); return this.CONSUME6(T.Identifier); },
          });
          return this.ACTION(() => {
            const span = this.spanFrom(first);
            this.use('X35', `SHOW CREATE ${objectType}`, span);
            return { kind: 'Show' as const, verb, target: 'CREATE' as const, objectType, name: identifier(name), format: format?.image.toUpperCase(), span };
          });
        },
      },
      {
        // ⊕X35 SHOW STREAM HEALTH [n]: per-source status from the host runtime.
        ALT: () => {
          this.CONSUME3(T.Stream);
          const health = this.CONSUME7(T.Identifier);
          const name = this.OPTION6(() => this.CONSUME8(T.Identifier));
          return this.ACTION(() => {
            if (health.image.toUpperCase() !== 'HEALTH') {
              throw problem(Codes.UnexpectedToken, `unknown SHOW STREAM target ${health.image}`, health, 'write SHOW STREAM HEALTH [name] or SHOW STREAMS', ['HEALTH']);
            }
            const span = this.spanFrom(first);
            this.use('X35', 'SHOW STREAM HEALTH', span);
            return { kind: 'Show' as const, verb, target: 'HEALTH' as const, name: name && identifier(name), span };
          });
        },
      },
      {
        // STATUS [n], METRICS [n], PROPERTIES STREAM|TABLE n, PARTITIONS n — plain words.
        ALT: () => {
          const target = this.CONSUME2(T.Identifier);
          const objectType = this.OPTION3(() =>
            this.OR5([
              { ALT: () => { this.CONSUME2(T.Stream); return 'STREAM' as const; } },
              { ALT: () => { this.CONSUME2(T.Table); return 'TABLE' as const; } },
            ]),
          );
          const name = this.OPTION4(() => this.CONSUME3(T.Identifier));
          return this.ACTION(() => showWordTarget(verb, target, objectType, name, this.spanFrom(first)));
        },
      },
    ]);
  });

  private describeStatement = this.RULE('describeStatement', (): Draft<A.DescribeStatement> => {
    const first = this.CONSUME(T.Describe);
    const objectType = this.OPTION({
      GATE: () => tokenMatcher(this.LA(2), T.SourceName),
      DEF: () => this.SUBRULE(this.objectType),
    });
    const name = this.CONSUME(T.SourceName);
    return this.ACTION(() => {
      const span = this.spanFrom(first);
      if (objectType) this.use('X35', `DESCRIBE ${objectType} n`, span);
      return { kind: 'Describe', name: identifier(name), objectType, span };
    });
  });

  private objectType = this.RULE('objectType', (): 'STREAM' | 'TABLE' =>
    this.OR([
      { ALT: () => { this.CONSUME(T.Stream); return 'STREAM' as const; } },
      { ALT: () => { this.CONSUME(T.Table); return 'TABLE' as const; } },
    ]),
  );

  // ---------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------

  private query = this.RULE('query', (mode: TailMode): A.Query => {
    const first = this.LA(1);
    const ctes = this.OPTION(() => this.SUBRULE(this.cteList)) ?? [];
    const body = this.SUBRULE(this.unionBody, { ARGS: [mode, mode === 'fixed' ? null : 'CREATE … AS'] });
    return this.ACTION(() => ({ kind: 'Query', ctes, body, span: this.spanFrom(first) }));
  });

  /** `select {UNION [ALL] select}`; `nested` names the ⊕X28 position when not at top level. */
  private unionBody = this.RULE('unionBody', (mode: TailMode, nested: string | null): A.QueryBody => {
    let body: A.QueryBody = this.SUBRULE(this.select, { ARGS: [mode] });
    this.MANY(() => {
      const union = this.CONSUME(T.Union);
      const all = this.OPTION2(() => this.CONSUME(T.All));
      const right = this.SUBRULE2(this.select, { ARGS: [mode] });
      this.ACTION(() => {
        if (nested) this.use('X28', `UNION inside ${nested}`, tokenSpan(union));
        body = { kind: 'Union', all: all !== undefined, left: body, right, span: joinSpans(body.span, right.span) };
      });
    });
    return body;
  });

  private cteList = this.RULE('cteList', (): A.CommonTableExpression[] => {
    const w = this.CONSUME(T.With);
    const ctes: A.CommonTableExpression[] = [];
    this.OPTION({
      GATE: () => isWord(this.LA(1), 'RECURSIVE') && tokenMatcher(this.LA(2), T.Identifier),
      DEF: () => {
        const recursive = this.CONSUME2(T.Identifier);
        this.ACTION(() => {
          throw problem(Codes.NotSupported, 'WITH RECURSIVE is not supported', recursive,
            'streams have no recursive queries; write each level as its own CTE or CREATE STREAM', ['name']);
        });
      },
    });
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const name = this.CONSUME(T.Identifier);
        this.CONSUME(T.As);
        this.CONSUME(T.LParen);
        const body = this.SUBRULE(this.unionBody, { ARGS: ['fixed', 'a CTE'] });
        this.CONSUME(T.RParen);
        this.ACTION(() => ctes.push({ kind: 'Cte', name: identifier(name), body, span: this.spanFrom(name) }));
      },
    });
    this.ACTION(() => this.use('X12', 'WITH … AS (SELECT …) (CTE)', this.spanFrom(w)));
    return ctes;
  });

  private select = this.RULE('select', (mode: TailMode): A.Select => {
    const first = this.CONSUME(T.Select);
    const distinct = this.OPTION(() => this.CONSUME(T.Distinct)) !== undefined;
    const items: A.SelectItem[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const item = this.SUBRULE(this.selectItem); this.ACTION(() => items.push(item)); } });
    let from: A.Source | undefined;
    const joins: A.Join[] = [];
    this.OPTION2(() => {
      this.CONSUME(T.From);
      from = this.SUBRULE(this.source);
      this.MANY({
        // A plain word here starts a join only as CROSS JOIN; otherwise it is trailing text.
        GATE: () => !tokenMatcher(this.LA(1), T.Identifier) || isWord(this.LA(1), 'CROSS'),
        DEF: () => { const join = this.SUBRULE(this.join); this.ACTION(() => joins.push(join)); },
      });
    });
    const where = this.OPTION3(() => {
      this.CONSUME(T.Where);
      return this.SUBRULE(this.expr);
    });
    const tail = this.SUBRULE(this.tail, { ARGS: [mode] });
    return this.ACTION(() => {
      if (tail.namedWindows) this.resolveWindows(tail.namedWindows);
      if (tail.groupBy || tail.window) {
        for (const call of items.flatMap((i) => (i.kind === 'ExprItem' ? windowedCalls(i.expr) : []))) {
          this.use('X31', 'OVER in a grouped query', call.span);
        }
      }
      return { kind: 'Select', distinct, items, from, joins, where, ...tail, span: this.spanFrom(first) };
    });
  });

  /**
   * Gives each waiting `OVER w` the specification of its SELECT's `WINDOW w AS (…)`, and each
   * `OVER (w …)` the parts it copies from w. A definition may extend an earlier one of the same
   * clause (`WINDOW w1 AS (PARTITION BY k), w2 AS (w1 ORDER BY t)`).
   */
  private resolveWindows(defined: A.NamedWindow[]): void {
    defined.forEach((def, i) => {
      const base = def.spec.baseWindow;
      if (!base) return;
      const earlier = defined.slice(0, i).find((d) => d.name.name === base.name.name);
      if (!earlier) {
        throw problem(Codes.UnexpectedToken, `unknown window ${base.name.name}`, base.name.span,
          `a window definition can extend only a window defined before it in the same WINDOW clause`);
      }
      extendWindow(def.spec, earlier);
    });
    this.windowRefs = this.windowRefs.filter((ref) => {
      const def = defined.find((d) => d.name.name === (ref.baseWindow?.name.name ?? ref.windowName));
      if (!def) return true;
      if (ref.baseWindow) extendWindow(ref, def);
      else Object.assign(ref, { partitionBy: def.spec.partitionBy, orderBy: def.spec.orderBy, frame: def.spec.frame });
      return false;
    });
  }

  /** The clauses after WHERE, parsed in any order and checked against the mode's rules (§4.1). */
  private tail = this.RULE('tail', (mode: TailMode): Tail => {
    const tail: Tail = { clauseOrder: [] };
    const enter = (clause: A.TailClause, token: IToken) =>
      this.ACTION(() => {
        const extension = checkClause(mode, tail, clause, token);
        if (extension) this.use(extension.id, extension.form, tokenSpan(token));
      });
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            enter('GROUP BY', this.CONSUME(T.Group));
            this.CONSUME(T.By);
            const exprs: A.Expr[] = [];
            this.ACTION(() => { this.inGroupBy = true; });
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const e = this.SUBRULE(this.expr); this.ACTION(() => exprs.push(e)); } });
            this.ACTION(() => {
              this.inGroupBy = false;
              tail.groupBy = exprs.filter((e) => {
                const window = groupWindow(e);
                if (!window) return true;
                if (tail.window) throw oneWindow(e.span);
                this.use('X29', `GROUP BY ${window.groupFunction}(…)`, e.span);
                tail.window = window;
                return false;
              });
            });
          },
        },
        {
          ALT: () => {
            const window = this.SUBRULE(this.windowClause, { ARGS: [(t: IToken, named: boolean) => enter(named ? 'WINDOW AS' : 'WINDOW', t)] });
            this.ACTION(() => {
              if (Array.isArray(window)) {
                tail.namedWindows = window;
                return;
              }
              if (tail.window) throw oneWindow(window.span);
              tail.window = window;
            });
          },
        },
        {
          ALT: () => {
            enter('HAVING', this.CONSUME(T.Having));
            const having = this.SUBRULE2(this.expr);
            this.ACTION(() => { tail.having = having; });
          },
        },
        {
          ALT: () => {
            enter('ORDER BY', this.CONSUME(T.Order));
            this.CONSUME2(T.By);
            const orderBy = this.SUBRULE(this.orderByList);
            this.ACTION(() => { tail.orderBy = orderBy; });
          },
        },
        {
          ALT: () => {
            const limit = this.CONSUME(T.Limit);
            enter('LIMIT', limit);
            const value = this.CONSUME(T.IntegerLiteral);
            this.ACTION(() => { tail.limit = { kind: 'Limit', value: integerValue(value.image), span: spanBetween(limit, value) }; });
          },
        },
        {
          ALT: () => {
            const emit = this.CONSUME(T.Emit);
            enter('EMIT', emit);
            const mode = this.OR2([
              { ALT: () => { this.CONSUME(T.Changes); return 'CHANGES' as const; } },
              { ALT: () => { this.CONSUME(T.Final); return 'FINAL' as const; } },
            ]);
            this.ACTION(() => { tail.emit = { kind: 'Emit', mode, span: this.spanFrom(emit) }; });
          },
        },
        {
          ALT: () => {
            enter('INTO', this.CONSUME(T.Into));
            const targets: A.Identifier[] = [];
            this.AT_LEAST_ONE_SEP5({
              SEP: T.Comma,
              DEF: () => {
                const target = this.OR7([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
                this.ACTION(() => targets.push(tokenMatcher(target, T.StringLiteral) ? uriTarget(target) : identifier(target)));
              },
            });
            this.ACTION(() => {
              tail.into = targets[0];
              if (targets.length > 1) tail.moreTargets = targets.slice(1);
            });
          },
        },
        {
          ALT: () => {
            const properties = this.SUBRULE(this.properties, { ARGS: [true, (t: IToken) => enter('WITH', t)] });
            this.ACTION(() => { tail.properties = properties; });
          },
        },
        {
          ALT: () => {
            const where = this.CONSUME(T.Where);
            this.ACTION(() => {
              if (tail.clauseOrder.length === 0) throw this.missingCondition(where);
              throw problem(Codes.ClauseOrder, `WHERE after ${tail.clauseOrder[0]}`, where,
                `WHERE must come before ${tail.clauseOrder[0]}`, ['WHERE']);
            });
          },
        },
      ]);
    });
    return tail;
  });

  /** `WHERE` reached the tail because no condition followed it. */
  private missingCondition(where: IToken): SyntaxProblem {
    const next = this.LA(1);
    if (next.tokenType === EOF) {
      const end = endOf(where);
      return problem(Codes.UnexpectedEnd, 'unexpected end of input; expected expression', { start: end, end }, 'WHERE needs a condition', ['expression'], END_OF_INPUT);
    }
    return problem(Codes.UnexpectedToken, `unexpected '${next.image}'; expected expression`, next, 'WHERE needs a condition', ['expression']);
  }

  private selectItem = this.RULE('selectItem', (): A.SelectItem =>
    this.OR([
      {
        ALT: () => {
          const star = this.CONSUME(T.Star);
          return this.ACTION(() => {
            if (tokenMatcher(this.LA(1), T.Star) && adjacent(star, this.LA(1))) throw recursivePath(star);
            return { kind: 'Star' as const, span: tokenSpan(star) };
          });
        },
      },
      {
        GATE: () => !tokenMatcher(this.LA(4), T.Dot) && !tokenMatcher(this.LA(4), T.LBracket),
        ALT: () => {
          const qualifier = this.CONSUME(T.ExprName);
          this.CONSUME(T.Dot);
          const star = this.CONSUME2(T.Star);
          this.ACTION(() => { if (tokenMatcher(this.LA(1), T.Star) && adjacent(star, this.LA(1))) throw recursivePath(star); });
          return this.ACTION(() => {
            const span = this.spanFrom(qualifier);
            this.use('X7', `${qualifier.image}.*`, span);
            return { kind: 'QualifiedStar' as const, qualifier: identifier(qualifier), span };
          });
        },
      },
      { ALT: () => this.SUBRULE(this.exprItem) },
    ]),
  );

  private exprItem = this.RULE('exprItem', (): A.ExprItem => {
    const first = this.LA(1);
    const expr = this.SUBRULE(this.expr);
    let aliasWithAs = false;
    const alias = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.As);
            aliasWithAs = true;
            return this.SUBRULE(this.aliasName);
          },
        },
        {
          ALT: () => {
            const name = this.CONSUME(T.Identifier);
            return this.ACTION(() => {
              this.use('X6', `alias without AS (${name.image})`, tokenSpan(name));
              this.lastBareAlias = name;
              return identifier(name);
            });
          },
        },
      ]),
    );
    const primaryKey = this.OPTION2(() => {
      this.CONSUME(T.Primary);
      return this.CONSUME(T.Key);
    }) !== undefined;
    return this.ACTION(() => ({ kind: 'ExprItem', expr, alias, aliasWithAs, primaryKey, span: this.spanFrom(first) }));
  });

  /** An alias after AS: a plain name; keywords get the "reserved" hint (§1). */
  private aliasName = this.RULE('aliasName', (): A.Identifier =>
    this.OR([
      { ALT: () => { const name = this.CONSUME(T.Identifier); return this.ACTION(() => identifier(name)); } },
      {
        ALT: () => {
          const word = this.CONSUME(T.ReservedWord);
          return this.ACTION(() => {
            const upper = word.image.toUpperCase();
            throw problem(Codes.ReservedWord, `'${word.image}' cannot be an alias`, word, `${upper} is reserved; choose another alias`, ['name']);
          });
        },
      },
      {
        ALT: () => {
          const str = this.CONSUME(T.StringLiteral);
          return this.ACTION(() => {
            throw problem(Codes.UnexpectedToken, `${str.image} cannot be an alias`, str,
              'aliases are plain names; quotes make a string literal, not an identifier', ['name']);
          });
        },
      },
    ]),
  );

  private orderByList = this.RULE('orderByList', (): A.OrderByItem[] => {
    const items: A.OrderByItem[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const first = this.LA(1);
        const expr = this.SUBRULE(this.expr);
        const direction = this.OPTION(() =>
          this.OR([
            { ALT: () => { this.CONSUME(T.Asc); return 'ASC' as const; } },
            { ALT: () => { this.CONSUME(T.Desc); return 'DESC' as const; } },
          ]),
        );
        this.ACTION(() => items.push({ kind: 'OrderByItem', expr, direction, span: this.spanFrom(first) }));
      },
    });
    return items;
  });

  // ---------------------------------------------------------------------------------------------
  // Sources and joins
  // ---------------------------------------------------------------------------------------------

  private source = this.RULE('source', (): A.Source => {
    const first = this.LA(1);
    const target = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const query = this.SUBRULE(this.derivedQuery);
          this.CONSUME(T.RParen);
          return this.ACTION(() => ({ kind: 'derived' as const, query }));
        },
      },
      {
        ALT: () => {
          const uri = this.CONSUME(T.Uri);
          return this.ACTION(() => {
            this.use('X22', `unquoted URI source ${uri.image}`, tokenSpan(uri));
            if (uri.image.includes(',')) this.use('X34', 'several topics in one URI', tokenSpan(uri));
            return { kind: 'uri' as const, uri: uri.image, quoted: false };
          });
        },
      },
      {
        ALT: () => {
          const str = this.CONSUME(T.StringLiteral);
          return this.ACTION(() => {
            const uri = unquote(str);
            if (!uri.includes('://')) {
              throw problem(Codes.BadValue, `${str.image} is not a source`, str,
                "write the stream name without quotes, or a URI such as 'kafka://topic'", ['name', 'URI']);
            }
            return { kind: 'uri' as const, uri, quoted: true };
          });
        },
      },
      {
        ALT: () => {
          const name = this.CONSUME(T.SourceName);
          this.MANY(() => { this.CONSUME(T.Dot); this.CONSUME2(T.DotName); });
          return this.ACTION(() => {
            if (tokenMatcher(this.LA(1), T.LParen)) {
              const isJsonTable = name.image.toUpperCase() === 'JSON_TABLE';
              throw problem(Codes.NotSupported, `table function ${name.image}(…) in FROM is not supported`, name,
                isJsonTable ? 'JSON_TABLE is not supported; read JSON fields with JSON_VALUE(col, \'$.path\') or a path such as col.field' : 'FROM takes a stream, a table, a URI or (SELECT …)', ['name', 'URI', '(']);
            }
            const last = this.last();
            const qualified = last !== name;
            if (qualified) this.use('X34', 'qualified source name', spanBetween(name, last));
            return { kind: 'name' as const, name: qualified ? { kind: 'Identifier' as const, name: this.sourceText(name, last), span: spanBetween(name, last) } : identifier(name) };
          });
        },
      },
    ]);
    let aliasWithAs = false;
    const alias = this.OPTION({
      // CROSS starts a join; USING and the refused forms get their own messages.
      GATE: () => !isWord(this.LA(1), 'CROSS', 'USING', ...Object.keys(REFUSED_AFTER_SOURCE)),
      DEF: () =>
      this.OR2([
        {
          ALT: () => {
            const as = this.CONSUME(T.As);
            aliasWithAs = true;
            const name = this.SUBRULE(this.aliasName);
            return this.ACTION(() => {
              if (this.createDepth === 0) this.use('X21', `FROM … AS ${name.name} outside CREATE`, joinSpans(tokenSpan(as), name.span));
              return name;
            });
          },
        },
        {
          ALT: () => {
            const name = this.CONSUME(T.Identifier);
            return this.ACTION(() => {
              this.lastBareAlias = name;
              return identifier(name);
            });
          },
        },
      ]),
    });
    const options = this.OPTION2({
      GATE: () => target?.kind !== 'derived' && this.withBelongsToSource(),
      DEF: () => this.SUBRULE(this.properties, { ARGS: [false, undefined] }),
    });
    return this.ACTION(() => {
      const next = this.LA(1);
      const refused = tokenMatcher(next, T.Identifier) ? REFUSED_AFTER_SOURCE[next.image.toUpperCase()] : undefined;
      if (refused) throw problem(Codes.NotSupported, `${next.image.toUpperCase()} is not supported`, next, refused);
      const span = this.spanFrom(first);
      if (target.kind === 'derived') {
        this.use('X23', `derived table (SELECT …)${alias ? ` ${alias.name}` : ''}`, span);
        return { kind: 'DerivedSource', query: target.query, alias, aliasWithAs, span };
      }
      if (target.kind === 'name') return { kind: 'NamedSource', name: target.name, alias, aliasWithAs, options, span };
      const scheme = target.uri.slice(0, target.uri.indexOf('://')).toLowerCase();
      return { kind: 'UriSource', uri: target.uri, scheme, quoted: target.quoted, alias, aliasWithAs, options, span };
    });
  });

  /** ⊕X23 the query of a derived table: CTEs, then a SELECT or ⊕X28 a UNION of them. */
  private derivedQuery = this.RULE('derivedQuery', (): A.Query => {
    const first = this.LA(1);
    const ctes = this.OPTION(() => this.SUBRULE(this.cteList)) ?? [];
    const body = this.SUBRULE(this.unionBody, { ARGS: ['fixed', 'a derived table'] });
    return this.ACTION(() => ({ kind: 'Query', ctes, body, span: this.spanFrom(first) }));
  });

  /**
   * `FROM src WITH (…)` is ambiguous with the statement's WITH when nothing follows. The options
   * belong to the source when more of the query follows them (a JOIN, WHERE, GROUP BY, …).
   */
  private withBelongsToSource(): boolean {
    if (!tokenMatcher(this.LA(1), T.With) || !tokenMatcher(this.LA(2), T.LParen)) return false;
    let depth = 0;
    for (let i = 2; ; i++) {
      const token = this.LA(i);
      if (token.tokenType === EOF) return false;
      if (tokenMatcher(token, T.LParen)) depth++;
      else if (tokenMatcher(token, T.RParen) && --depth === 0) {
        const next = this.LA(i + 1);
        return SOURCE_OPTION_FOLLOWERS.some((t) => tokenMatcher(next, t));
      }
    }
  }

  private join = this.RULE('join', (): A.Join =>
    this.OR([
      { GATE: () => isWord(this.LA(1), 'CROSS'), ALT: () => this.SUBRULE(this.crossJoin) },
      { ALT: () => this.SUBRULE(this.qualifiedJoin) },
    ]),
  );

  /** ⊕X32 `CROSS JOIN source` (no ON). */
  private crossJoin = this.RULE('crossJoin', (): A.Join => {
    const first = this.CONSUME(T.Identifier);
    this.CONSUME(T.Join);
    const source = this.SUBRULE(this.source);
    return this.ACTION(() => {
      const span = this.spanFrom(first);
      this.use('X32', 'CROSS JOIN', span);
      return { kind: 'Join', joinType: 'CROSS', keywords: 'CROSS JOIN', source, span };
    });
  });

  private qualifiedJoin = this.RULE('qualifiedJoin', (): A.Join => {
    const first = this.LA(1);
    const keywords: IToken[] = [];
    const keyword = (token: IToken) => this.ACTION(() => keywords.push(token));
    const joinType = this.OPTION(() =>
      this.OR([
        { ALT: () => { keyword(this.CONSUME(T.Inner)); return 'INNER' as const; } },
        { ALT: () => { keyword(this.CONSUME(T.Left)); this.OPTION2(() => keyword(this.CONSUME(T.Outer))); return 'LEFT' as const; } },
        { ALT: () => { keyword(this.CONSUME(T.Right)); this.OPTION3(() => keyword(this.CONSUME2(T.Outer))); return 'RIGHT' as const; } },
        {
          ALT: () => {
            const full = this.CONSUME(T.Full);
            keyword(full);
            const outer = this.OPTION4(() => this.CONSUME3(T.Outer));
            this.ACTION(() => {
              if (outer) keywords.push(outer);
              else this.use('X13', 'FULL JOIN (without OUTER)', tokenSpan(full));
            });
            return 'FULL' as const;
          },
        },
      ]),
    ) ?? 'INNER';
    keyword(this.CONSUME(T.Join));
    const source = this.SUBRULE(this.source);
    this.CONSUME(T.On);
    const on = this.SUBRULE(this.expr);
    const within = this.OPTION5(() => {
      this.CONSUME(T.Within);
      return this.SUBRULE(this.duration, { ARGS: ['join'] });
    });
    return this.ACTION(() => ({
      kind: 'Join',
      joinType,
      keywords: keywords.map((k) => k.image.toUpperCase()).join(' '),
      source,
      on,
      within,
      span: this.spanFrom(first),
    }));
  });

  // ---------------------------------------------------------------------------------------------
  // WITH properties, columns, types
  // ---------------------------------------------------------------------------------------------

  /** `WITH (k = v, …)`; bare keys and values at statement level are ⊕X25 (§12.1). */
  private properties = this.RULE('properties', (statementLevel: boolean, onWith?: (t: IToken) => void): A.Properties => {
    const first = this.CONSUME(T.With);
    this.ACTION(() => onWith?.(first));
    this.CONSUME(T.LParen);
    const entries: A.Property[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const key = this.SUBRULE(this.propertyWord);
        this.CONSUME(T.Equal);
        const value = this.SUBRULE2(this.propertyWord);
        this.ACTION(() => {
          if (statementLevel && !(key.quoted && value.quoted)) {
            this.use('X25', `unquoted WITH key or value (${key.quoted ? value.text : key.text})`, key.quoted ? value.span : key.span);
          }
          entries.push({
            kind: 'Property', key: key.text, value: value.text, keySpan: key.span, valueSpan: value.span,
            keyQuoted: key.quoted, valueQuoted: value.quoted, span: joinSpans(key.span, value.span),
          });
        });
      },
    });
    this.CONSUME(T.RParen);
    return this.ACTION(() => ({ kind: 'Properties', entries, span: this.spanFrom(first) }));
  });

  /** A WITH key or value: a string, a number, or bare dotted words (source options). */
  private propertyWord = this.RULE('propertyWord', (): { text: string; quoted: boolean; span: A.Span } => {
    const first = this.LA(1);
    return this.OR([
      { ALT: () => { const s = this.CONSUME(T.StringLiteral); return this.ACTION(() => ({ text: unquote(s), quoted: true, span: tokenSpan(s) })); } },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus));
          this.OR2([
            { ALT: () => this.CONSUME(T.IntegerLiteral) },
            { ALT: () => this.CONSUME(T.DecimalLiteral) },
            { ALT: () => this.CONSUME(T.FloatLiteral) },
          ]);
          return this.ACTION(() => ({ text: this.sourceText(first, this.last()), quoted: false, span: this.spanFrom(first) }));
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.anyWord);
          this.MANY(() => { this.CONSUME(T.Dot); this.SUBRULE2(this.anyWord); });
          return this.ACTION(() => ({ text: this.sourceText(first, this.last()), quoted: false, span: this.spanFrom(first) }));
        },
      },
      {
        // `['year', 'month']`: a list value, kept as its text (as the reference's docs write it).
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE3(this.propertyWord) });
          this.CONSUME(T.RBracket);
          return this.ACTION(() => ({ text: this.sourceText(first, this.last()), quoted: false, span: this.spanFrom(first) }));
        },
      },
    ]);
  });

  private anyWord = this.RULE('anyWord', (): IToken =>
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.ReservedWord) }]),
  );

  private sourceText(first: IToken, last: IToken): string {
    const tokens = this.input;
    return tokens.slice(tokens.indexOf(first), tokens.indexOf(last) + 1).map((t) => t.image).join('');
  }

  private columnDefinitions = this.RULE('columnDefinitions', (): A.ColumnDefinition[] => {
    const columns: A.ColumnDefinition[] = [];
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const name = this.CONSUME(T.Identifier);
        const type = this.SUBRULE(this.typeName, { ARGS: ['column'] });
        const notNull = this.OPTION(() => { this.CONSUME(T.Not); return this.CONSUME(T.Null); }) !== undefined;
        // `DEFAULT expr`: documented by the reference, accepted and not enforced (as there).
        const defaultValue = this.OPTION2({
          GATE: () => isWord(this.LA(1), 'DEFAULT'),
          DEF: () => { this.CONSUME2(T.Identifier); return this.SUBRULE(this.additive); },
        });
        this.ACTION(() => columns.push({ kind: 'ColumnDefinition', name: identifier(name), type, notNull, ...(defaultValue ? { default: defaultValue } : {}), span: this.spanFrom(name) }));
      },
    });
    this.CONSUME(T.RParen);
    return columns;
  });

  private typeName = this.RULE('typeName', (context: TypeContext): A.TypeName => {
    const name = this.CONSUME(T.Identifier);
    const params: A.TypeName[] = [];
    // ⊕X32 STRUCT<name T, …>
    const fields = this.OPTION5({
      GATE: () => name.image.toUpperCase() === 'STRUCT',
      DEF: () => {
        const list: NonNullable<A.TypeName['fields']> = [];
        this.CONSUME(T.Less);
        this.AT_LEAST_ONE_SEP3({
          SEP: T.Comma,
          DEF: () => {
            const field = this.CONSUME2(T.Identifier);
            const type = this.SUBRULE2(this.typeName, { ARGS: ['column'] });
            this.ACTION(() => list.push({ name: identifier(field), type }));
          },
        });
        this.CONSUME(T.Greater);
        return list;
      },
    });
    // ARRAY<T> / MAP<K, V> (the reference's spelling of ARRAY(T) / MAP(K, V)).
    this.OPTION6({
      GATE: () => /^(ARRAY|MAP)$/i.test(name.image),
      DEF: () => {
        this.CONSUME2(T.Less);
        this.AT_LEAST_ONE_SEP4({ SEP: T.Comma, DEF: () => { const p = this.SUBRULE3(this.typeName, { ARGS: ['column'] }); this.ACTION(() => params.push(p)); } });
        this.CONSUME2(T.Greater);
      },
    });
    // TIMESTAMP WITH TIME ZONE: instants are UTC; the zone clause is accepted as written by the reference.
    this.OPTION7({
      GATE: () => name.image.toUpperCase() === 'TIMESTAMP' && tokenMatcher(this.LA(1), T.With) && isWord(this.LA(2), 'TIME'),
      DEF: () => { this.CONSUME(T.With); this.CONSUME3(T.Identifier); this.CONSUME4(T.Identifier); },
    });
    // DECIMAL(p, s) / NUMERIC(p, s): precision and scale; ARRAY(T) / MAP(K, V): element types.
    const numbers: IToken[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OR([
        { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const n = this.CONSUME(T.IntegerLiteral); this.ACTION(() => numbers.push(n)); } }) },
        { ALT: () => this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => { const p = this.SUBRULE(this.typeName, { ARGS: ['column'] }); this.ACTION(() => params.push(p)); } }) },
      ]);
      this.CONSUME(T.RParen);
    });
    return this.ACTION(() => {
      const keyword = typeKeyword(name.image, context);
      if (!keyword) {
        const hint = name.image.toUpperCase() === 'JSON' && context === 'cast'
          ? 'CAST(… AS JSON) is not supported; JSON text is a STRING: read fields with JSON_VALUE(x, \'$.path\')'
          : `use one of ${typeNamesFor(context).join(', ')}`;
        throw problem(Codes.BadValue, `unknown type ${name.image}`, name, hint, typeNamesFor(context));
      }
      const span = this.spanFrom(name);
      const upper = name.image.toUpperCase();
      if (fields) {
        this.use('X32', 'STRUCT<…> type', span);
        return { kind: 'Type', name: keyword, text: name.image, params, fields, span };
      }
      if (keyword === 'STRUCT') throw problem(Codes.BadValue, 'STRUCT needs its fields', span, 'write STRUCT<name TYPE, …>', ['<']);
      if (keyword === 'JSON') this.use('X32', 'JSON type', span);
      if ((upper === 'VARCHAR' || upper === 'CHAR') && numbers.length === 1) {
        this.use('X32', `${upper}(n) type`, span);
        return { kind: 'Type', name: keyword, text: name.image, params, length: Number(numbers[0].image), span };
      }
      if (upper === 'CHAR') this.use('X32', 'CHAR type', span);
      if (numbers.length > 0) return { kind: 'Type', name: keyword, text: name.image, params, ...decimalParameters(keyword, name.image, numbers, span), span };
      const arity = keyword === 'ARRAY' ? 1 : keyword === 'MAP' ? 2 : 0;
      if (params.length !== arity) {
        const shape = arity === 1 ? 'ARRAY(T)' : arity === 2 ? 'MAP(K, V)' : name.image.toUpperCase();
        throw problem(Codes.BadValue, `wrong type parameters for ${name.image}`, span, `write ${shape}`);
      }
      if (keyword === 'BIGINT') this.use('X14', 'BIGINT type', tokenSpan(name));
      return { kind: 'Type', name: keyword, text: name.image, params, span };
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Windows and durations
  // ---------------------------------------------------------------------------------------------

  /** `WINDOW TUMBLING(…)` etc., or ⊕X30 named windows `WINDOW w AS (…) {, w2 AS (…)}`. */
  private windowClause = this.RULE('windowClause', (onWindow: (t: IToken, named: boolean) => void): A.WindowSpec | A.NamedWindow[] => {
    const first = this.CONSUME(T.Window);
    return this.OR([
      {
        GATE: () => tokenMatcher(this.LA(2), T.As),
        ALT: () => {
          this.ACTION(() => onWindow(first, true));
          const windows: A.NamedWindow[] = [];
          this.AT_LEAST_ONE_SEP2({
            SEP: T.Comma,
            DEF: () => {
              const name = this.CONSUME2(T.Identifier);
              this.CONSUME(T.As);
              this.CONSUME2(T.LParen);
              const spec = this.SUBRULE(this.standardOver);
              this.CONSUME2(T.RParen);
              this.ACTION(() => {
                const span = this.spanFrom(name);
                this.use('X30', `named window WINDOW ${name.image} AS (…)`, span);
                windows.push({ kind: 'NamedWindow', name: identifier(name), spec, span });
              });
            },
          });
          return windows;
        },
      },
      {
        ALT: () => {
          this.ACTION(() => onWindow(first, false));
          const kind = this.CONSUME(T.Identifier);
          this.CONSUME(T.LParen);
          const args: WindowArg[] = [];
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const a = this.SUBRULE(this.windowArg); this.ACTION(() => args.push(a)); } });
          this.CONSUME(T.RParen);
          return this.ACTION(() => this.buildWindow(kind, args, this.spanFrom(first)));
        },
      },
    ]);
  });

  private windowArg = this.RULE('windowArg', (): WindowArg =>
    this.OR([
      {
        // ⊕X29 SLIDING(size, ADVANCE BY slide)
        GATE: () => isWord(this.LA(1), 'ADVANCE') && tokenMatcher(this.LA(2), T.By),
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.CONSUME(T.By);
          const advance = this.SUBRULE2(this.windowArg);
          return this.ACTION(() => {
            if (advance.kind !== 'duration') throw problem(Codes.UnexpectedToken, 'ADVANCE BY needs a duration', advance.column.span, 'write ADVANCE BY INTERVAL 1 MINUTE or ADVANCE BY 1m', ['duration']);
            return { ...advance, advanceBy: true };
          });
        },
      },
      {
        ALT: () => {
          const parts = this.SUBRULE(this.intervalParts);
          return this.ACTION(() => ({
            kind: 'duration' as const, duration: this.intervalDuration(parts), interval: true, unquotedInterval: !parts.quoted,
          }));
        },
      },
      { ALT: () => { const d = this.SUBRULE(this.stringDuration); return this.ACTION(() => ({ kind: 'duration' as const, duration: d, interval: false, unquotedInterval: false })); } },
      { ALT: () => { const d = this.SUBRULE(this.numericDuration); return this.ACTION(() => ({ kind: 'duration' as const, duration: d, interval: false, unquotedInterval: false })); } },
      { ALT: () => { const c = this.SUBRULE(this.columnRef); return this.ACTION(() => ({ kind: 'column' as const, column: c })); } },
    ]),
  );

  /** A duration in JOIN … WITHIN or similar positions: INTERVAL, `5m`, or `'5 minutes'`. */
  private duration = this.RULE('duration', (position: 'join'): A.Duration =>
    this.OR([
      {
        ALT: () => {
          const parts = this.SUBRULE(this.intervalParts);
          return this.ACTION(() => {
            if (position === 'join' && !WITHIN_UNITS.has(parts.unit as A.IntervalUnit)) {
              throw problem(Codes.BadValue, `unit ${parts.unit} is not allowed in WITHIN`, parts.span, 'use MILLISECOND(S), SECOND(S), MINUTE(S), HOUR(S), DAY(S) or WEEK(S)');
            }
            if (parts.unit === 'DAY' || parts.unit === 'WEEK') this.use('X20', `${parts.unit}(S) in JOIN … WITHIN`, parts.span);
            return this.intervalDuration(parts);
          });
        },
      },
      { ALT: () => this.SUBRULE(this.stringDuration) },
      { ALT: () => this.SUBRULE(this.numericDuration, { ARGS: [true] }) },
    ]),
  );

  /** `5m` (integer immediately followed by a lower-case unit), or a bare integer (seconds). */
  private numericDuration = this.RULE('numericDuration', (unitRequired = false): A.Duration => {
    const value = this.CONSUME(T.IntegerLiteral);
    const unit = this.OPTION({
      GATE: () => adjacent(this.LA(0), this.LA(1)),
      DEF: () => this.CONSUME(T.Identifier),
    });
    return this.ACTION((): A.Duration => {
      const amount = Number(value.image);
      if (!unit) {
        if (unitRequired) {
          throw problem(Codes.BadDuration, `duration ${value.image} has no unit`, value, `write ${value.image}s, ${value.image}m, or INTERVAL '${value.image}' SECOND`, ['unit']);
        }
        return { kind: 'Duration', ms: amount * 1000, syntax: { form: 'seconds', value: amount }, original: value.image, span: tokenSpan(value) };
      }
      const span = spanBetween(value, unit);
      const original = value.image + unit.image;
      const simple = simpleUnit(unit.image);
      if (!simple) throw badDuration(original, unit.image, span);
      return { kind: 'Duration', ms: amount * simpleUnitMs(simple), syntax: { form: 'simple', value: amount, unit: simple }, original, span };
    });
  });

  /** ⊕X2 `'1 minute'`, `'5m'`. */
  private stringDuration = this.RULE('stringDuration', (): A.Duration => {
    const str = this.CONSUME(T.StringLiteral);
    return this.ACTION((): A.Duration => {
      const text = unquote(str);
      const ms = stringDurationMs(text);
      if (ms === undefined) {
        throw problem(Codes.BadDuration, `${str.image} is not a duration`, str, "write '<n><unit>' ('5m') or '<n> <unit>' ('5 minutes')");
      }
      this.use('X2', `string duration ${str.image}`, tokenSpan(str));
      return { kind: 'Duration', ms, syntax: { form: 'string', text }, original: str.image, span: tokenSpan(str) };
    });
  });

  /**
   * `INTERVAL 'n' UNIT` / `INTERVAL n UNIT` (integer values only, §5.2), or `INTERVAL 'n unit'`
   * (the unit inside the string, as the reference accepts). MONTH/YEAR (⊕X33) are returned
   * here and refused by the duration positions.
   */
  private intervalParts = this.RULE('intervalParts', (): IntervalParts => {
    const first = this.CONSUME(T.Interval);
    const value = this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.IntegerLiteral) },
    ]);
    const inside = this.ACTION(() => (tokenMatcher(value, T.StringLiteral) ? /^\s*(\d+)\s*([A-Za-z]*)\s*$/.exec(unquote(value)) : null));
    this.ACTION(() => {
      if (tokenMatcher(value, T.StringLiteral) && !inside) {
        throw problem(Codes.BadValue, `INTERVAL ${value.image} is not supported`, value,
          "write a whole number and a unit: INTERVAL '1' HOUR", ["'<integer>'"]);
      }
    });
    const unitToken = this.OPTION({
      GATE: () => !inside?.[2],
      DEF: () => this.CONSUME(T.Identifier),
    });
    return this.ACTION(() => {
      const unitText = unitToken?.image ?? inside?.[2] ?? '';
      const where = unitToken ?? value;
      const upper = unitText.toUpperCase();
      const calendar = /^(MONTH|YEAR)S?$/.test(upper) ? (upper.replace(/S$/, '') as A.CalendarUnit) : undefined;
      const unit = intervalUnit(unitText) ?? calendar;
      if (!unit) {
        throw problem(Codes.BadValue, unitText ? `unknown INTERVAL unit ${unitText}` : 'INTERVAL needs a unit', where,
          'use MILLISECOND, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH or YEAR (optionally plural)',
          ['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR']);
      }
      const span = this.spanFrom(first);
      if (unit === 'WEEK') this.use('X20', 'WEEK unit in INTERVAL', span);
      const quoted = tokenMatcher(value, T.StringLiteral);
      return { value: Number(inside ? inside[1] : value.image), unit, quoted, span };
    });
  });

  /** A duration from INTERVAL parts; calendar units have no fixed length, so they are refused here. */
  private intervalDuration(parts: IntervalParts): A.Duration {
    if (parts.unit === 'MONTH' || parts.unit === 'YEAR') {
      throw problem(Codes.BadValue, `${parts.unit} intervals are not allowed here`, parts.span,
        `months and years only work in date arithmetic (ts + INTERVAL '1' ${parts.unit}); use DAY(S) or WEEK(S)`, ['MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK']);
    }
    const unit = parts.unit;
    return {
      kind: 'Duration',
      ms: parts.value * intervalUnitMs(unit),
      syntax: { form: 'interval', value: parts.value, unit, quoted: parts.quoted },
      original: this.textOf(parts.span),
      span: parts.span,
    };
  }

  private textOf(span: A.Span): string {
    const tokens = this.input.filter((t) => t.startOffset >= span.start.offset && t.startOffset < span.end.offset);
    return tokens.map((t) => t.image).join(' ');
  }

  private buildWindow(kindToken: IToken, args: WindowArg[], span: A.Span): A.WindowSpec {
    const kind = kindToken.image.toUpperCase();
    const signatures: Record<string, string> = {
      TUMBLING: 'TUMBLING([time_col,] size)',
      SLIDING: 'SLIDING([time_col,] size, advance)',
      HOPPING: 'HOPPING([time_col,] size, advance)',
      SESSION: 'SESSION([time_col,] gap [, partition_col])',
    };
    if (!signatures[kind]) {
      throw problem(Codes.UnexpectedToken, `unknown window type ${kindToken.image}`, kindToken,
        'use TUMBLING(…), SLIDING(…) or SESSION(…)', ['TUMBLING', 'SLIDING', 'SESSION', 'HOPPING']);
    }
    const durationCount = kind === 'TUMBLING' || kind === 'SESSION' ? 1 : 2;
    const hasTimeColumn = args[0]?.kind === 'column';
    const maxArgs = durationCount + 1 + (kind === 'SESSION' ? 1 : 0);
    if (args.length < durationCount || args.length > maxArgs || (!hasTimeColumn && args.length > durationCount)) {
      throw problem(Codes.UnexpectedToken, `wrong arguments for ${kind}`, span, `write ${signatures[kind]}`);
    }
    const offset = hasTimeColumn ? 1 : 0;
    const durations = args.slice(offset, offset + durationCount).map((arg) => {
      if (arg.kind !== 'duration') {
        throw problem(Codes.UnexpectedToken, `expected a duration, found column ${arg.column.name}`, arg.column.span,
          `write ${signatures[kind]} with a duration such as 5m or INTERVAL '5' MINUTE`, ['duration']);
      }
      const portableInterval = arg.interval && hasTimeColumn && kind !== 'SLIDING' && kind !== 'HOPPING' && !arg.unquotedInterval;
      if (arg.interval && !portableInterval) this.use('X1', `INTERVAL argument in ${kind}(…)`, arg.duration.span);
      return arg.duration;
    });
    const timeColumn = hasTimeColumn ? (args[0] as Extract<WindowArg, { kind: 'column' }>).column : undefined;
    if (kind === 'TUMBLING') return { kind: 'Tumbling', timeColumn, size: durations[0], span };
    if (kind === 'SESSION') {
      const extra = args[offset + 1];
      if (extra && extra.kind !== 'column') {
        throw problem(Codes.UnexpectedToken, 'the third SESSION argument must be a partition column', extra.duration.span, `write ${signatures[kind]}`);
      }
      return { kind: 'Session', timeColumn, gap: durations[0], partitionColumn: extra?.column, span };
    }
    if (kind === 'HOPPING') this.use('X3', 'HOPPING window', tokenSpan(kindToken));
    const advanceArg = args[offset + 1];
    const advanceBy = advanceArg?.kind === 'duration' && advanceArg.advanceBy === true;
    if (advanceBy) this.use('X29', `${kind}(size, ADVANCE BY slide)`, advanceArg.duration.span);
    return { kind: 'Sliding', keyword: kind as 'SLIDING' | 'HOPPING', timeColumn, size: durations[0], advance: durations[1], ...(advanceBy ? { advanceBy } : {}), span };
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions (§5.1, lowest precedence first)
  // ---------------------------------------------------------------------------------------------

  public expr = this.RULE('expr', (): A.Expr => {
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      const right = this.SUBRULE2(this.andExpr);
      this.ACTION(() => { left = binary('OR', left, right); });
    });
    return left;
  });

  private andExpr = this.RULE('andExpr', (): A.Expr => {
    let left = this.SUBRULE(this.comparison);
    this.MANY(() => {
      this.CONSUME(T.And);
      const right = this.SUBRULE2(this.comparison);
      this.ACTION(() => { left = binary('AND', left, right); });
    });
    return left;
  });

  private comparison = this.RULE('comparison', (): A.Expr => {
    let left = this.SUBRULE(this.concatExpr);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const op = this.CONSUME(T.ComparisonOp);
            this.OR2({
              IGNORE_AMBIGUITIES: true,
              DEF: [
                {
                  ALT: () => {
                    const quantifier = this.OR3([
                      { ALT: () => this.CONSUME(T.Any) },
                      { ALT: () => this.CONSUME(T.All) },
                      { ALT: () => this.CONSUME(T.Some) },
                    ]);
                    this.CONSUME(T.LParen);
                    const subquery = this.SUBRULE(this.select, { ARGS: ['fixed'] });
                    this.CONSUME(T.RParen);
                    this.ACTION(() => {
                      const span = joinSpans(left.span, tokenSpan(this.last()));
                      const q = quantifier.image.toUpperCase() as 'ANY' | 'SOME' | 'ALL';
                      this.use('X19', `${op.image} ${q} (SELECT …)`, span);
                      left = { kind: 'Quantified', op: op.image as A.ComparisonOperator, quantifier: q, left, subquery, span };
                    });
                  },
                },
                {
                  ALT: () => {
                    const right = this.SUBRULE2(this.concatExpr);
                    this.ACTION(() => { left = binary(op.image as A.BinaryOperator, left, right); });
                  },
                },
              ],
            });
          },
        },
        {
          ALT: () => {
            const op = this.OR6([{ ALT: () => this.CONSUME(T.RegexMatch) }, { ALT: () => this.CONSUME(T.NotRegexMatch) }]);
            const pattern = this.SUBRULE4(this.concatExpr);
            this.ACTION(() => {
              left = binary(op.image as A.BinaryOperator, left, pattern);
              this.use('X32', `regex match ${op.image}`, left.span);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Is);
            const negated = this.OPTION(() => this.CONSUME(T.Not)) !== undefined;
            this.CONSUME(T.Null);
            this.ACTION(() => { left = { kind: 'IsNull', expr: left, negated, span: joinSpans(left.span, tokenSpan(this.last())) }; });
          },
        },
        {
          ALT: () => {
            const negated = this.OPTION2(() => this.CONSUME2(T.Not)) !== undefined;
            this.OR4([
              {
                ALT: () => {
                  this.CONSUME(T.In);
                  this.CONSUME2(T.LParen);
                  this.OR5([
                    {
                      ALT: () => {
                        const subquery = this.SUBRULE2(this.select, { ARGS: ['fixed'] });
                        this.CONSUME2(T.RParen);
                        this.ACTION(() => { left = { kind: 'InSubquery', expr: left, subquery, negated, span: joinSpans(left.span, tokenSpan(this.last())) }; });
                      },
                    },
                    {
                      ALT: () => {
                        const list: A.Expr[] = [];
                        this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const e = this.SUBRULE(this.additive); this.ACTION(() => list.push(e)); } });
                        this.CONSUME3(T.RParen);
                        this.ACTION(() => { left = { kind: 'InList', expr: left, list, negated, span: joinSpans(left.span, tokenSpan(this.last())) }; });
                      },
                    },
                  ]);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Between);
                  const low = this.SUBRULE2(this.additive);
                  this.CONSUME(T.And);
                  const high = this.SUBRULE3(this.additive);
                  this.ACTION(() => { left = { kind: 'Between', expr: left, low, high, negated, span: joinSpans(left.span, high.span) }; });
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Like);
                  const pattern = this.SUBRULE3(this.concatExpr);
                  this.ACTION(() => { left = { kind: 'Like', expr: left, pattern, negated, span: joinSpans(left.span, pattern.span) }; });
                },
              },
            ]);
          },
        },
      ]);
    });
    return left;
  });

  private concatExpr = this.RULE('concatExpr', (): A.Expr => {
    let left = this.SUBRULE(this.additive);
    this.MANY(() => {
      this.CONSUME(T.Concat);
      const right = this.SUBRULE2(this.additive);
      this.ACTION(() => { left = binary('||', left, right); });
    });
    return left;
  });

  private additive = this.RULE('additive', (): A.Expr => {
    let left = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      const right = this.SUBRULE2(this.multiplicative);
      this.ACTION(() => { left = binary(op.image as A.BinaryOperator, left, right); });
    });
    return left;
  });

  private multiplicative = this.RULE('multiplicative', (): A.Expr => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.Percent) },
      ]);
      const right = this.SUBRULE2(this.unary);
      this.ACTION(() => {
        if (op.image === '%') this.use('X8', 'a % b', tokenSpan(op));
        left = binary(op.image as A.BinaryOperator, left, right);
      });
    });
    return left;
  });

  private unary = this.RULE('unary', (): A.Expr =>
    this.OR([
      {
        ALT: () => {
          const minus = this.CONSUME(T.Minus);
          const operand = this.SUBRULE(this.unary);
          return this.ACTION(() => this.negate(minus, operand));
        },
      },
      { ALT: () => this.SUBRULE(this.postfixCast) },
    ]),
  );

  /** `x::type` (the reference's PostgreSQL-style cast); `'1 hour'::interval` is an INTERVAL literal. */
  private postfixCast = this.RULE('postfixCast', (): A.Expr => {
    let expr = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.DoubleColon);
      this.OR([
        {
          ALT: () => {
            const type = this.SUBRULE(this.typeName, { ARGS: ['cast'] });
            this.ACTION(() => { expr = { kind: 'Cast', expr, type, postfix: true, span: joinSpans(expr.span, type.span) }; });
          },
        },
        {
          ALT: () => {
            const interval = this.CONSUME(T.Interval);
            this.ACTION(() => { expr = stringInterval(expr, interval); });
          },
        },
      ]);
    });
    return expr;
  });

  /** `-literal` folds into the literal (the reference's negative literals); anything else is ⊕X9. */
  private negate(minus: IToken, operand: A.Expr): A.Expr {
    const span = joinSpans(tokenSpan(minus), operand.span);
    switch (operand.kind) {
      case 'Integer':
        return { ...operand, value: negateNumber(operand.value), text: `-${operand.text}`, span };
      case 'Float':
        return { ...operand, value: -operand.value, text: `-${operand.text}`, span };
      case 'Decimal':
        this.use('X9', `negative decimal literal -${operand.text}`, span);
        return { ...operand, unscaled: negateNumber(operand.unscaled), text: `-${operand.text}`, span };
      default:
        this.use('X9', 'unary minus on an expression', span);
        return { kind: 'Negate', operand, span };
    }
  }

  private primary = this.RULE('primary', (): A.Expr =>
    this.OR([
      { ALT: () => { const t = this.CONSUME(T.IntegerLiteral); return this.ACTION(() => ({ kind: 'Integer' as const, value: integerValue(t.image), text: t.image, span: tokenSpan(t) })); } },
      { ALT: () => { const t = this.CONSUME(T.DecimalLiteral); return this.ACTION(() => ({ kind: 'Decimal' as const, ...decimalValue(t.image), text: t.image, span: tokenSpan(t) })); } },
      { ALT: () => { const t = this.CONSUME(T.FloatLiteral); return this.ACTION(() => ({ kind: 'Float' as const, value: Number(t.image), text: t.image, span: tokenSpan(t) })); } },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      { ALT: () => { const t = this.CONSUME(T.Null); return this.ACTION(() => ({ kind: 'Null' as const, span: tokenSpan(t) })); } },
      { ALT: () => this.SUBRULE(this.intervalLiteral) },
      { ALT: () => this.SUBRULE(this.caseExpr) },
      { ALT: () => this.SUBRULE(this.existsExpr) },
      {
        ALT: () => {
          const not = this.CONSUME(T.Not);
          const operand = this.SUBRULE(this.primary);
          return this.ACTION((): A.Expr => {
            const span = joinSpans(tokenSpan(not), operand.span);
            return operand.kind === 'Exists' && !operand.negated
              ? { ...operand, negated: true, span }
              : { kind: 'Not', operand, span };
          });
        },
      },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      {
        ALT: () => {
          const uri = this.CONSUME(T.Uri);
          return this.ACTION(() => {
            throw problem(Codes.UnexpectedToken, `unexpected URI ${uri.image}`, uri,
              'unquoted URIs are only allowed as a source after FROM or JOIN; quote it to make a string');
          });
        },
      },
      { ALT: () => this.SUBRULE(this.nameExpr) },
    ]),
  );

  private stringLiteral = this.RULE('stringLiteral', (): A.StringLiteral => {
    const t = this.CONSUME(T.StringLiteral);
    return this.ACTION(() => ({ kind: 'String', value: unquote(t), quote: t.image[0] as "'" | '"', span: tokenSpan(t) }));
  });

  private intervalLiteral = this.RULE('intervalLiteral', (): A.IntervalLiteral => {
    const parts = this.SUBRULE(this.intervalParts);
    return this.ACTION((): A.IntervalLiteral => {
      const base = { kind: 'Interval' as const, value: parts.value, quoted: parts.quoted, original: this.textOf(parts.span), span: parts.span };
      if (parts.unit === 'MONTH' || parts.unit === 'YEAR') {
        this.use('X33', `INTERVAL … ${parts.unit} in date arithmetic`, parts.span);
        return { ...base, unit: parts.unit, ms: 0, months: parts.value * (parts.unit === 'YEAR' ? 12 : 1) };
      }
      return { ...base, unit: parts.unit, ms: parts.value * intervalUnitMs(parts.unit) };
    });
  });

  private caseExpr = this.RULE('caseExpr', (): A.CaseExpr => {
    const first = this.CONSUME(T.Case);
    const operand = this.OPTION(() => this.SUBRULE(this.expr));
    const whens: A.CaseWhen[] = [];
    this.AT_LEAST_ONE(() => {
      const when = this.CONSUME(T.When);
      const condition = this.SUBRULE2(this.expr);
      this.CONSUME(T.Then);
      const result = this.SUBRULE3(this.expr);
      this.ACTION(() => whens.push({ kind: 'When', when: condition, then: result, span: joinSpans(tokenSpan(when), result.span) }));
    });
    const otherwise = this.OPTION2(() => {
      this.CONSUME(T.Else);
      return this.SUBRULE4(this.expr);
    });
    this.CONSUME(T.End);
    return this.ACTION(() => {
      const span = this.spanFrom(first);
      if (operand) this.use('X10', 'simple CASE x WHEN v …', span);
      return { kind: 'Case', operand, whens, else: otherwise, span };
    });
  });

  private existsExpr = this.RULE('existsExpr', (): A.ExistsExpr => {
    const first = this.CONSUME(T.Exists);
    this.CONSUME(T.LParen);
    const subquery = this.SUBRULE(this.select, { ARGS: ['fixed'] });
    this.CONSUME(T.RParen);
    return this.ACTION(() => ({ kind: 'Exists', subquery, negated: false, span: this.spanFrom(first) }));
  });

  /** `(expr)` or a scalar subquery `(SELECT …)`. */
  private parenthesized = this.RULE('parenthesized', (): A.Expr => {
    const first = this.CONSUME(T.LParen);
    const inner = this.OR([
      { ALT: () => { const s = this.SUBRULE(this.select, { ARGS: ['fixed'] }); return this.ACTION(() => ({ kind: 'ScalarSubquery' as const, subquery: s, span: s.span }) as A.Expr); } },
      { ALT: () => this.SUBRULE(this.expr) },
    ]);
    this.CONSUME(T.RParen);
    return this.ACTION(() => (inner.kind === 'ScalarSubquery' ? { ...inner, span: this.spanFrom(first) } : inner));
  });

  /** A column, qualified column, system column, boolean word, or function call. */
  private nameExpr = this.RULE('nameExpr', (): A.Expr => {
    const name = this.CONSUME(T.ExprName);
    const continued = this.OPTION(() =>
      // `.` takes the qualified-column alternative; a path starting with `[` the last one.
      this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
        { ALT: () => this.SUBRULE(this.functionCall, { ARGS: [name] }) },
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            const column = this.CONSUME(T.DotName);
            const segments: A.PathSegment[] = [];
            this.MANY(() => { const s = this.SUBRULE(this.pathSegment); this.ACTION(() => segments.push(s)); });
            return this.ACTION(() => withPath(columnOrSystem(column, identifier(name)), segments, this.use.bind(this)));
          },
        },
        {
          ALT: () => {
            const segments: A.PathSegment[] = [];
            this.AT_LEAST_ONE(() => { const s = this.SUBRULE2(this.pathSegment); this.ACTION(() => segments.push(s)); });
            return this.ACTION(() => withPath(columnOrSystem(name), segments, this.use.bind(this)));
          },
        },
      ] }),
    );
    return this.ACTION((): A.Expr => {
      if (continued) return continued;
      const upper = name.image.toUpperCase();
      const span = tokenSpan(name);
      if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'Boolean', value: upper === 'TRUE', span };
      if (NO_PAREN_FUNCTIONS.has(upper)) return this.call(name, [], { parens: false });
      return columnOrSystem(name);
    });
  });

  /** ⊕X34 one step of a path: `.name`, `.*`, `[n]`, `[*]`; `**` and `[a:b]` slices are refused by name. */
  private pathSegment = this.RULE('pathSegment', (): A.PathSegment =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          return this.OR2([
            {
              ALT: () => {
                const field = this.CONSUME(T.DotName);
                return this.ACTION((): A.PathSegment => ({ kind: 'Field', name: identifier(field), span: tokenSpan(field) }));
              },
            },
            {
              ALT: () => {
                const star = this.CONSUME(T.Star);
                return this.ACTION((): A.PathSegment => {
                  if (tokenMatcher(this.LA(1), T.Star) && adjacent(star, this.LA(1))) throw recursivePath(star);
                  return { kind: 'Wildcard', span: tokenSpan(star) };
                });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LBracket);
          const all = this.OPTION3(() => this.CONSUME2(T.Star));
          const index = this.OPTION(() => this.SUBRULE(this.unary));
          this.OPTION2(() => {
            const colon = this.CONSUME(T.Colon);
            this.ACTION(() => {
              throw problem(Codes.NotSupported, 'slice paths [a:b] are not supported', colon,
                'index one element at a time: items[0], items[1]; or use the whole array', [']']);
            });
          });
          const close = this.CONSUME(T.RBracket);
          return this.ACTION((): A.PathSegment => {
            if (all && !index) return { kind: 'Wildcard', span: spanBetween(open, close) };
            if (index?.kind !== 'Integer' || typeof index.value !== 'number' || index.value < 0) {
              throw problem(Codes.BadValue, 'a path index is a non-negative integer', index?.span ?? spanBetween(open, close), 'write items[0] (0-based)', ['integer']);
            }
            return { kind: 'Index', index: index.value, span: spanBetween(open, close) };
          });
        },
      },
    ]),
  );

  /** Column reference for window time columns and buffer PARTITION/ORDER BY. */
  private columnRef = this.RULE('columnRef', (): A.ColumnRef | A.SystemColumnRef => {
    const first = this.CONSUME(T.ExprName);
    const second = this.OPTION(() => {
      this.CONSUME(T.Dot);
      return this.CONSUME(T.DotName);
    });
    return this.ACTION(() => (second ? columnOrSystem(second, identifier(first)) : columnOrSystem(first)));
  });

  private functionCall = this.RULE('functionCall', (name: IToken): A.Expr =>
    this.OR([
      { GATE: () => this.keywordArguments(name), ALT: () => this.SUBRULE(this.keywordCall, { ARGS: [name] }) },
      { ALT: () => this.SUBRULE(this.plainCall, { ARGS: [name] }) },
    ]),
  );

  /** `POSITION(a IN b)` or `TRIM([BOTH|LEADING|TRAILING] [x] FROM s)` ahead. */
  private keywordArguments(name: IToken): boolean {
    const upper = name.image.toUpperCase();
    if (upper === 'TRIM') return isWord(this.LA(2), 'BOTH', 'LEADING', 'TRAILING') || this.topLevelToken(T.From);
    return upper === 'POSITION' && this.topLevelToken(T.In);
  }

  /** Whether `type` occurs inside the parentheses that start at LA(1), outside nested ones. */
  private topLevelToken(type: typeof T.In): boolean {
    let depth = 0;
    for (let i = 1; ; i++) {
      const token = this.LA(i);
      if (token.tokenType === EOF) return false;
      if (tokenMatcher(token, T.LParen)) depth++;
      else if (tokenMatcher(token, T.RParen) && --depth === 0) return false;
      else if (depth === 1 && tokenMatcher(token, type)) return true;
    }
  }

  /** `POSITION(sub IN s)` → POSITION(sub, s); ⊕X34 `TRIM(BOTH x FROM s)` → TRIM(s, x) with its mode. */
  private keywordCall = this.RULE('keywordCall', (name: IToken): A.Expr => {
    this.CONSUME(T.LParen);
    const mode = this.OPTION({ GATE: () => isWord(this.LA(1), 'BOTH', 'LEADING', 'TRAILING'), DEF: () => this.CONSUME(T.Identifier) });
    const first = this.OPTION2(() => this.SUBRULE(this.concatExpr));
    this.OR([{ ALT: () => this.CONSUME(T.In) }, { ALT: () => this.CONSUME(T.From) }]);
    const second = this.SUBRULE2(this.concatExpr);
    this.CONSUME(T.RParen);
    return this.ACTION(() => {
      const span = this.spanFrom(name);
      if (name.image.toUpperCase() === 'POSITION') {
        if (!first || mode) throw problem(Codes.UnexpectedToken, 'malformed POSITION', span, 'write POSITION(sub IN s)');
        return { ...this.call(name, [first, second], { span }), keywordForm: 'POSITION IN' as const };
      }
      const trimMode = (mode?.image.toUpperCase() ?? 'BOTH') as 'BOTH' | 'LEADING' | 'TRAILING';
      this.use('X34', `TRIM(${trimMode} … FROM …)`, span);
      return { ...this.call(name, first ? [second, first] : [second], { span }), keywordForm: `TRIM ${trimMode}` as const };
    });
  });

  private plainCall = this.RULE('plainCall', (name: IToken): A.Expr => {
    this.CONSUME(T.LParen);
    let distinct = false;
    let star = false;
    const args: A.Expr[] = [];
    let castType: A.TypeName | undefined;
    let extractFrom: A.Expr | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Distinct);
      distinct = true;
    });
    this.OPTION2(() =>
      this.OR([
        { ALT: () => { this.CONSUME(T.Star); star = true; } },
        {
          ALT: () => {
            const firstArg = this.SUBRULE(this.expr);
            this.ACTION(() => args.push(firstArg));
            // CAST(x AS T) and EXTRACT(part FROM x) put a keyword after the first argument.
            this.OPTION3(() =>
              this.OR2([
                { ALT: () => { this.CONSUME(T.As); castType = this.SUBRULE(this.typeName, { ARGS: ['cast'] }); } },
                { ALT: () => { this.CONSUME(T.From); extractFrom = this.SUBRULE2(this.expr); } },
              ]),
            );
            this.MANY(() => {
              this.CONSUME(T.Comma);
              const arg = this.SUBRULE3(this.expr);
              this.ACTION(() => args.push(arg));
            });
          },
        },
      ]),
    );
    // ⊕X34 STRING_AGG(x, sep ORDER BY y)
    const argOrderBy = this.OPTION6(() => {
      this.CONSUME2(T.Order);
      this.CONSUME2(T.By);
      return this.SUBRULE2(this.orderByList);
    });
    this.CONSUME(T.RParen);
    const withinGroup = this.OPTION4({
      GATE: () => tokenMatcher(this.LA(2), T.Group),
      DEF: () => {
        this.CONSUME(T.Within);
        this.CONSUME(T.Group);
        this.CONSUME2(T.LParen);
        this.CONSUME(T.Order);
        this.CONSUME(T.By);
        const items = this.SUBRULE(this.orderByList);
        this.CONSUME2(T.RParen);
        return items;
      },
    });
    const over = this.OPTION5(() => this.SUBRULE(this.overClause));
    return this.ACTION((): A.Expr => {
      const upper = name.image.toUpperCase();
      const span = this.spanFrom(name);
      if (upper === 'CAST') return this.castExpr(name, args, castType, span);
      if (upper === 'EXTRACT') return this.extractExpr(name, args, extractFrom, span);
      if (castType || extractFrom) {
        throw problem(Codes.UnexpectedToken, `unexpected ${castType ? 'AS' : 'FROM'} in ${name.image}(…)`, span,
          'only CAST(x AS type) and EXTRACT(part FROM x) take AS or FROM inside the parentheses');
      }
      if (this.inGroupBy && WINDOW_FUNCTION_NAMES.has(upper)) {
        throw problem(Codes.NotSupported, `${name.image}(…) in GROUP BY is not supported`, span,
          'use WINDOW TUMBLING(…) after GROUP BY', ['WINDOW']);
      }
      if (distinct) this.use('X5', `${upper}(DISTINCT …)`, span);
      if (argOrderBy) {
        const fn = lookupFunction(upper);
        if (fn?.kind !== 'aggregate' || !fn.ordered) {
          throw problem(Codes.UnexpectedToken, `ORDER BY inside ${name.image}(…)`, span, 'only STRING_AGG and LISTAGG order their values: STRING_AGG(x, sep ORDER BY y)');
        }
        this.use('X34', `${upper}(… ORDER BY …)`, span);
      }
      if (withinGroup) this.use('X18', `${upper}(…) WITHIN GROUP (ORDER BY …)`, span);
      if (upper === 'LPAD' || upper === 'RPAD') this.use('X15', upper, span);
      if (X16_FUNCTIONS.has(upper)) this.use('X16', upper, span);
      if (upper === 'DATEDIFF' && args[0]?.kind === 'String' && X17_UNITS.has(args[0].value.toUpperCase())) {
        this.use('X17', `DATEDIFF unit '${args[0].value}'`, args[0].span);
      }
      const call = this.call(name, args, { star, distinct, withinGroup, over, span });
      return argOrderBy ? { ...call, argOrderBy } : call;
    });
  });

  private call(
    name: IToken,
    args: A.Expr[],
    options: { parens?: boolean; star?: boolean; distinct?: boolean; withinGroup?: A.OrderByItem[]; over?: A.OverClause; span?: A.Span },
  ): A.FunctionCall {
    return {
      kind: 'FunctionCall',
      name: name.image,
      upperName: name.image.toUpperCase(),
      nameSpan: tokenSpan(name),
      args,
      star: options.star ?? false,
      distinct: options.distinct ?? false,
      parens: options.parens ?? true,
      over: options.over,
      withinGroup: options.withinGroup,
      span: options.span ?? tokenSpan(name),
    };
  }

  private castExpr(name: IToken, args: A.Expr[], type: A.TypeName | undefined, span: A.Span): A.CastExpr {
    if (!type || args.length !== 1) {
      throw problem(Codes.UnexpectedToken, 'CAST needs one value and a type', span, 'write CAST(x AS type)');
    }
    if (type.name === 'BIGINT') this.use('X14', 'BIGINT in CAST', type.span);
    return { kind: 'Cast', expr: args[0], type, span };
  }

  private extractExpr(name: IToken, args: A.Expr[], from: A.Expr | undefined, span: A.Span): A.ExtractExpr {
    const part = args[0];
    if (from && args.length === 1 && part.kind === 'Column' && !part.qualifier) {
      return { kind: 'Extract', part: part.name.name.toUpperCase(), partSpan: part.span, expr: from, syntax: 'FROM', span };
    }
    if (!from && args.length === 2 && part.kind === 'String') {
      return { kind: 'Extract', part: part.value.toUpperCase(), partSpan: part.span, expr: args[1], syntax: 'COMMA', span };
    }
    throw problem(Codes.UnexpectedToken, 'malformed EXTRACT', span, "write EXTRACT(part FROM x) or EXTRACT('part', x)");
  }

  // ---------------------------------------------------------------------------------------------
  // OVER (§7)
  // ---------------------------------------------------------------------------------------------

  private overClause = this.RULE('overClause', (): A.OverClause => {
    const first = this.CONSUME(T.Over);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const over = this.OR2([
            { ALT: () => this.SUBRULE(this.bufferOver) },
            { ALT: () => this.SUBRULE(this.standardOver) },
          ]);
          this.CONSUME(T.RParen);
          return this.ACTION(() => {
            const clause = { ...over, span: this.spanFrom(first) };
            if (clause.kind === 'StandardOver' && clause.baseWindow) this.windowRefs.push(clause);
            return clause;
          });
        },
      },
      {
        ALT: () => {
          const name = this.CONSUME(T.Identifier);
          return this.ACTION((): A.StandardOver => {
            const span = this.spanFrom(first);
            this.use('X30', `OVER ${name.image} (named window)`, span);
            const ref: A.StandardOver = { kind: 'StandardOver', partitionBy: [], orderBy: [], windowName: name.image, span };
            this.windowRefs.push(ref);
            return ref;
          });
        },
      },
    ]);
  });

  private bufferOver = this.RULE('bufferOver', (): A.BufferOver => {
    const first = this.CONSUME(T.Rows);
    this.CONSUME(T.Window);
    this.CONSUME(T.Buffer);
    const size = this.CONSUME(T.IntegerLiteral);
    this.CONSUME2(T.Rows);
    const partitionBy: Array<A.ColumnRef | A.SystemColumnRef> = [];
    const orderBy: A.OrderByItem[] = [];
    this.OPTION(() => {
      this.CONSUME(T.Partition);
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const c = this.SUBRULE(this.columnRef); this.ACTION(() => partitionBy.push(c)); } });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Order);
      this.CONSUME2(T.By);
      this.AT_LEAST_ONE_SEP2({
        SEP: T.Comma,
        DEF: () => {
          const column = this.SUBRULE2(this.columnRef);
          const direction = this.OPTION3(() =>
            this.OR([
              { ALT: () => { this.CONSUME(T.Asc); return 'ASC' as const; } },
              { ALT: () => { this.CONSUME(T.Desc); return 'DESC' as const; } },
            ]),
          );
          this.ACTION(() => orderBy.push({ kind: 'OrderByItem', expr: column, direction, span: joinSpans(column.span, tokenSpan(this.last())) }));
        },
      });
    });
    const frame = this.OPTION4(() => this.SUBRULE(this.frame));
    const emitMode = this.OPTION5(() => this.SUBRULE(this.overEmit, { ARGS: [true] }));
    const expire = this.OPTION6(() => this.SUBRULE(this.expire));
    return this.ACTION(() => ({
      kind: 'BufferOver', bufferRows: Number(size.image), partitionBy, orderBy, frame, emitMode, expire, span: this.spanFrom(first),
    }));
  });

  private standardOver = this.RULE('standardOver', (): A.StandardOver => {
    const first = this.LA(1);
    // ⊕X30 `(w ORDER BY … frame)`: extends the named window w (resolved with the SELECT's WINDOW clause).
    const base = this.OPTION5({
      GATE: () => !tokenMatcher(this.LA(1), T.Partition),
      DEF: () => this.CONSUME(T.Identifier),
    });
    const partitionBy: A.Expr[] = [];
    this.OPTION(() => {
      const partition = this.CONSUME(T.Partition);
      this.ACTION(() => {
        if (base) {
          throw problem(Codes.UnexpectedToken, `a window that extends ${base.image} cannot have its own PARTITION BY`, partition,
            `${base.image} decides the partitions; add PARTITION BY to WINDOW ${base.image} AS (…), or write the whole specification here`, ['ORDER BY', 'ROWS', 'RANGE', ')']);
        }
      });
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => { const e = this.SUBRULE(this.expr); this.ACTION(() => partitionBy.push(e)); } });
    });
    const orderBy = this.OPTION2(() => {
      this.CONSUME(T.Order);
      this.CONSUME2(T.By);
      return this.SUBRULE(this.orderByList);
    }) ?? [];
    const frame = this.OPTION3(() => this.SUBRULE(this.frame));
    this.OPTION4(() => this.SUBRULE(this.overEmit, { ARGS: [false] }));
    return this.ACTION(() => {
      const span = first === this.LA(1) ? tokenSpan(this.last()) : this.spanFrom(first);
      this.use('X4', 'OVER (PARTITION BY … ORDER BY …)', span);
      if (base) this.use('X30', `(${base.image} …) extending a named window`, span);
      return { kind: 'StandardOver', partitionBy, orderBy, frame, span, ...(base ? { baseWindow: { name: identifier(base), copiedOrderBy: false } } : {}) };
    });
  });

  /** EMIT inside OVER: only the buffer form's EVERY RECORD / ON BUFFER FULL (§7.1). */
  private overEmit = this.RULE('overEmit', (bufferForm: boolean): 'EVERY RECORD' | 'ON BUFFER FULL' => {
    const emit = this.CONSUME(T.Emit);
    const fail = (token: IToken, hint: string): never => {
      throw problem(Codes.UnexpectedToken, `EMIT ${token.image} is not allowed inside OVER`, spanBetween(emit, token), hint,
        ['EVERY RECORD', 'ON BUFFER FULL']);
    };
    const bufferHint = bufferForm ? 'use EMIT EVERY RECORD or EMIT ON BUFFER FULL' : 'EMIT inside OVER needs the buffer form: OVER (ROWS WINDOW BUFFER n ROWS … EMIT EVERY RECORD)';
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Every);
          const record = this.CONSUME(T.Identifier);
          return this.ACTION(() => {
            if (!bufferForm || record.image.toUpperCase() !== 'RECORD') fail(record, bufferHint);
            return 'EVERY RECORD' as const;
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.On);
          const mode = this.OR2([
            { ALT: () => { this.CONSUME(T.Buffer); return this.CONSUME(T.Full); } },
            { ALT: () => this.CONSUME2(T.Identifier) },
          ]);
          return this.ACTION(() => {
            if (tokenMatcher(mode, T.Identifier)) fail(mode, mode.image.toUpperCase() === 'BUFFER_FULL' ? 'write EMIT ON BUFFER FULL' : bufferHint);
            if (!bufferForm) fail(mode, bufferHint);
            return 'ON BUFFER FULL' as const;
          });
        },
      },
      { ALT: () => { const t = this.CONSUME(T.Changes); return this.ACTION(() => fail(t, bufferHint)); } },
      { ALT: () => { const t = this.CONSUME(T.Final); return this.ACTION(() => fail(t, bufferHint)); } },
    ]);
  });

  private expire = this.RULE('expire', (): NonNullable<A.BufferOver['expire']> => {
    const first = this.CONSUME(T.Expire);
    this.CONSUME(T.After);
    return this.OR([
      { ALT: () => { this.CONSUME(T.Never); return this.ACTION(() => ({ kind: 'Never' as const, span: this.spanFrom(first) })); } },
      {
        ALT: () => {
          const parts = this.SUBRULE(this.intervalParts);
          this.CONSUME(T.Inactivity);
          return this.ACTION(() => ({ kind: 'Inactivity' as const, duration: this.intervalDuration(parts), span: this.spanFrom(first) }));
        },
      },
    ]);
  });

  private frame = this.RULE('frame', (): A.Frame => {
    const first = this.LA(1);
    const unit = this.OR([
      { ALT: () => { this.CONSUME(T.Rows); return 'ROWS' as const; } },
      { ALT: () => { this.CONSUME(T.Range); return 'RANGE' as const; } },
    ]);
    return this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Between);
          const start = this.SUBRULE(this.frameBound);
          this.CONSUME(T.And);
          const end = this.SUBRULE2(this.frameBound);
          return this.ACTION((): A.Frame => ({ kind: 'Frame', unit, start, end, span: this.spanFrom(first) }));
        },
      },
      {
        // ⊕X30 `ROWS UNBOUNDED PRECEDING`, `ROWS n PRECEDING`: the frame ends at the current row.
        ALT: () => {
          const start = this.SUBRULE3(this.frameBound);
          return this.ACTION((): A.Frame => {
            const span = this.spanFrom(first);
            this.use('X30', `${unit} frame without BETWEEN`, span);
            return { kind: 'Frame', unit, start, end: { kind: 'CurrentRow', span: start.span }, shorthand: true, span };
          });
        },
      },
    ]);
  });

  private frameBound = this.RULE('frameBound', (): A.FrameBound => {
    const first = this.LA(1);
    const direction = () =>
      this.OR2([
        { ALT: () => { this.CONSUME(T.Preceding); return 'Preceding' as const; } },
        { ALT: () => { this.CONSUME(T.Following); return 'Following' as const; } },
      ]);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Unbounded);
          const d = this.OR3([
            { ALT: () => { this.CONSUME2(T.Preceding); return 'UnboundedPreceding' as const; } },
            { ALT: () => { this.CONSUME2(T.Following); return 'UnboundedFollowing' as const; } },
          ]);
          return this.ACTION(() => ({ kind: d, span: this.spanFrom(first) }));
        },
      },
      { ALT: () => { this.CONSUME(T.Current); this.CONSUME(T.Row); return this.ACTION(() => ({ kind: 'CurrentRow' as const, span: this.spanFrom(first) })); } },
      {
        ALT: () => {
          const n = this.CONSUME(T.IntegerLiteral);
          const d = direction();
          return this.ACTION(() => ({
            kind: d, offset: { kind: 'Integer' as const, value: integerValue(n.image), text: n.image, span: tokenSpan(n) }, span: this.spanFrom(first),
          }));
        },
      },
      {
        ALT: () => {
          const parts = this.SUBRULE(this.intervalParts);
          const d = this.OR4([
            { ALT: () => { this.CONSUME3(T.Preceding); return 'Preceding' as const; } },
            { ALT: () => { this.CONSUME3(T.Following); return 'Following' as const; } },
          ]);
          return this.ACTION(() => ({ kind: d, offset: this.intervalDuration(parts), span: this.spanFrom(first) }));
        },
      },
    ]);
  });
}

// -----------------------------------------------------------------------------------------------
// Helpers outside the grammar
// -----------------------------------------------------------------------------------------------

function lastSelectOf(body: A.QueryBody): A.Select {
  return body.kind === 'Union' ? body.right : body;
}

function emitsAfterWith(order: A.TailClause[]): boolean {
  return order.includes('WITH') && order.indexOf('EMIT') > order.indexOf('WITH');
}

function binary(op: A.BinaryOperator, left: A.Expr, right: A.Expr): A.BinaryExpr {
  return { kind: 'Binary', op, left, right, span: joinSpans(left.span, right.span) };
}

function negateNumber(value: number | bigint): number | bigint {
  return typeof value === 'bigint' ? -value : -value;
}

/** The `f(…) OVER (…)` calls in `e` (⊕X31 when the select groups). */
function windowedCalls(e: A.Expr): A.FunctionCall[] {
  const own = e.kind === 'FunctionCall' && e.over ? [e] : [];
  return [...own, ...children(e).flatMap(windowedCalls)];
}

/** A column followed by ⊕X34 path segments: a Path expression (the column alone when there are none). */
function withPath(
  column: A.ColumnRef | A.SystemColumnRef,
  segments: A.PathSegment[],
  use: (id: A.ExtensionId, form: string, span: A.Span) => void,
): A.Expr {
  if (segments.length === 0) return column;
  if (column.kind !== 'Column') {
    throw problem(Codes.UnexpectedToken, `${column.text} has no fields`, segments[0].span, 'system columns are plain values');
  }
  const span = joinSpans(column.span, segments[segments.length - 1].span);
  use('X34', 'path into a nested value', span);
  return { kind: 'Path', root: column, segments, span };
}

function recursivePath(star: IToken): SyntaxProblem {
  return problem(Codes.NotSupported, '** (recursive path) is not supported', star,
    'name each level of the path: profile.*.email, or profile.contact.email', ['name', '*']);
}

function columnOrSystem(token: IToken, qualifier?: A.Identifier): A.ColumnRef | A.SystemColumnRef {
  const upper = token.image.toUpperCase();
  const span = qualifier ? joinSpans(qualifier.span, tokenSpan(token)) : tokenSpan(token);
  if (SYSTEM_COLUMNS.has(upper)) {
    return { kind: 'SystemColumn', qualifier, name: upper as A.SystemColumnName, text: token.image, span };
  }
  return { kind: 'Column', qualifier, name: identifier(token), span };
}

/** The `(p, s)` of `DECIMAL(p, s)` / `NUMERIC(p[, s])` (§5.2): scale 0–18, at most the precision. */
function decimalParameters(keyword: A.TypeKeyword, written: string, numbers: IToken[], span: A.Span): { precision: number; scale: number } {
  if (keyword !== 'DECIMAL' || numbers.length > 2) {
    throw problem(Codes.BadValue, `wrong type parameters for ${written}`, span, keyword === 'DECIMAL' ? `write ${written.toUpperCase()}(precision, scale)` : `write ${written.toUpperCase()} without numbers`);
  }
  const [precision, scale = 0] = numbers.map((n) => Number(n.image));
  if (precision < 1 || scale > Math.min(precision, 18)) {
    throw problem(Codes.BadValue, `bad ${written.toUpperCase()}(${numbers.map((n) => n.image).join(', ')})`, span, 'the scale is 0 to 18 and at most the precision');
  }
  return { precision, scale };
}

/** `'1 hour'::interval`: the string's number and unit as an INTERVAL literal. */
function stringInterval(expr: A.Expr, interval: IToken): A.IntervalLiteral {
  const parts = expr.kind === 'String' ? /^\s*(\d+)\s*([A-Za-z]+)\s*$/.exec(expr.value) : null;
  const unit = parts ? intervalUnit(parts[2]) : undefined;
  if (!parts || !unit || expr.kind !== 'String') {
    throw problem(Codes.BadValue, '::interval needs a string such as \'1 hour\'', expr.span, "write INTERVAL '1' HOUR", ['string']);
  }
  const value = Number(parts[1]);
  const span = joinSpans(expr.span, tokenSpan(interval));
  return { kind: 'Interval', value, unit, ms: value * intervalUnitMs(unit), quoted: true, original: `'${expr.value}'::${interval.image}`, span };
}

function badDuration(original: string, unit: string, span: A.Span): SyntaxProblem {
  const lower = unit.toLowerCase();
  const hint = /\d/.test(unit)
    ? 'compound durations are not supported; use one unit (90m, not 1h30m)'
    : simpleUnit(lower)
      ? `duration units are lower-case: write ${original.slice(0, original.length - unit.length)}${lower}`
      : 'duration units are ns, us, ms, s, m, h, d, w';
  return problem(Codes.BadDuration, `bad duration ${original}`, span, hint, ['ns', 'us', 'ms', 's', 'm', 'h', 'd', 'w']);
}

/**
 * Checks a tail clause against the clauses already seen (§4.1); throws on an order error and
 * returns the extension form the order uses, if any.
 */
function checkClause(mode: TailMode, tail: Tail, clause: A.TailClause, token: IToken): { id: A.ExtensionId; form: string } | undefined {
  const seen = tail.clauseOrder;
  if (seen.includes(clause)) {
    throw problem(Codes.ClauseOrder, `${clause} appears twice`, token, `${clause} may appear at most once per statement`);
  }
  const previous = seen[seen.length - 1];
  seen.push(clause);
  if (mode === 'fixed') {
    const rank = (c: A.TailClause) => FIXED_ORDER.indexOf(SAME_RANK[c] ?? c);
    if (clause === 'EMIT' && previous === 'WITH') return { id: 'X26', form: 'EMIT after WITH' };
    if (previous && rank(clause) < rank(previous)) {
      const expected = [...FIXED_ORDER.slice(FIXED_ORDER.indexOf(previous) + 1).filter((c) => c !== 'WINDOW AS'), ';', '<end of input>'];
      const hint = clause === 'GROUP BY' && previous === 'WINDOW'
        ? 'WINDOW before GROUP BY is not supported: move GROUP BY before WINDOW'
        : `${clause} must come before ${previous}`;
      throw problem(Codes.ClauseOrder, `${clause} after ${previous}`, token, hint, expected);
    }
    return undefined;
  }
  if (!seen.slice(0, -1).includes('WITH')) return undefined;
  if (clause === 'EMIT') return mode === 'stream' ? { id: 'X26', form: 'EMIT after WITH in CREATE STREAM' } : undefined;
  throw problem(Codes.ClauseOrder, `${clause} after WITH`, token, `${clause} must come before WITH`, [';', '<end of input>']);
}

/** ⊕X29 `TUMBLE(t, size)`, `HOP(t, slide, size)`, `SESSION(t, gap)` written in GROUP BY, as a window. */
function groupWindow(e: A.Expr): A.WindowSpec | undefined {
  if (e.kind !== 'FunctionCall' || !['TUMBLE', 'HOP', 'SESSION'].includes(e.upperName) || e.over) return undefined;
  const fn = e.upperName as 'TUMBLE' | 'HOP' | 'SESSION';
  const shape = { TUMBLE: 'TUMBLE(time_col, size)', HOP: 'HOP(time_col, slide, size)', SESSION: 'SESSION(time_col, gap)' }[fn];
  const [time, ...rest] = e.args;
  if (!time || (time.kind !== 'Column' && time.kind !== 'SystemColumn') || rest.length !== (fn === 'HOP' ? 2 : 1)) {
    throw problem(Codes.UnexpectedToken, `wrong arguments for ${e.name}`, e.span, `write ${shape}`);
  }
  const [first, second] = rest.map((arg) => exprDuration(arg, shape));
  if (fn === 'TUMBLE') return { kind: 'Tumbling', timeColumn: time, size: first, groupFunction: fn, span: e.span };
  if (fn === 'SESSION') return { kind: 'Session', timeColumn: time, gap: first, groupFunction: fn, span: e.span };
  return { kind: 'Sliding', keyword: 'SLIDING', timeColumn: time, size: second, advance: first, groupFunction: fn, span: e.span };
}

/** A window size written as an expression argument: an INTERVAL literal or a string duration. */
function exprDuration(e: A.Expr, shape: string): A.Duration {
  if (e.kind === 'Interval' && e.months === undefined) {
    return { kind: 'Duration', ms: e.ms, syntax: { form: 'interval', value: e.value, unit: e.unit as A.IntervalUnit, quoted: e.quoted }, original: e.original, span: e.span };
  }
  const ms = e.kind === 'String' ? stringDurationMs(e.value) : undefined;
  if (e.kind === 'String' && ms !== undefined) return { kind: 'Duration', ms, syntax: { form: 'string', text: e.value }, original: `'${e.value}'`, span: e.span };
  throw problem(Codes.BadDuration, 'expected a window size', e.span, `write ${shape} with a size such as INTERVAL '5' MINUTE`, ['INTERVAL']);
}

function oneWindow(span: A.Span): SyntaxProblem {
  return problem(Codes.NotSupported, 'a query may use one window', span, 'keep either the GROUP BY window function or the WINDOW clause');
}

function liftJobProperties(body: A.JobBody): { properties?: A.Properties; bareBody: A.JobBody } {
  if (body.kind !== 'Select') return { bareBody: body };
  const { properties, ...bareBody } = body as A.JobBody & { properties?: A.Properties };
  return { properties, bareBody };
}

function showWordTarget(
  verb: 'SHOW' | 'LIST',
  target: IToken,
  objectType: 'STREAM' | 'TABLE' | undefined,
  name: IToken | undefined,
  span: A.Span,
): Draft<A.ShowStatement> {
  const upper = target.image.toUpperCase();
  const shapes: Record<string, { name: 'optional' | 'required'; objectType: boolean }> = {
    STATUS: { name: 'optional', objectType: false },
    METRICS: { name: 'optional', objectType: false },
    PROPERTIES: { name: 'required', objectType: true },
    PARTITIONS: { name: 'required', objectType: false },
  };
  const shape = shapes[upper];
  const expected = ['STREAMS', 'TABLES', 'TOPICS', 'FUNCTIONS', 'JOBS', 'QUERIES', 'STATUS', 'VERSIONS', 'METRICS', 'SCHEMA', 'PROPERTIES', 'PARTITIONS'];
  if (!shape || verb === 'LIST') {
    throw problem(Codes.UnexpectedToken, `unknown ${verb} target ${target.image}`, target, `${verb} what? e.g. ${verb} STREAMS`, expected);
  }
  if (shape.objectType !== (objectType !== undefined)) {
    throw problem(Codes.UnexpectedToken, `malformed SHOW ${upper}`, span, shape.objectType ? 'write SHOW PROPERTIES STREAM|TABLE name' : `write SHOW ${upper} [name]`);
  }
  if (shape.name === 'required' && !name) {
    throw problem(Codes.UnexpectedEnd, `SHOW ${upper} needs a name`, span, `write SHOW ${upper}${shape.objectType ? ' STREAM' : ''} name`, ['name']);
  }
  return { kind: 'Show', verb, target: upper as A.ShowTarget, name: name && identifier(name), objectType, span };
}

// -----------------------------------------------------------------------------------------------
// Entry point
// -----------------------------------------------------------------------------------------------

let instance: VeloParser | undefined;

function parser(): VeloParser {
  instance ??= new VeloParser();
  return instance;
}

export type StatementParse =
  | { ok: true; statement: StatementDraft; extensions: A.ExtensionUse[] }
  | { ok: false; diagnostic: Diagnostic };

/** Parses the tokens of exactly one statement (no `;`). Never throws for bad input. */
export function parseStatementTokens(tokens: IToken[]): StatementParse {
  const p = parser();
  p.begin(tokens);
  try {
    const statement = p.statement();
    const error = p.errors[0];
    if (error) return { ok: false, diagnostic: fromRecognitionError(error, tokens, p.bareAlias()) };
    const unresolved = p.unresolvedWindow();
    if (unresolved) {
      const name = unresolved.baseWindow?.name.name ?? unresolved.windowName;
      const problemAt = problem(Codes.UnexpectedToken, `unknown window ${name}`, unresolved.baseWindow?.name.span ?? unresolved.span,
        `define it after HAVING: WINDOW ${name} AS (PARTITION BY … ORDER BY …)`);
      return { ok: false, diagnostic: problemAt.diagnostic };
    }
    return { ok: true, statement, extensions: p.takeExtensions() };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ok: false, diagnostic: e.diagnostic };
    throw e;
  }
}

