/**
 * The offline NL→SQL engine: a schema-aware semantic parser. It reads a request in passes —
 * windows, top-N, derived expressions, measures (aggregate words, VWAP), comparisons (WHERE or,
 * after a measure or before a counted noun, HAVING), grouping, named values — each consuming
 * the words it explains, over a dictionary built from the catalog. It says what it understood
 * and which words it could not map; it never invents a column the catalog lacks.
 */
import type { NlCatalog, NlColumn, NlSource } from './catalog';
import {
  AGGREGATE_WORDS,
  COMPARISONS,
  DISTINCT_WORDS,
  FILLER,
  GROUP_MARKERS,
  MONEY_COLUMN_PARTS,
  MONEY_NOUNS,
  NUMBER_WORDS,
  PERIOD_ADVERBS,
  ROLLING_WORDS,
  TIME_UNITS,
  type AggregateFn,
  type CompareOp,
} from './lexicon';
import { Dictionary, columnOf, isNumeric, namesSource, valueOf, type ColumnRef, type Span } from './mentions';
import { intervalText, renderSql, type Condition, type Interval, type Measure, type Operand, type QueryModel } from './query-model';
import { findPhrase, isNumber, nameWords, quote, tokenize, use, type Token } from './tokens';

export interface OfflineAnswer {
  sql: string | null;
  /** One line per thing understood, quoting the words it came from. */
  understood: string[];
  /** Words of the request that mean something but were not mapped. */
  unmapped: string[];
}

export function offlineNlToSql(request: string, catalog: NlCatalog): OfflineAnswer {
  const parser = new RequestParser(request, catalog);
  return parser.run();
}

class RequestParser {
  private readonly tokens: Token[];
  private readonly understood: string[] = [];
  private spans: Span[] = [];
  private sources: NlSource[] = [];
  private model!: QueryModel;
  private rolling = false;
  /** Things the request asks for that could not be mapped: no SQL is guessed for them. */
  private readonly failures: string[] = [];

  constructor(
    request: string,
    private readonly catalog: NlCatalog,
  ) {
    this.tokens = tokenize(request);
  }

  run(): OfflineAnswer {
    const source = this.chooseSource();
    if (!source) return { sql: null, understood: [], unmapped: this.unmapped() };
    const table = this.chooseJoin(source);
    this.sources = table ? [source, table.table] : [source];
    const time = source.columns.find((c) => c.eventTime);
    this.model = { source, join: table, projection: [], where: [], groupBy: [], measures: [], having: [], window: null, rows: null, topN: null, timeColumn: time?.name ?? null };
    this.note(`source: ${source.name}${table ? `, joined with table ${table.table.name} on ${table.key}` : ''}`);
    this.rowWindow();
    this.sessionWindow();
    this.timeWindow();
    this.spans = new Dictionary(this.sources).spans(this.tokens);
    const topN = this.topN();
    this.derivedExpressions();
    this.vwap();
    this.aggregates();
    this.comparisons();
    this.moneyNouns();
    this.grouping(topN);
    this.values();
    this.projection();
    this.finish(topN);
    if (this.failures.length > 0) return { sql: null, understood: [...this.understood, ...this.failures], unmapped: this.unmapped() };
    return { sql: renderSql(this.model), understood: this.understood, unmapped: this.unmapped() };
  }

  private note(line: string): void {
    this.understood.push(line);
  }

  // ── sources ────────────────────────────────────────────────────────────────────────────────

  /** The stream the request is about: most mentions of its name, columns and values. */
  private chooseSource(): NlSource | null {
    const spans = new Dictionary(this.catalog.sources).spans(this.tokens);
    const scores = new Map<NlSource, number>();
    for (const span of spans) {
      const credited = new Map<NlSource, number>();
      for (const e of span.entries) {
        const s = e.kind === 'source' ? e.source : e.ref.source;
        const points = e.kind === 'source' ? 3 : e.kind === 'value' ? 2 : e.direct ? 2 : 0.5;
        credited.set(s, Math.max(credited.get(s) ?? 0, points));
      }
      for (const [s, p] of credited) scores.set(s, (scores.get(s) ?? 0) + p);
    }
    let best: NlSource | null = null;
    let bestScore = 0;
    for (const s of this.catalog.sources) {
      const score = (scores.get(s) ?? 0) + (s.kind === 'stream' ? 0.5 : 0);
      if ((scores.get(s) ?? 0) > 0 && score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }

  /** A table to join: one whose column the request names, sharing a key column with the source. */
  private chooseJoin(source: NlSource): { table: NlSource; key: string } | null {
    const spans = new Dictionary(this.catalog.sources).spans(this.tokens);
    for (const span of spans) {
      if (span.entries.some((e) => e.kind !== 'source' && e.ref.source === source)) continue;
      for (const e of span.entries) {
        if (e.kind !== 'column' || !e.direct || e.ref.source === source || e.ref.source.kind !== 'table') continue;
        const key = sharedKey(source, e.ref.source);
        if (key) return { table: e.ref.source, key };
      }
    }
    return null;
  }

  // ── windows ────────────────────────────────────────────────────────────────────────────────

  /** "over the last 20 ticks": a row window (a time unit makes it a time window instead). */
  private rowWindow(): void {
    const m = this.scan(/\b(?:over |in |across )?(?:the )?(?:last|past|previous|trailing) (\d+)(?: (\S+))?/);
    if (!m || (m.groups[1] && TIME_UNITS[m.groups[1]])) return;
    const rollingWord = this.tokens.findIndex((t) => ROLLING_WORDS.has(t.norm));
    if (rollingWord >= 0) use(this.tokens, rollingWord, rollingWord + 1);
    use(this.tokens, m.start, m.end);
    this.model.rows = Number(m.groups[0]);
    this.rolling = true;
    this.note(`row window: the last ${m.groups[0]} records (“${m.text}”)`);
  }

  private sessionWindow(): void {
    if (!this.tokens.some((t) => t.norm === 'session') || !this.tokens.some((t) => ['gap', 'inactivity', 'idle', 'timeout', 'inactive'].includes(t.norm))) return;
    const m = this.scan(/\b(?:(?:with|of|after) )?(?:an? )?(\d+(?:\.\d+)?|an?|one|two|three|five|ten|fifteen|twenty|thirty) (\w+)(?: of)?(?: (?:inactivity|idle|inactive))?(?: (?:gap|timeout))?/, (g) => TIME_UNITS[g[1]] !== undefined);
    if (!m) return;
    const gap = { n: toNumber(m.groups[0]), unit: TIME_UNITS[m.groups[1]] };
    use(this.tokens, m.start, m.end);
    for (const t of this.tokens) if (['session', 'gap', 'inactivity', 'idle', 'inactive', 'timeout'].includes(t.norm)) t.used = true;
    // "per session" now names the session window, not a column.
    this.model.window = { kind: 'session', gap };
    this.note(`session window with a ${intervalText(gap)} inactivity gap`);
  }

  private timeWindow(): void {
    if (this.model.window) return;
    const slide = this.scan(/\b(?:over|in|for) (?:the )?(?:last|past) (\d+) (\w+),? (?:updated |refreshed |advancing |sliding )?(?:every|each) (\d+ )?(\w+)/, (g) => TIME_UNITS[g[1]] !== undefined && TIME_UNITS[g[3]] !== undefined);
    if (slide) {
      const size = { n: Number(slide.groups[0]), unit: TIME_UNITS[slide.groups[1]] };
      const advance = { n: slide.groups[2] ? Number(slide.groups[2].trim()) : 1, unit: TIME_UNITS[slide.groups[3]] };
      use(this.tokens, slide.start, slide.end);
      this.model.window = { kind: 'sliding', size, advance };
      this.note(`sliding window of ${intervalText(size)} advancing every ${intervalText(advance)} (“${slide.text}”)`);
      return;
    }
    const adverb = this.tokens.findIndex((t) => !t.used && PERIOD_ADVERBS[t.norm]);
    const patterns = [
      /\b(?:in |into |over |using )?(\d+(?:\.\d+)?) (\w+) (?:tumbling )?(?:window|bucket|interval|period|slot)\b/,
      /\b(?:every|per|each|in each|for each|for every|by|a|an|over|in|within) (?:the )?(\d+(?:\.\d+)?|one|two|three|five|ten|fifteen|twenty|thirty)? ?(\w+)\b/,
    ];
    for (const re of patterns) {
      const m = this.scan(re, (g) => TIME_UNITS[g[1]] !== undefined && (g[0] !== undefined || g[1].length > 1));
      if (!m) continue;
      const size = { n: m.groups[0] ? toNumber(m.groups[0]) : 1, unit: TIME_UNITS[m.groups[1]] };
      this.setTumbling(size, m.start, m.end, m.text);
      return;
    }
    if (adverb >= 0) this.setTumbling({ n: 1, unit: PERIOD_ADVERBS[this.tokens[adverb].norm] }, adverb, adverb + 1, this.tokens[adverb].text);
  }

  private setTumbling(size: Interval, start: number, end: number, text: string): void {
    use(this.tokens, start, end);
    this.model.window = { kind: 'tumbling', size };
    this.note(`tumbling window of ${intervalText(size)} (“${text}”)`);
  }

  // ── measures ───────────────────────────────────────────────────────────────────────────────

  private topN(): { n: number; at: number } | null {
    const m = this.scan(/\b(?:top|best|first|highest|biggest|largest) (\d+)\b/);
    if (!m) return null;
    use(this.tokens, m.start, m.end);
    return { n: Number(m.groups[0]), at: m.end };
  }

  /** "ask minus bid" → ask - bid, named by a preceding noun ("the spread (ask minus bid)"). */
  private derivedExpressions(): void {
    const ops: Record<string, '-' | '+' | '*' | '/'> = { minus: '-', plus: '+', times: '*', 'divided by': '/', '-': '-', '+': '+', '*': '*', '/': '/' };
    for (const [word, op] of Object.entries(ops)) {
      const phrase = word.split(' ');
      let at = findPhrase(this.tokens, phrase);
      while (at >= 0) {
        const left = this.spanEndingAt(at);
        const right = this.spanStartingAt(at + phrase.length);
        const l = columnOf(left, this.sources, true);
        const r = columnOf(right, this.sources, true);
        if (left && right && l && r) {
          const named = this.nameBefore(left.start);
          const alias = named?.word ?? `${l.column.name}_${OP_WORDS[op]}_${r.column.name}`;
          use(this.tokens, named?.index ?? left.start, right.end);
          this.model.projection.push({ kind: 'expr', left: l, op, right: r, alias });
          this.note(`computed column ${alias} = ${l.column.name} ${op} ${r.column.name}`);
        }
        at = findPhrase(this.tokens, phrase, at + 1);
      }
    }
  }

  /** A free word just before `index` (skipping "the" and an opening parenthesis) that can name a column. */
  private nameBefore(index: number): { word: string; index: number } | null {
    let i = index - 1;
    while (i >= 0 && ['(', 'the', 'a', 'as', ':', '='].includes(this.tokens[i].norm)) i--;
    const t = this.tokens[i];
    if (!t || t.used || !/^[a-z][a-z_]*$/.test(t.norm) || FILLER.has(t.norm) || this.spanStartingAt(i)) return null;
    use(this.tokens, i, index);
    return { word: t.text.toLowerCase(), index: i };
  }

  private vwap(): void {
    const m = this.scan(/\b(?:vwap|volume weighted average price|volume weighted price|weighted average price)\b/);
    if (!m) return;
    const price = this.columnNamed(['price'], (c) => isNumeric(c));
    const weight = this.columnNamed(['volume', 'quantity', 'qty', 'size', 'amount'], (c) => isNumeric(c));
    if (!price || !weight) return;
    use(this.tokens, m.start, m.end);
    this.model.measures.push({ fn: 'VWAP', price, weight, alias: 'vwap' });
    this.note(`measure: volume-weighted average price SUM(${price.column.name} * ${weight.column.name}) / SUM(${weight.column.name}) (“${m.text}”)`);
  }

  private aggregates(): void {
    const pending: { fn: AggregateFn; start: number; end: number }[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      const hit = this.aggregateWordAt(i);
      if (!hit) {
        if (DISTINCT_WORDS.has(this.tokens[i].norm) && !this.tokens[i].used) this.distinctCount(i, i + 1, i);
        continue;
      }
      const [fn, length] = hit;
      const end = i + length;
      use(this.tokens, i, end);
      if (this.tokens[i - 1] && ROLLING_WORDS.has(this.tokens[i - 1].norm)) {
        this.tokens[i - 1].used = true;
        this.rolling = true;
      }
      // "max and min price": the first word takes the argument of the next.
      const next = this.tokens[end];
      if (next && (next.norm === 'and' || next.norm === ',') && this.aggregateWordAt(end + 1)) {
        next.used = true;
        pending.push({ fn, start: i, end });
        i = end - 1;
        continue;
      }
      if (fn === 'COUNT') this.count(i, end);
      else {
        const arg = this.argumentAfter(end);
        if (!arg) {
          // "with a total of at least 1000": the word names what is compared, not an aggregate.
          if (this.comparisonAt(this.skipFiller(end)) && this.moneyColumn()) {
            for (let k = i; k < end; k++) this.tokens[k].used = false;
            continue;
          }
          this.failures.push(`no numeric column for “${quote(this.tokens, i, end)}”`);
          continue;
        }
        for (const p of [...pending, { fn, start: i, end }]) this.addMeasure(p.fn, arg.ref, false, quote(this.tokens, p.start, p.end) + ' ' + arg.text, arg.end);
      }
      pending.length = 0;
      i = end - 1;
    }
  }

  private aggregateWordAt(i: number): [AggregateFn, number] | null {
    for (const [phrase, fn] of AGGREGATE_WORDS) {
      const words = phrase.split(' ');
      if (findPhrase(this.tokens, words, i) === i) return [fn, words.length];
    }
    return null;
  }

  /** COUNT(*) or, with "distinct", COUNT(DISTINCT col); the counted noun is consumed. */
  private count(start: number, end: number): void {
    const i = this.skipFiller(end);
    if (this.tokens[i] && DISTINCT_WORDS.has(this.tokens[i].norm)) return this.distinctCount(start, i + 1, i);
    const span = this.spanStartingAt(i);
    // "number of orders": the source noun is counted; "number of clicks": the value stays a filter.
    const counted = span && !valueOf(span, this.sources) && namesSource(span) ? span : null;
    if (counted) use(this.tokens, counted.start, counted.end);
    const noun = counted ? quote(this.tokens, counted.start, counted.end) : span ? quote(this.tokens, span.start, span.end) : '';
    this.addMeasure('COUNT', null, false, `${quote(this.tokens, start, end)}${noun ? ` ${noun}` : ''}`, counted?.end ?? end, noun);
  }

  private distinctCount(start: number, after: number, distinctAt: number): void {
    const arg = this.spanStartingAt(this.skipFiller(after));
    const ref = columnOf(arg, this.sources);
    if (!arg || !ref) return;
    use(this.tokens, start, after);
    this.tokens[distinctAt].used = true;
    use(this.tokens, arg.start, arg.end);
    this.addMeasure('COUNT', ref, true, quote(this.tokens, start, arg.end), arg.end);
  }

  /** The numeric column an aggregate word applies to: the next column mention within a few words. */
  private argumentAfter(from: number): { ref: ColumnRef; end: number; text: string } | null {
    for (let i = from, seen = 0; i < this.tokens.length && seen < 4; i++) {
      const t = this.tokens[i];
      if (t.used && !this.spanStartingAt(i)) continue;
      const span = this.spanStartingAt(i);
      if (span) {
        const ref = columnOf(span, this.sources, true);
        if (ref) {
          use(this.tokens, span.start, span.end);
          return { ref, end: span.end, text: quote(this.tokens, span.start, span.end) };
        }
        if (namesSource(span) && !columnOf(span, this.sources)) use(this.tokens, span.start, span.end); // "total order value": "order" names the source
        i = span.end - 1;
        seen++;
        continue;
      }
      if (MONEY_NOUNS.has(t.norm)) {
        const money = this.moneyColumn();
        if (money) {
          t.used = true;
          return { ref: money, end: i + 1, text: t.text };
        }
      }
      if (!FILLER.has(t.norm)) seen++;
    }
    return null;
  }

  private addMeasure(fn: AggregateFn, ref: ColumnRef | null, distinct: boolean, phrase: string, end: number, noun = ''): Measure {
    const base = ref ? ref.column.name : nameWords(noun).join('_') || 'record';
    const prefix = distinct ? 'distinct' : { AVG: 'avg', SUM: 'total', MIN: 'min', MAX: 'max', COUNT: '' }[fn];
    let alias = fn === 'COUNT' && !distinct ? `${base}_count` : base.split('_').includes(prefix) ? base : `${prefix}_${base}`;
    if (this.rolling) alias = `moving_${alias}`;
    while (this.model.measures.some((m) => m.alias === alias)) alias = `${alias}_2`;
    const measure: Measure = { fn, column: ref, distinct, alias };
    this.model.measures.push(measure);
    this.measureEnds.set(end, measure);
    this.note(`measure: ${fn}(${distinct ? 'DISTINCT ' : ''}${ref ? ref.column.name : '*'}) (“${phrase.trim()}”)`);
    return measure;
  }

  /** Token index just after each measure's words → the measure ("average price is above 250"). */
  private readonly measureEnds = new Map<number, Measure>();

  /** "revenue per status" without an aggregate word: the total of the money column. */
  private moneyNouns(): void {
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (t.used || !['revenue', 'sale', 'turnover', 'gmv'].includes(t.norm)) continue;
      const money = this.moneyColumn();
      if (!money) continue;
      t.used = true;
      const m: Measure = { fn: 'SUM', column: money, distinct: false, alias: t.norm === 'sale' ? 'sales' : t.norm };
      this.model.measures.push(m);
      this.note(`measure: SUM(${money.column.name}) (“${t.text}”)`);
    }
  }

  // ── filters ────────────────────────────────────────────────────────────────────────────────

  private comparisons(): void {
    const between = this.scanAll(/\bbetween (-?\d+(?:\.\d+)?) and (-?\d+(?:\.\d+)?)\b/);
    for (const m of between) {
      const subject = this.subjectBefore(m.start);
      if (!subject) continue;
      use(this.tokens, m.start, m.end);
      this.addCondition(subject.operand, 'BETWEEN', [m.groups[0], m.groups[1]], quote(this.tokens, subject.start, m.end));
    }
    for (let i = 0; i < this.tokens.length; i++) {
      const hit = this.comparisonAt(i);
      if (!hit) continue;
      const [op, length] = hit;
      let numberAt = i + length;
      if (this.tokens[numberAt]?.norm === '-' && isNumber(this.tokens[numberAt + 1])) numberAt++;
      const num = this.tokens[numberAt];
      if (!isNumber(num)) continue;
      const literal = `${this.tokens[numberAt - 1]?.norm === '-' ? '-' : ''}${num.text}`;
      let end = numberAt + 1;
      if (this.tokens[end] && ['percent', '%', 'pct'].includes(this.tokens[end].norm)) end++;
      // "with more than 5 purchases": a count of the source's records or of a named value.
      const after = this.spanStartingAt(end);
      const counted = after && (namesSource(after) || valueOf(after, this.sources)) && !columnOf(after, this.sources, true) ? after : null;
      if (counted) {
        const nounEnd = namesSource(counted) && !valueOf(counted, this.sources) ? counted.end : end;
        use(this.tokens, i, nounEnd);
        let count = this.model.measures.find((m) => m.fn === 'COUNT' && !m.distinct && m.column === null);
        const noun = quote(this.tokens, counted.start, counted.end);
        if (!count) count = this.addMeasure('COUNT', null, false, noun, end, noun);
        this.addCondition({ kind: 'measure', measure: count }, op, [literal], quote(this.tokens, i, counted.end));
        continue;
      }
      const before = this.subjectBefore(i);
      if (before) {
        use(this.tokens, i, end);
        this.addCondition(before.operand, op, [literal], quote(this.tokens, before.start, end));
      }
    }
  }

  private comparisonAt(i: number): [CompareOp, number] | null {
    for (const [phrase, op] of COMPARISONS) {
      const words = phrase.split(' ');
      if (findPhrase(this.tokens, words, i) === i) return [op, words.length];
    }
    return null;
  }

  /** What a comparison at `index` is about: a measure ending just before it, else a numeric column, else a money word. */
  private subjectBefore(index: number): { operand: Operand; start: number } | null {
    let i = index - 1;
    while (i >= 0 && ['is', 'are', 'was', 'were', 'be', 'been', 'the', 'that', 'which', 'with', 'where', 'whose', 'has', 'have', 'having', 'of', 'a', 'an', 'its', 'their', 'value'].includes(this.tokens[i].norm)) i--;
    if (i < 0) return null;
    const measure = this.measureEnds.get(i + 1);
    if (measure) return { operand: { kind: 'measure', measure }, start: i };
    const span = this.spanEndingAt(i + 1);
    const ref = columnOf(span, this.sources, true);
    if (span && ref) {
      use(this.tokens, span.start, span.end);
      return { operand: { kind: 'column', ref }, start: span.start };
    }
    const expr = this.model.projection.find((p) => p.kind === 'expr' && p.alias === this.tokens[i].norm);
    if (expr) return { operand: expr, start: i };
    const moneyWord = MONEY_NOUNS.has(this.tokens[i].norm) || ['total', 'cost', 'costing', 'priced', 'paying', 'paid'].includes(this.tokens[i].norm);
    const money = this.moneyColumn();
    if (moneyWord && money) {
      this.tokens[i].used = true;
      return { operand: { kind: 'column', ref: money }, start: i };
    }
    // "payments from acme above 100": no column named, the amount is what is compared.
    if (money) {
      this.note(`the comparison has no column: ${money.column.name} (the money column) is assumed`);
      return { operand: { kind: 'column', ref: money }, start: index };
    }
    return null;
  }

  private addCondition(left: Operand, op: Condition['op'], values: string[], phrase: string): void {
    const condition = { left, op, values };
    const target = left.kind === 'measure' ? this.model.having : this.model.where;
    target.push(condition);
    this.note(`${left.kind === 'measure' ? 'HAVING' : 'filter'}: ${describeOperand(left)} ${op} ${values.join(op === 'BETWEEN' ? ' AND ' : ', ')} (“${phrase}”)`);
  }

  /** Named values left in the request: `col = 'v'`, or `col IN (…)` for several of one column. */
  private values(): void {
    const byColumn = new Map<string, { ref: ColumnRef; values: string[]; words: string[] }>();
    for (const span of this.spans) {
      if (this.tokens.slice(span.start, span.end).some((t) => t.used)) continue;
      const v = valueOf(span, this.sources);
      if (!v) continue;
      // A value that is also the name of a column it does not belong to stays a column mention.
      use(this.tokens, span.start, span.end);
      // "checkout page": the column's own name after its value belongs to the value.
      const next = this.spanStartingAt(span.end);
      if (next && columnOf(next, this.sources)?.column === v.ref.column) use(this.tokens, next.start, next.end);
      const key = `${v.ref.source.name}.${v.ref.column.name}`;
      const entry = byColumn.get(key) ?? { ref: v.ref, values: [], words: [] };
      if (!entry.values.includes(v.value)) entry.values.push(v.value);
      entry.words.push(quote(this.tokens, span.start, span.end));
      byColumn.set(key, entry);
    }
    for (const { ref, values, words } of byColumn.values()) {
      const literals = values.map(sqlString);
      this.addCondition({ kind: 'column', ref }, literals.length > 1 ? 'IN' : '=', literals, words.join(', '));
    }
  }

  // ── grouping and projection ────────────────────────────────────────────────────────────────

  private grouping(topN: { n: number; at: number } | null): void {
    const implicitCount = this.model.measures.length === 0 && !topN && this.model.rows === null && this.failures.length === 0;
    for (let i = 0; i < this.tokens.length; i++) {
      const marker = GROUP_MARKERS.map((m) => m.split(' ')).find((words) => findPhrase(this.tokens, words, i) === i);
      if (!marker) continue;
      const at = this.skipFiller(i + marker.length, ['the', 'a', 'an', 'their', 'its']);
      const span = this.spanStartingAt(at);
      const ref = span && !valueOf(span, this.sources) ? columnOf(span, this.sources) : null;
      if (!span || !ref) continue;
      // "clicks per page": grouping without an aggregate word counts what comes before.
      if (implicitCount && this.model.measures.length === 0) this.addMeasure('COUNT', null, false, quote(this.tokens, 0, i), i, this.countedNoun(i));
      use(this.tokens, i, i + marker.length);
      this.addGroup(ref, span);
    }
    if (this.model.measures.length === 0) return;
    // "symbols whose average price…", "top 3 symbols by…": the subject is the group.
    const subjectAt = topN ? topN.at : this.skipFiller(0, ['the', 'a', 'an', 'all', 'which', 'what', 'show', 'list', 'find', 'me', 'give']);
    const span = this.spanStartingAt(subjectAt);
    const ref = span && !valueOf(span, this.sources) ? columnOf(span, this.sources) : null;
    if (span && ref && (topN || this.model.having.length > 0) && !this.model.groupBy.includes(ref)) this.addGroup(ref, span);
  }

  /** The noun counted before a group marker: a named value ("clicks") or the source's word ("orders"). */
  private countedNoun(before: number): string {
    const span = [...this.spans].reverse().find((s) => s.end <= before && (valueOf(s, this.sources) || namesSource(s)));
    if (!span) return 'record';
    if (namesSource(span) && !valueOf(span, this.sources)) use(this.tokens, span.start, span.end);
    return quote(this.tokens, span.start, span.end);
  }

  private addGroup(ref: ColumnRef, span: Span): void {
    use(this.tokens, span.start, span.end);
    if (this.model.groupBy.some((g) => g.column === ref.column && g.source === ref.source)) return;
    this.model.groupBy.push(ref);
    this.note(`group by ${ref.column.name} (“${quote(this.tokens, span.start, span.end)}”)`);
  }

  /** Columns named in a plain query; the record's key leads so rows stay identifiable. */
  private projection(): void {
    if (this.model.measures.length > 0) return;
    const named: ColumnRef[] = [];
    for (const span of this.spans) {
      if (this.tokens.slice(span.start, span.end).some((t) => t.used)) continue;
      const ref = columnOf(span, this.sources);
      const direct = span.entries.some((e) => e.kind === 'column' && e.direct);
      if (!ref || !direct || (namesSource(span) && ref.column.name.endsWith('_id'))) continue;
      use(this.tokens, span.start, span.end);
      named.push(ref);
    }
    if (named.length === 0 && this.model.projection.length === 0 && !this.model.join) return;
    const lead: ColumnRef[] = [];
    const key = keyColumn(this.model.source);
    if (key) lead.push({ source: this.model.source, column: key });
    if (this.model.join) lead.push({ source: this.model.source, column: this.model.source.columns.find((c) => c.name === this.model.join!.key)! });
    const columns = [...lead, ...named].filter((r, i, all) => all.findIndex((o) => o.column.name === r.column.name) === i);
    this.model.projection = [...columns.map((ref): Operand => ({ kind: 'column', ref })), ...this.model.projection];
    this.note(`columns: ${this.model.projection.map(describeOperand).join(', ')}`);
  }

  private finish(topN: { n: number; at: number } | null): void {
    const m = this.model;
    if (m.window?.kind === 'session' && m.groupBy.length === 0) {
      const key = keyColumn(m.source);
      if (key) {
        m.groupBy.push({ source: m.source, column: key });
        this.note(`sessions are tracked per ${key.name}`);
      }
    }
    if (m.window && m.measures.length === 0) {
      m.measures.push({ fn: 'COUNT', column: null, distinct: false, alias: 'record_count' });
      this.note('measure: COUNT(*) per window (no aggregate named)');
    }
    if (m.measures.length === 0 && m.groupBy.length > 0) m.groupBy = [];
    if (this.rolling && m.rows === null) this.rolling = false;
    if (m.rows !== null && m.measures.length === 0) m.rows = null;
    if (topN && m.measures.length > 0) {
      m.topN = { n: topN.n, by: m.measures[0] };
      this.note(`top ${topN.n} by ${describeOperand({ kind: 'measure', measure: m.measures[0] })}: rows are sorted by it, highest first${m.window ? ' within each window' : ''}; keeping only the first ${topN.n} is not expressible in this dialect (no per-window LIMIT)`);
    }
    if (m.window && !m.timeColumn) this.note('no event-time column: windows use the record event time (_event_time)');
    if (m.rows !== null && m.having.length > 0) m.having = [];
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  private unmapped(): string[] {
    // Words naming the chosen source ("payments", "ticks") were understood as the source.
    for (const span of this.spans) if (span.entries.some((e) => e.kind === 'source' && this.sources.includes(e.source))) use(this.tokens, span.start, span.end);
    return this.tokens.filter((t) => !t.used && !FILLER.has(t.norm) && !FILLER.has(t.text.toLowerCase()) && !/^[^A-Za-z0-9]+$/.test(t.text)).map((t) => t.text);
  }

  private spanStartingAt(i: number): Span | undefined {
    return this.spans.find((s) => s.start === i && !this.tokens.slice(s.start, s.end).some((t) => t.used));
  }

  private spanEndingAt(end: number): Span | undefined {
    return this.spans.find((s) => s.end === end && !this.tokens.slice(s.start, s.end).some((t) => t.used));
  }

  private skipFiller(i: number, words: readonly string[] = ['of', 'the', 'a', 'an', 'all']): number {
    while (i < this.tokens.length && words.includes(this.tokens[i].norm)) i++;
    return i;
  }

  /** The first numeric column of the sources whose name holds one of `parts` (in order of preference). */
  private columnNamed(parts: readonly string[], ok: (c: NlColumn) => boolean): ColumnRef | null {
    for (const part of parts)
      for (const source of this.sources) {
        const column = source.columns.find((c) => ok(c) && nameWords(c.name).includes(part));
        if (column) return { source, column };
      }
    return null;
  }

  private moneyColumn(): ColumnRef | null {
    return this.columnNamed(MONEY_COLUMN_PARTS, isNumeric);
  }

  /**
   * Runs a regex over the normalised words of the unused tokens; the match is mapped back to
   * token indices. `accept` filters matches by their groups (the first acceptable one wins).
   */
  private scan(re: RegExp, accept: (groups: string[]) => boolean = () => true): Match | null {
    return this.scanAll(re, accept)[0] ?? null;
  }

  private scanAll(re: RegExp, accept: (groups: string[]) => boolean = () => true): Match[] {
    const starts: number[] = [];
    let text = '';
    this.tokens.forEach((t, i) => {
      starts[i] = text.length;
      text += `${t.used ? '\u0000' : t.norm} `;
    });
    const global = new RegExp(re.source, 'g');
    const out: Match[] = [];
    for (const m of text.matchAll(global)) {
      const groups = m.slice(1).map((g) => g?.trim() as string);
      if (!accept(groups)) continue;
      const from = m.index ?? 0;
      const to = from + m[0].trimEnd().length;
      const start = starts.findIndex((s) => s >= from);
      let end = start;
      while (end < this.tokens.length && starts[end] < to) end++;
      out.push({ start, end, groups, text: quote(this.tokens, start, end) });
    }
    return out;
  }
}

const OP_WORDS = { '-': 'minus', '+': 'plus', '*': 'times', '/': 'per' } as const;

interface Match {
  start: number;
  end: number;
  groups: string[];
  text: string;
}

function toNumber(word: string): number {
  return NUMBER_WORDS[word] ?? Number(word);
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function describeOperand(o: Operand): string {
  if (o.kind === 'column') return o.ref.column.name;
  if (o.kind === 'expr') return o.alias;
  const m = o.measure;
  return m.fn === 'VWAP' ? 'vwap' : `${m.fn}(${m.distinct ? 'DISTINCT ' : ''}${m.column ? m.column.column.name : '*'})`;
}

/** The column that identifies a source's records: `<entity>_id`, a symbol/ticker, else the first `*_id`. */
export function keyColumn(source: NlSource): NlColumn | null {
  const words = nameWords(source.name);
  for (const w of words) {
    const c = source.columns.find((col) => col.name.toLowerCase() === `${w}_id` || col.name.toLowerCase() === `${w}id`);
    if (c) return c;
  }
  for (const name of ['symbol', 'ticker', 'id', 'key']) {
    const c = source.columns.find((col) => col.name.toLowerCase() === name);
    if (c) return c;
  }
  return source.columns.find((c) => /_id$/i.test(c.name)) ?? null;
}

/** A column both relations have, ids first: the join key. */
function sharedKey(a: NlSource, b: NlSource): string | null {
  const shared = a.columns.filter((c) => b.columns.some((d) => d.name === c.name) && !c.eventTime);
  return (shared.find((c) => /_id$|^id$|key$/i.test(c.name)) ?? shared.find((c) => c.type === 'string'))?.name ?? null;
}
