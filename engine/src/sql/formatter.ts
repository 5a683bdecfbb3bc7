/**
 * The canonical form of statements (dialect spec §15): upper-case keywords, tail clauses in the
 * fixed order, `AS` before every select alias (and FROM aliases inside CREATE), quoted WITH keys
 * and values, one clause per line at the top level. Extension forms (⊕) are printed only where
 * the input used them, so formatting never changes what a statement means or where it runs:
 * parsing the output gives the same tree.
 */
import type * as A from './ast';

const MAX_INLINE_ITEMS = 100;
const INDENT = '    ';

/** One statement, or a whole file with each statement's own comments (annotations) before it. */
export function format(input: A.Statement | A.ParseResult): string {
  if (!('statements' in input)) return `${new Printer().statement(input)};\n`;
  const parts = input.statements.map((s) => {
    const comments = s.comments.map((c) => `${c.text}\n`).join('');
    return `${comments}${new Printer().statement(s)};\n`;
  });
  const trailing = input.trailingComments.map((c) => `${c.text}\n`).join('');
  return parts.join('\n') + (trailing ? `\n${trailing}` : '');
}

/** Operator precedence levels of §5.1 (higher binds tighter). */
const LEVEL: Record<A.BinaryOperator, number> = {
  OR: 1, AND: 2, '=': 3, '!=': 3, '<>': 3, '<': 3, '>': 3, '<=': 3, '>=': 3, '||': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
  '~': 3, '!~': 3,
};
const PRIMARY = 8;

function level(e: A.Expr): number {
  switch (e.kind) {
    case 'Binary':
      return LEVEL[e.op];
    case 'Like':
    case 'Between':
    case 'InList':
    case 'InSubquery':
    case 'IsNull':
    case 'Quantified':
      return 3;
    case 'Negate':
      return 7;
    case 'Integer':
    case 'Decimal':
    case 'Float':
      // A folded negative literal reads as a unary minus.
      return e.text.startsWith('-') ? 7 : PRIMARY;
    default:
      return PRIMARY;
  }
}

class Printer {
  /** Inside CREATE … AS, where `FROM t AS a` is portable and therefore canonical. */
  private inCreate = false;

  statement(s: A.Statement): string {
    switch (s.kind) {
      case 'Select':
        return this.lines([this.query(s.query, true), this.into(s.into, s.query), this.properties(s.properties, true)]);
      case 'CreateStream':
      case 'CreateTable':
        return this.create(s);
      case 'CreateSource':
        return this.lines([`CREATE ${s.objectType} ${s.name.name}${this.columns(s.columns)}`, this.properties(s.properties, true)]);
      case 'Insert':
        return this.lines([`INSERT INTO ${s.target.name}`, this.query(s.query, true), this.properties(s.properties, true)]);
      case 'StartJob':
        return this.lines([`START ${s.keyword} ${s.name.name} AS`, this.jobBody(s.body), this.properties(s.properties, true)]);
      case 'DeployJob':
        return this.lines([
          `DEPLOY ${s.keyword} ${s.name.name} VERSION ${this.string(s.version)} AS`,
          this.jobBody(s.body),
          this.properties(s.properties, true),
          s.strategy && `STRATEGY ${s.strategy.kind === 'CANARY' ? `CANARY(${s.strategy.percent})` : s.strategy.kind}`,
        ]);
      case 'StopJob':
        return `STOP ${s.keyword} ${s.name.name}${s.force ? ' FORCE' : ''}`;
      case 'PauseJob':
        return `PAUSE ${s.keyword} ${s.name.name}`;
      case 'ResumeJob':
        return `RESUME ${s.keyword} ${s.name.name}`;
      case 'RollbackJob':
        return `ROLLBACK ${s.keyword} ${s.name.name}${s.version ? ` VERSION ${this.string(s.version)}` : ''}`;
      case 'Show':
        if (s.target === 'HEALTH') return [s.verb, 'STREAM HEALTH', s.name?.name].filter(Boolean).join(' ');
        return [s.verb, s.target, s.objectType, s.name?.name, s.format && `FORMAT ${s.format}`, s.pattern && `LIKE ${this.string(s.pattern)}`].filter(Boolean).join(' ');
      case 'Describe':
        return ['DESCRIBE', s.objectType, s.name.name].filter(Boolean).join(' ');
    }
  }

  /** A statement's INTO, with the further targets its last SELECT kept. */
  private into(first: A.Identifier | undefined, query: A.Query): string | undefined {
    if (!first) return undefined;
    const last = query.body.kind === 'Union' ? query.body.right : query.body;
    return `INTO ${[first, ...(last.moreTargets ?? [])].map(target).join(', ')}`;
  }

  private lines(parts: Array<string | undefined | false>): string {
    return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n');
  }

  private create(s: A.StatementBody<A.CreateStreamStatement> | A.StatementBody<A.CreateTableStatement>): string {
    this.inCreate = true;
    const body = this.query(s.query, true);
    this.inCreate = false;
    const keyword = s.kind === 'CreateStream' ? 'STREAM' : 'TABLE';
    return this.lines([`CREATE ${keyword} ${s.name.name}${this.columns(s.columns)} AS`, body, this.into(s.into, s.query), this.properties(s.properties, true)]);
  }

  private columns(columns: A.ColumnDefinition[] | undefined): string {
    return columns ? ` (${columns.map((c) => `${c.name.name} ${this.type(c.type)}${c.notNull ? ' NOT NULL' : ''}${c.default ? ` DEFAULT ${this.expr(c.default)}` : ''}`).join(', ')})` : '';
  }

  private jobBody(body: A.JobBody): string {
    if (body.kind !== 'Select') return this.create(body.statement);
    return this.lines([this.query(body.query, true), this.into(body.into, body.query)]);
  }

  private query(q: A.Query, topLevel: boolean): string {
    const separator = topLevel ? '\n' : ' ';
    const ctes = q.ctes.length > 0 ? `WITH ${q.ctes.map((c) => `${c.name.name} AS (${this.body(c.body, false)})`).join(', ')}${separator}` : '';
    return ctes + this.body(q.body, topLevel);
  }

  private body(b: A.QueryBody, topLevel: boolean): string {
    if (b.kind === 'Select') return this.select(b, topLevel);
    const separator = topLevel ? '\n' : ' ';
    return [this.body(b.left, topLevel), b.all ? 'UNION ALL' : 'UNION', this.select(b.right, topLevel)].join(separator);
  }

  private select(s: A.Select, topLevel: boolean): string {
    const items = s.items.map((i) => this.item(i));
    const head = `SELECT ${s.distinct ? 'DISTINCT ' : ''}`;
    const inline = head + items.join(', ');
    const selectLine = !topLevel || inline.length <= MAX_INLINE_ITEMS ? inline : `${head.trimEnd()}\n${items.map((i) => INDENT + i).join(',\n')}`;
    const clauses = [
      selectLine,
      s.from && `FROM ${this.source(s.from)}`,
      ...s.joins.map((j) => `${j.keywords} ${this.source(j.source)}${j.on ? ` ON ${this.expr(j.on)}` : ''}${j.within ? ` WITHIN ${this.duration(j.within)}` : ''}`),
      s.where && `WHERE ${this.expr(s.where)}`,
      this.groupBy(s),
      s.window && !s.window.groupFunction && `WINDOW ${this.window(s.window)}`,
      s.having && `HAVING ${this.expr(s.having)}`,
      s.namedWindows && `WINDOW ${s.namedWindows.map((w) => `${w.name.name} AS ${this.over(w.spec, true)}`).join(', ')}`,
      s.orderBy && `ORDER BY ${this.orderBy(s.orderBy)}`,
      s.limit && `LIMIT ${s.limit.value.toString()}`,
      s.emit && `EMIT ${s.emit.mode}`,
      s.into && `INTO ${[s.into, ...(s.moreTargets ?? [])].map(target).join(', ')}`,
      this.properties(s.properties, false),
    ];
    return clauses.filter((c): c is string => typeof c === 'string' && c !== '').join(topLevel ? '\n' : ' ');
  }

  /** GROUP BY, with a ⊕X29 Flink-style window function printed where it was written. */
  private groupBy(s: A.Select): string | undefined {
    const flink = s.window?.groupFunction ? [this.groupWindow(s.window)] : [];
    const keys = [...(s.groupBy ?? []).map((g) => this.expr(g)), ...flink];
    return keys.length > 0 ? `GROUP BY ${keys.join(', ')}` : undefined;
  }

  private groupWindow(w: A.WindowSpec): string {
    const time = w.timeColumn ? this.expr(w.timeColumn) : '_event_time';
    switch (w.kind) {
      case 'Tumbling':
        return `TUMBLE(${time}, ${this.duration(w.size)})`;
      case 'Sliding':
        return `HOP(${time}, ${this.duration(w.advance)}, ${this.duration(w.size)})`;
      case 'Session':
        return `SESSION(${time}, ${this.duration(w.gap)})`;
    }
  }

  private item(i: A.SelectItem): string {
    if (i.kind === 'Star') return '*';
    if (i.kind === 'QualifiedStar') return `${i.qualifier.name}.*`;
    return `${this.expr(i.expr)}${i.alias ? ` AS ${i.alias.name}` : ''}${i.primaryKey ? ' PRIMARY KEY' : ''}`;
  }

  private source(s: A.Source): string {
    const name = s.kind === 'DerivedSource' ? `(${this.query(s.query, false)})` : s.kind === 'NamedSource' ? s.name.name : s.quoted ? `'${s.uri}'` : s.uri;
    const alias = s.alias ? `${s.aliasWithAs || this.inCreate ? ' AS' : ''} ${s.alias.name}` : '';
    const options = s.options ? ` ${this.properties(s.options, false)}` : '';
    return name + alias + options;
  }

  private properties(p: A.Properties | undefined, topLevel: boolean): string | undefined {
    if (!p) return undefined;
    const entries = p.entries.map((e) => `${quote(e.key)} = ${quote(e.value)}`);
    return topLevel ? `WITH (\n${entries.map((e) => INDENT + e).join(',\n')}\n)` : `WITH (${entries.join(', ')})`;
  }

  private orderBy(items: A.OrderByItem[]): string {
    return items.map((o) => `${this.expr(o.expr)}${o.direction ? ` ${o.direction}` : ''}`).join(', ');
  }

  private type(t: A.TypeName): string {
    if (t.precision !== undefined) return `${t.name}(${t.precision}, ${t.scale ?? 0})`;
    if (t.length !== undefined) return `${t.text.toUpperCase()}(${t.length})`;
    if (t.fields) return `STRUCT<${t.fields.map((f) => `${f.name.name} ${this.type(f.type)}`).join(', ')}>`;
    if (t.text.toUpperCase() === 'CHAR') return 'CHAR';
    return t.params.length > 0 ? `${t.name}(${t.params.map((p) => this.type(p)).join(', ')})` : t.name;
  }

  private string(s: A.StringLiteral): string {
    return s.quote === "'" ? `'${s.value.replace(/'/g, "''")}'` : `"${s.value}"`;
  }

  private duration(d: A.Duration): string {
    const s = d.syntax;
    switch (s.form) {
      case 'simple':
        return `${s.value}${s.unit}`;
      case 'seconds':
        return String(s.value);
      case 'interval':
        return s.quoted ? `INTERVAL '${s.value}' ${s.unit}` : `INTERVAL ${s.value} ${s.unit}`;
      case 'string':
        return quote(s.text);
    }
  }

  private window(w: A.WindowSpec): string {
    const time = w.timeColumn ? [this.expr(w.timeColumn)] : [];
    switch (w.kind) {
      case 'Tumbling':
        return `TUMBLING(${[...time, this.duration(w.size)].join(', ')})`;
      case 'Sliding': {
        const advance = w.advanceBy ? `ADVANCE BY ${this.duration(w.advance)}` : this.duration(w.advance);
        return `${w.keyword}(${[...time, this.duration(w.size), advance].join(', ')})`;
      }
      case 'Session':
        return `SESSION(${[...time, this.duration(w.gap), ...(w.partitionColumn ? [this.expr(w.partitionColumn)] : [])].join(', ')})`;
    }
  }

  private over(o: A.OverClause, definition = false): string {
    if (o.kind === 'StandardOver' && o.windowName && !definition) return `OVER ${o.windowName}`;
    const parts: string[] = [];
    const base = o.kind === 'StandardOver' ? o.baseWindow : undefined;
    if (o.kind === 'BufferOver') parts.push(`ROWS WINDOW BUFFER ${o.bufferRows} ROWS`);
    if (base) parts.push(base.name.name);
    else if (o.partitionBy.length > 0) parts.push(`PARTITION BY ${o.partitionBy.map((p) => this.expr(p)).join(', ')}`);
    if (o.orderBy.length > 0 && !base?.copiedOrderBy) parts.push(`ORDER BY ${this.orderBy(o.orderBy)}`);
    if (o.frame?.shorthand) parts.push(`${o.frame.unit} ${this.bound(o.frame.start)}`);
    else if (o.frame) parts.push(`${o.frame.unit} BETWEEN ${this.bound(o.frame.start)} AND ${this.bound(o.frame.end)}`);
    if (o.kind === 'BufferOver') {
      if (o.emitMode) parts.push(`EMIT ${o.emitMode}`);
      if (o.expire) parts.push(o.expire.kind === 'Never' ? 'EXPIRE AFTER NEVER' : `EXPIRE AFTER ${this.duration(o.expire.duration)} INACTIVITY`);
    }
    return `${definition ? '' : 'OVER '}(${parts.join(' ')})`;
  }

  private bound(b: A.FrameBound): string {
    switch (b.kind) {
      case 'UnboundedPreceding':
        return 'UNBOUNDED PRECEDING';
      case 'UnboundedFollowing':
        return 'UNBOUNDED FOLLOWING';
      case 'CurrentRow':
        return 'CURRENT ROW';
      default: {
        const offset = b.offset.kind === 'Integer' ? b.offset.text : this.duration(b.offset);
        return `${offset} ${b.kind === 'Preceding' ? 'PRECEDING' : 'FOLLOWING'}`;
      }
    }
  }

  /** `e` printed so that it parses back at precedence `min` or tighter. */
  private expr(e: A.Expr, min = 0): string {
    const text = this.exprText(e);
    return level(e) < min ? `(${text})` : text;
  }

  private exprText(e: A.Expr): string {
    switch (e.kind) {
      case 'Integer':
      case 'Decimal':
      case 'Float':
        return e.text;
      case 'String':
        return this.string(e);
      case 'Boolean':
        return e.value ? 'TRUE' : 'FALSE';
      case 'Null':
        return 'NULL';
      case 'Interval':
        return e.quoted ? `INTERVAL '${e.value}' ${e.unit}` : `INTERVAL ${e.value} ${e.unit}`;
      case 'Column':
        return `${e.qualifier ? `${e.qualifier.name}.` : ''}${e.name.name}`;
      case 'SystemColumn':
        return `${e.qualifier ? `${e.qualifier.name}.` : ''}${e.text}`;
      case 'FunctionCall':
        return this.call(e);
      case 'Binary': {
        const l = LEVEL[e.op];
        return `${this.expr(e.left, l)} ${e.op} ${this.expr(e.right, l + 1)}`;
      }
      case 'Negate':
        // A literal operand would fold into a negative literal: keep it a negation.
        return `-${this.expr(e.operand, PRIMARY + (isNumber(e.operand) ? 1 : 0))}`;
      case 'Not':
        return `NOT ${this.expr(e.operand, PRIMARY)}`;
      case 'Case':
        return [
          'CASE',
          e.operand && this.expr(e.operand),
          ...e.whens.map((w) => `WHEN ${this.expr(w.when)} THEN ${this.expr(w.then)}`),
          e.else && `ELSE ${this.expr(e.else)}`,
          'END',
        ].filter(Boolean).join(' ');
      case 'Cast':
        return e.postfix ? `${this.expr(e.expr, PRIMARY)}::${this.type(e.type)}` : `CAST(${this.expr(e.expr)} AS ${this.type(e.type)})`;
      case 'Path':
        return this.expr(e.root) + e.segments.map((s) => (s.kind === 'Field' ? `.${s.name.name}` : s.kind === 'Index' ? `[${s.index}]` : '.*')).join('');
      case 'Extract':
        return e.syntax === 'FROM' ? `EXTRACT(${e.part} FROM ${this.expr(e.expr)})` : `EXTRACT('${e.part}', ${this.expr(e.expr)})`;
      case 'InList':
        return `${this.expr(e.expr, 3)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map((x) => this.expr(x, 5)).join(', ')})`;
      case 'InSubquery':
        return `${this.expr(e.expr, 3)} ${e.negated ? 'NOT IN' : 'IN'} (${this.select(e.subquery, false)})`;
      case 'Between':
        return `${this.expr(e.expr, 3)} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${this.expr(e.low, 5)} AND ${this.expr(e.high, 5)}`;
      case 'Like':
        return `${this.expr(e.expr, 3)} ${e.negated ? 'NOT LIKE' : 'LIKE'} ${this.expr(e.pattern, 4)}`;
      case 'IsNull':
        return `${this.expr(e.expr, 3)} IS ${e.negated ? 'NOT NULL' : 'NULL'}`;
      case 'Exists':
        return `${e.negated ? 'NOT EXISTS' : 'EXISTS'} (${this.select(e.subquery, false)})`;
      case 'ScalarSubquery':
        return `(${this.select(e.subquery, false)})`;
      case 'Quantified':
        return `${this.expr(e.left, 3)} ${e.op} ${e.quantifier} (${this.select(e.subquery, false)})`;
    }
  }

  private call(c: A.FunctionCall): string {
    if (!c.parens) return c.upperName;
    if (c.keywordForm === 'POSITION IN') return `POSITION(${this.expr(c.args[0], 4)} IN ${this.expr(c.args[1], 4)})`;
    if (c.keywordForm) {
      const chars = c.args[1] ? `${this.expr(c.args[1], 4)} ` : '';
      return `TRIM(${c.keywordForm.slice(5)} ${chars}FROM ${this.expr(c.args[0], 4)})`;
    }
    const args = c.star ? '*' : `${c.distinct ? 'DISTINCT ' : ''}${c.args.map((a) => this.expr(a)).join(', ')}`;
    const within = c.withinGroup ? ` WITHIN GROUP (ORDER BY ${this.orderBy(c.withinGroup)})` : '';
    const ordered = c.argOrderBy ? ` ORDER BY ${this.orderBy(c.argOrderBy)}` : '';
    const over = c.over ? ` ${this.over(c.over)}` : '';
    return `${c.upperName}(${args}${ordered})${within}${over}`;
  }
}

function isNumber(e: A.Expr): boolean {
  return e.kind === 'Integer' || e.kind === 'Decimal' || e.kind === 'Float';
}

/** A quoted string; strings have no escapes, so one containing `'` takes double quotes. */
function quote(text: string): string {
  return text.includes("'") ? `"${text}"` : `'${text}'`;
}

/** A sink name; a URI target is quoted (`INTO 'kafka://…'`). */
function target(name: A.Identifier): string {
  return name.name.includes('://') ? `'${name.name}'` : name.name;
}
