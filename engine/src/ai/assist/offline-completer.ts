/**
 * The offline completer: grammar- and schema-aware continuations of the statement at the cursor,
 * no key and no network. It finishes the word being typed (column, source, function with its
 * argument shape, keyword), the construct around it (a comparison's value, a window's
 * arguments, closing parentheses) and then the statement: FROM the best-fitting source, a
 * `GROUP BY … WINDOW TUMBLING(…) EMIT …` tail when the select list aggregates, `;`.
 * Candidates are produced best first (ranked by the cell's context: the sources it names, the
 * columns it already uses, their types); the first that validates when inserted wins, else the
 * best one cut back to what keeps the cell no worse.
 */
import { allFunctions, lookupFunction } from '../../types/functions/catalogue';
import type { NlCatalog, NlColumn, NlSource } from '../nl/catalog';
import { fitInsertion, cellErrors, sqlOfCell } from './insertion';
import { analyse, CLAUSE_ORDER, statementStart, tokenize, type Clause, type StatementState } from './statement-state';

/** How many candidates are validated before falling back to trimming the best one. */
const MAX_CHECKED = 16;
const NUMERIC = new Set(['integer', 'float', 'decimal']);
const AGGREGATES_FIRST = ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX'];

export interface OfflineSuggestion {
  text: string;
  valid: boolean;
}

export function offlineComplete(prefix: string, suffix: string, catalog: NlCatalog): OfflineSuggestion {
  const sql = sqlOfCell(prefix + suffix);
  if (sql === null) return { text: '', valid: false };
  const start = statementStart(prefix, prefix.length);
  const rest = suffix.split(';')[0];
  const candidates = [...new Set(new Context(analyse(prefix.slice(start)), catalog, rest.trim() !== '').candidates())].filter((c) => c !== '');
  const before = cellErrors(prefix + suffix, catalog);
  for (const text of candidates.slice(0, MAX_CHECKED)) if (cellErrors(prefix + text + suffix, catalog) === 0) return { text, valid: true };
  return candidates.length ? fitInsertion(prefix, candidates[0], suffix, catalog, before) : { text: '', valid: before === 0 };
}

class Context {
  private readonly sources: NlSource[];
  private readonly main: NlSource | undefined;
  constructor(
    private readonly s: StatementState,
    private readonly catalog: NlCatalog,
    /** The statement goes on after the cursor: finish the construct only. */
    private readonly continues: boolean,
  ) {
    this.sources = s.sources.map((u) => catalog.sources.find((c) => c.name.toLowerCase() === u.name.toLowerCase())).filter((x): x is NlSource => !!x);
    this.main = this.sources[0] ?? this.bestSource();
  }

  candidates(): string[] {
    const heads = this.heads();
    const out: string[] = [];
    for (const head of heads) {
      if (this.continues) {
        out.push(head.text, head.text.replace(/\)+$/, ''));
        continue;
      }
      for (const tail of this.tails(head.clause ?? this.s.clause, head.window, head.aggregate)) out.push(join(this.s.text, head.text, tail, this.sep()));
    }
    return out;
  }

  // --- the current construct -----------------------------------------------------------------

  private heads(): Head[] {
    const { s } = this;
    const keyword = this.keywordHeads();
    const open = s.open[s.open.length - 1];
    if (open !== undefined) return [...this.insideParens(open), ...keyword];
    switch (s.clause) {
      case 'START':
        return s.partial ? keyword : [{ text: this.kw('SELECT') + ' *', clause: 'SELECT' }];
      case 'SELECT':
        return [...this.selectHeads(), ...keyword];
      case 'FROM':
      case 'JOIN':
        return [...this.sourceHeads(), ...keyword];
      case 'WHERE':
      case 'ON':
        return [...this.conditionHeads(), ...keyword];
      case 'HAVING':
        return [...this.conditionHeads(), ...keyword];
      case 'GROUP BY':
      case 'ORDER BY':
        return [...this.listHeads(), ...keyword];
      case 'WINDOW':
        return [...this.windowHeads(), ...keyword];
      case 'EMIT': {
        const words = this.lastIsClause() ? [this.emitMode(this.s.seen.has('WINDOW'))] : [];
        return [...words.map((w) => ({ text: this.lead() + w })), ...this.complete(['CHANGES', 'FINAL'].map((w) => this.kw(w))), ...keyword];
      }
      case 'LIMIT':
        return this.lastIsClause() ? [{ text: this.lead() + '10' }] : [{ text: '' }, ...keyword];
      default:
        return [{ text: '' }, ...keyword];
    }
  }

  /** The partial word as the start of a clause keyword that may come next, with that clause's usual content. */
  private keywordHeads(): Head[] {
    const { partial } = this.s;
    if (!partial) return [];
    const after = CLAUSE_ORDER.slice(CLAUSE_ORDER.indexOf(this.s.clause) + 1).filter((c) => !this.s.seen.has(c) && c !== 'ON' && c !== 'WITH');
    if (this.s.clause === 'START') after.unshift('SELECT');
    const heads: Head[] = [];
    for (const clause of after) {
      const word = this.kw(clause === 'START' ? '' : clause);
      if (!word.toUpperCase().startsWith(partial.toUpperCase()) || word.length === partial.length) continue;
      const rest = word.slice(partial.length);
      const body = this.clauseBody(clause);
      heads.push({ text: rest + (body ? ' ' + body : ''), clause, window: clause === 'WINDOW' });
    }
    return heads;
  }

  /** What usually follows a clause keyword. */
  private clauseBody(clause: Clause): string {
    switch (clause) {
      case 'SELECT':
        return '*';
      case 'FROM':
        return this.main?.name ?? '';
      case 'WHERE':
        return this.condition(this.filterColumn()) ?? '';
      case 'GROUP BY':
        return this.groupKeys().join(', ');
      case 'WINDOW':
        return this.tumbling() ?? '';
      case 'EMIT':
        return this.emitMode(this.s.seen.has('WINDOW') || this.s.clause === 'WINDOW');
      case 'ORDER BY':
        return this.s.select.find((i) => i.column)?.column ?? '';
      case 'LIMIT':
        return '10';
      default:
        return '';
    }
  }

  private selectHeads(): Head[] {
    const { s } = this;
    if (s.partial) {
      const functions = this.functionHeads();
      const columns = this.complete(this.scopeColumns().map((c) => c.name));
      return this.s.select.length === 0 ? [...columns, ...functions] : [...columns, ...functions];
    }
    const last = s.clauseTokens[s.clauseTokens.length - 1];
    if (!last) return [{ text: this.lead() + '*' }, ...this.scopeColumns().slice(0, 2).map((c) => ({ text: this.lead() + c.name }))];
    if (last.text === ',') return this.unusedColumns().map((c) => ({ text: this.lead() + c.name }));
    return [{ text: '' }];
  }

  /** `AV` → `G(price)`: functions by prefix, aggregates first, with arguments fitting their shape. */
  private functionHeads(): Head[] {
    const p = this.s.partial.toUpperCase();
    const names = allFunctions()
      .filter((f) => f.kind !== 'window' && [f.name, ...f.aliases].some((n) => n.startsWith(p)))
      .sort((a, b) => rank(a.name) - rank(b.name));
    return names.slice(0, 4).map((f) => ({ text: this.cased(f.name).slice(p.length) + '(' + this.argumentsOf(f.name) + ')', aggregate: f.kind === 'aggregate' }));
  }

  private argumentsOf(name: string): string {
    const f = lookupFunction(name);
    if (!f) return '';
    if (f.name === 'COUNT') return '*';
    const numeric = this.numericColumns()[0]?.name ?? this.scopeColumns()[0]?.name ?? '';
    // Rounding to two places is what people ask for when a signature offers `[, places]`.
    if (/\[, places\]/.test(f.signature)) return `${numeric}, 2`;
    if (f.kind === 'aggregate' || f.minArgs <= 1) return f.minArgs === 0 && f.kind !== 'aggregate' ? '' : numeric;
    // e.g. ROUND(x[, places]): the first argument a column, the others from the signature's names.
    return [numeric, ...Array.from({ length: f.minArgs - 1 }, () => '1')].join(', ');
  }

  private insideParens(open: string): Head[] {
    const { s } = this;
    const last = s.clauseTokens[s.clauseTokens.length - 1];
    const closing = ')'.repeat(s.open.length);
    if (['TUMBLING', 'SLIDING', 'SESSION'].includes(open)) {
      const time = this.timeColumn()?.name;
      const args = windowArgs(open);
      if (s.partial) return this.complete(this.scopeColumns().map((c) => c.name)).map((h) => ({ text: h.text + ', ' + args + closing, window: true }));
      if (last?.text === '(' && time) return [{ text: `${time}, ${args}${closing}`, window: true }];
      if (last?.text === ',' && time) return [{ text: this.lead() + args + closing, window: true }];
      return [{ text: closing, window: true }];
    }
    const f = lookupFunction(open);
    if (f) {
      if (s.partial) return this.complete(this.scopeColumns().map((c) => c.name)).map((h) => ({ text: h.text + closing, aggregate: f.kind === 'aggregate' }));
      if (last?.text === '(') return [{ text: this.argumentsOf(f.name) + closing, aggregate: f.kind === 'aggregate' }];
      return [{ text: closing, aggregate: f.kind === 'aggregate' }];
    }
    return [{ text: closing }];
  }

  private sourceHeads(): Head[] {
    const { s } = this;
    const wantTable = s.clause === 'JOIN';
    const sources = [...this.catalog.sources].sort((a, b) => Number(wantTable ? b.kind === 'table' : a.kind === 'table') - Number(wantTable ? a.kind === 'table' : b.kind === 'table'));
    if (s.partial) {
      const names = sources.map((x) => x.name);
      return this.complete(names).map((h) => ({ ...h, text: h.text + (wantTable ? ' ' + this.joinCondition(s.partial + h.text) : '') }));
    }
    const last = s.clauseTokens[s.clauseTokens.length - 1];
    if (!last) return (wantTable ? sources.filter((x) => x.kind === 'table') : [this.bestSource() ?? sources[0]]).filter(Boolean).map((x) => ({ text: this.lead() + x.name + (wantTable ? ' ' + this.joinCondition(x.name) : '') }));
    return [{ text: '' }];
  }

  /** `ON trades.symbol = products.symbol`: the first column the stream and the table share. */
  private joinCondition(table: string, alias?: string | null, withKeyword = true): string {
    const joined = this.catalog.sources.find((x) => x.name === table);
    const left = this.s.sources[0];
    const stream = this.sources[0];
    const shared = stream && joined && stream !== joined ? stream.columns.find((c) => joined.columns.some((j) => j.name === c.name)) : undefined;
    if (!shared || !left) return '';
    // An aliased stream gets an aliased table (its first letter), as people write joins.
    const own = alias !== undefined ? alias : left.alias && left.alias !== table[0] ? table[0] : null;
    const on = `${left.alias ?? left.name}.${shared.name} = ${own ?? table}.${shared.name}`;
    return withKeyword ? `${own && alias === undefined ? own + ' ' : ''}${this.kw('ON')} ${on}` : on;
  }

  private conditionHeads(): Head[] {
    const { s } = this;
    const tokens = s.clauseTokens;
    const last = tokens[tokens.length - 1];
    const columns = this.scopeColumns();
    if (s.partial) {
      return this.complete(columns.map((c) => c.name)).map((h) => {
        const column = columns.find((c) => c.name === s.partial + h.text);
        const tail = column ? this.condition(column, true) : '';
        return { text: h.text + (tail ? ' ' + tail : '') };
      });
    }
    if (!last && s.clause === 'ON') {
      const right = s.sources[s.sources.length - 1];
      return right ? [{ text: this.lead() + this.joinCondition(right.name, right.alias, false) }] : [];
    }
    if (!last || ['AND', 'OR', 'NOT'].includes(last.text.toUpperCase())) {
      if (s.clause === 'HAVING') return [{ text: this.lead() + `${this.kw('COUNT')}(*) > 1` }];
      const c = this.condition(this.filterColumn());
      return c ? [{ text: this.lead() + c }] : [];
    }
    const column = columns.find((c) => c.name.toLowerCase() === last.text.toLowerCase());
    if (column) return [{ text: this.lead() + this.condition(column, true) }];
    if (['=', '>', '<', '>=', '<=', '<>', '!='].includes(last.text)) {
      const subject = columns.find((c) => c.name.toLowerCase() === tokens[tokens.length - 2]?.text.toLowerCase());
      return [{ text: this.lead() + this.value(subject) }];
    }
    return [{ text: '' }];
  }

  /** `price > 250`, `symbol = 'AAPL'`: a comparison a user would plausibly write for the column. */
  private condition(column: NlColumn | undefined, withoutColumn = false): string | undefined {
    if (!column) return undefined;
    const op = NUMERIC.has(column.type) && !column.values ? '>' : '=';
    return `${withoutColumn ? '' : column.name + ' '}${op} ${this.value(column)}`;
  }

  /** A `${parameter}` the notebook set for this column (by name or by one of its values), else a literal. */
  private value(column: NlColumn | undefined): string {
    const params = Object.entries(this.catalog.parameters ?? {});
    const named = column && params.find(([name, v]) => name.toLowerCase().includes(column.name.toLowerCase()) || (column.values ?? []).some((x) => v === x || v === `'${x}'`));
    return named ? `\${${named[0]}}` : literal(column);
  }

  private listHeads(): Head[] {
    const { s } = this;
    const keys = s.clause === 'GROUP BY' ? this.groupKeys() : s.select.map((i) => i.column).filter((c): c is string => !!c);
    const used = new Set(s.clauseTokens.map((t) => t.text.toLowerCase()));
    const remaining = keys.filter((k) => !used.has(k.toLowerCase()));
    if (s.partial) return this.complete([...remaining, ...this.scopeColumns().map((c) => c.name)]).map((h) => ({ text: h.text + (remaining.length > 1 ? ', ' + remaining.filter((k) => !k.startsWith(s.partial)).join(', ') : '') }));
    const last = s.clauseTokens[s.clauseTokens.length - 1];
    if (!last || last.text === ',') return remaining.length ? [{ text: this.lead() + remaining.join(', ') }] : this.scopeColumns().slice(0, 1).map((c) => ({ text: this.lead() + c.name }));
    return [{ text: '' }];
  }

  private windowHeads(): Head[] {
    const { s } = this;
    if (s.partial) return this.complete(['TUMBLING', 'SLIDING', 'SESSION'].map((w) => this.kw(w))).map((h) => ({ text: h.text + this.windowCall(s.partial + h.text).slice(s.partial.length + h.text.length), window: true }));
    if (this.lastIsClause()) return [{ text: this.lead() + (this.tumbling() ?? ''), window: true }];
    return [{ text: '', window: true }];
  }

  private windowCall(kind: string): string {
    const time = this.timeColumn()?.name;
    return `${kind}(${time ? time + ', ' : ''}${windowArgs(kind.toUpperCase())})`;
  }

  private tumbling(): string | undefined {
    return this.timeColumn() ? this.windowCall(this.kw('TUMBLING')) : undefined;
  }

  // --- the rest of the statement -------------------------------------------------------------

  /** Clauses after `from` that the statement needs, best first, each ending the statement. */
  private tails(from: Clause, windowInHead = false, aggregatesInHead = false): string[] {
    const { s } = this;
    const after = (c: Clause) => CLAUSE_ORDER.indexOf(c) > CLAUSE_ORDER.indexOf(from) && !s.seen.has(c);
    const parts: string[] = [];
    if (after('FROM') && this.main) parts.push(`${this.kw('FROM')} ${this.main.name}`);
    const aggregated = aggregatesInHead || s.select.some((i) => i.aggregated);
    if (!aggregated) return [parts.length ? parts.join(this.sep()) + ';' : ';'];
    const keys = this.groupKeys();
    if (after('GROUP BY') && keys.length) parts.push(`${this.kw('GROUP BY')} ${keys.join(', ')}`);
    const grouped = [...parts];
    const windowed = s.seen.has('WINDOW') || windowInHead;
    const tumbling = this.tumbling();
    const withWindow = after('WINDOW') && !windowed && tumbling && this.main?.kind !== 'table' ? [...parts, `${this.kw('WINDOW')} ${tumbling}`] : null;
    const emit = (list: string[], w: boolean) => (after('EMIT') ? [...list, `${this.kw('EMIT')} ${this.emitMode(w)}`] : list);
    const tails = [];
    if (withWindow) tails.push(emit(withWindow, true));
    tails.push(emit(grouped, windowed));
    tails.push(grouped);
    return tails.map((t) => (t.length ? t.join(this.sep()) + ';' : ';'));
  }

  private emitMode(windowed: boolean): string {
    return this.kw(windowed ? 'FINAL' : 'CHANGES');
  }

  // --- the catalog, ranked by the cell's context -----------------------------------------------

  /** The source whose columns the select list reads most, else the first stream. */
  private bestSource(): NlSource | undefined {
    const words = new Set(tokenize(this.s.text).filter((t) => t.kind === 'word').map((t) => t.text.toLowerCase()));
    const partial = this.s.partial.toLowerCase();
    let best: NlSource | undefined;
    let bestScore = -1;
    for (const source of this.catalog.sources) {
      const named = source.columns.filter((c) => words.has(c.name.toLowerCase())).length;
      const typing = partial && source.columns.some((c) => c.name.toLowerCase().startsWith(partial)) ? 1 : 0;
      const score = (named + typing) * 2 + (source.kind === 'stream' ? 1 : 0);
      if (score > bestScore) [best, bestScore] = [source, score];
    }
    return best;
  }

  private scopeColumns(): NlColumn[] {
    const sources = this.sources.length ? this.sources : this.main ? [this.main] : [];
    const seen = new Set<string>();
    return sources.flatMap((x) => x.columns).filter((c) => (seen.has(c.name) ? false : (seen.add(c.name), true)));
  }

  private numericColumns(): NlColumn[] {
    const used = new Set(tokenize(this.s.text).map((t) => t.text.toLowerCase()));
    const numeric = this.scopeColumns().filter((c) => NUMERIC.has(c.type) && !c.eventTime && !/(^|_)id$/i.test(c.name));
    return [...numeric.filter((c) => !used.has(c.name.toLowerCase())), ...numeric.filter((c) => used.has(c.name.toLowerCase()))];
  }

  private unusedColumns(): NlColumn[] {
    const used = new Set(tokenize(this.s.text).map((t) => t.text.toLowerCase()));
    return this.scopeColumns().filter((c) => !used.has(c.name.toLowerCase()) && !c.eventTime);
  }

  /** A column worth filtering on: a declared-values column, else a numeric one. */
  private filterColumn(): NlColumn | undefined {
    const used = new Set(this.s.clauseTokens.map((t) => t.text.toLowerCase()));
    const columns = this.scopeColumns().filter((c) => !c.eventTime && !used.has(c.name.toLowerCase()));
    return columns.find((c) => NUMERIC.has(c.type) && !/(^|_)id$/i.test(c.name)) ?? columns[0];
  }

  private timeColumn(): NlColumn | undefined {
    return this.scopeColumns().find((c) => c.eventTime);
  }

  private groupKeys(): string[] {
    return this.s.select.filter((i) => !i.aggregated && i.column).map((i) => i.column!);
  }

  // --- text ------------------------------------------------------------------------------------

  /** Names that extend the partial word, as the text still to type (case-insensitive match). */
  private complete(names: string[]): Head[] {
    const p = this.s.partial.toLowerCase();
    return [...new Set(names)].filter((n) => n.toLowerCase().startsWith(p) && n.length > p.length).map((n) => ({ text: n.slice(p.length) }));
  }

  private lastIsClause(): boolean {
    return this.s.clauseTokens.length === 0 && !this.s.partial;
  }

  /** A space unless the text already ends with one (or an opening parenthesis). */
  private lead(): string {
    return /[\s(]$/.test(this.s.text) || this.s.text === '' ? '' : ' ';
  }

  private sep(): string {
    return this.s.multiline ? '\n' : ' ';
  }

  private kw(word: string): string {
    return this.s.lowerCase ? word.toLowerCase() : word;
  }

  private cased(name: string): string {
    return this.s.partial && this.s.partial === this.s.partial.toLowerCase() ? name.toLowerCase() : name;
  }
}

interface Head {
  text: string;
  /** The clause the head ends in, when it opens a new one. */
  clause?: Clause;
  /** The head writes the window. */
  window?: boolean;
  /** The head writes an aggregate call into the select list. */
  aggregate?: boolean;
}

function join(statement: string, head: string, tail: string, sep: string): string {
  if (tail === ';') return head + ';';
  const typed = statement + head;
  const gap = /\s$/.test(typed) ? '' : sep;
  return head + gap + tail;
}

function windowArgs(kind: string): string {
  if (kind === 'SLIDING') return '5m, 1m';
  if (kind === 'SESSION') return "INTERVAL '30' SECOND";
  return "INTERVAL '1' MINUTE";
}

function rank(name: string): number {
  const i = AGGREGATES_FIRST.indexOf(name);
  return i < 0 ? AGGREGATES_FIRST.length : i;
}

/** A plausible literal for a column: its first declared value, the middle of its range, else 0 / ''. */
function literal(column: NlColumn | undefined): string {
  if (!column) return '0';
  if (column.values?.length) return NUMERIC.has(column.type) ? column.values[0] : `'${column.values[0].replace(/'/g, "''")}'`;
  if (column.range) return String(Math.round((column.range.min + column.range.max) / 2));
  if (NUMERIC.has(column.type)) return '0';
  if (column.type === 'boolean') return 'TRUE';
  return "''";
}
