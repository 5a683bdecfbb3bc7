/**
 * Where the cursor is inside the SQL statement it sits in: the clause it is typing, the word it
 * is in the middle of, open parentheses, the select list's items (aggregated or plain), the
 * sources named so far. A light token scan, not the parser: the text before the cursor is
 * usually not a complete statement, so the parser's tree is not available.
 */
import { lookupFunction } from '../../types/functions/catalogue';

export type Clause = 'START' | 'SELECT' | 'FROM' | 'JOIN' | 'ON' | 'WHERE' | 'GROUP BY' | 'WINDOW' | 'HAVING' | 'ORDER BY' | 'LIMIT' | 'EMIT' | 'WITH';

/** Clauses of a SELECT in the order the dialect requires (dialect spec §5). */
export const CLAUSE_ORDER: readonly Clause[] = ['START', 'SELECT', 'FROM', 'JOIN', 'ON', 'WHERE', 'GROUP BY', 'WINDOW', 'HAVING', 'ORDER BY', 'LIMIT', 'EMIT', 'WITH'];

export interface Token {
  text: string;
  kind: 'word' | 'number' | 'string' | 'punct';
}

export interface SelectItem {
  text: string;
  aggregated: boolean;
  /** The column a plain item reads (`symbol`, `t.symbol`), a group key. */
  column: string | null;
}

export interface SourceUse {
  name: string;
  alias: string | null;
}

export interface StatementState {
  /** Statement text before the cursor (from the previous top-level `;`). */
  text: string;
  /** The identifier the cursor is at the end of (no space after it), else ''. */
  partial: string;
  clause: Clause;
  /** Clauses present at the top level. */
  seen: Set<Clause>;
  /** Tokens of the current clause after its keyword (without the partial word). */
  clauseTokens: Token[];
  /** Words before the first parenthesis still open, innermost last (`AVG`, `TUMBLING`, `WITH`). */
  open: string[];
  select: SelectItem[];
  sources: SourceUse[];
  /** `CREATE STREAM x AS` / `CREATE TABLE x AS` seen before the SELECT. */
  create: boolean;
  /** Keywords as the user writes them. */
  lowerCase: boolean;
  /** Clauses go on separate lines. */
  multiline: boolean;
}

const TOKEN = /\s+|--[^\n]*|'(?:[^']|'')*'?|"[^"]*"?|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|<>|<=|>=|!=|\|\||\$\{\w*\}?|./gy;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const t = m[0];
    if (/^\s/.test(t) || t.startsWith('--')) continue;
    const kind = /^[A-Za-z_]/.test(t) ? 'word' : /^\d/.test(t) ? 'number' : /^['"]/.test(t) ? 'string' : 'punct';
    tokens.push({ text: t, kind });
  }
  return tokens;
}

/** Offset where the statement holding `offset` starts: after the last `;` outside quotes. */
export function statementStart(text: string, offset: number): number {
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '-' && text[i + 1] === '-') i = text.indexOf('\n', i) < 0 ? offset : text.indexOf('\n', i);
    else if (c === ';') start = i + 1;
  }
  return start;
}

const CLAUSE_WORDS: Record<string, Clause> = { SELECT: 'SELECT', FROM: 'FROM', JOIN: 'JOIN', ON: 'ON', WHERE: 'WHERE', WINDOW: 'WINDOW', HAVING: 'HAVING', LIMIT: 'LIMIT', EMIT: 'EMIT', WITH: 'WITH' };

export function analyse(statement: string): StatementState {
  const partialMatch = /[A-Za-z_][A-Za-z0-9_]*$/.exec(statement);
  const partial = partialMatch && !/[.'"$]$/.test(statement.slice(0, partialMatch.index)) ? partialMatch[0] : '';
  const tokens = tokenize(partial ? statement.slice(0, -partial.length) : statement);
  const state: StatementState = {
    text: statement,
    partial,
    clause: 'START',
    seen: new Set(),
    clauseTokens: [],
    open: [],
    select: [],
    sources: [],
    create: false,
    lowerCase: /^\s*[a-z]/.test(statement) && !/^\s*[A-Z]/.test(statement),
    multiline: /\n\s*\S/.test(statement.trim()),
  };
  let selectTokens: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const upper = t.text.toUpperCase();
    if (t.text === '(') state.open.push(tokens[i - 1]?.text.toUpperCase() ?? '');
    else if (t.text === ')') state.open.pop();
    const top = state.open.length === 0 || (t.text === '(' && state.open.length === 1);
    let clause: Clause | undefined = t.kind === 'word' && state.open.length === 0 ? CLAUSE_WORDS[upper] : undefined;
    if (t.kind === 'word' && state.open.length === 0 && (upper === 'GROUP' || upper === 'ORDER') && tokens[i + 1]?.text.toUpperCase() === 'BY') {
      clause = upper === 'GROUP' ? 'GROUP BY' : 'ORDER BY';
      i++;
    }
    if (upper === 'CREATE' && i === 0) state.create = true;
    if (clause && top) {
      if (state.clause === 'SELECT') selectTokens = state.clauseTokens;
      state.clause = clause;
      state.seen.add(clause);
      state.clauseTokens = [];
      continue;
    }
    state.clauseTokens.push(t);
    if ((state.clause === 'FROM' || state.clause === 'JOIN') && t.kind === 'word' && state.open.length === 0) readSource(state, t.text);
  }
  if (state.clause === 'SELECT') selectTokens = state.clauseTokens;
  state.select = splitItems(selectTokens).map(selectItem);
  return state;
}

/** `FROM trades t`: the first word names the source, a second one (or after AS) its alias. */
function readSource(state: StatementState, word: string): void {
  const upper = word.toUpperCase();
  if (['AS', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS'].includes(upper)) return;
  const tokens = state.clauseTokens.filter((t) => !['AS'].includes(t.text.toUpperCase()));
  const position = tokens.filter((t) => t.kind === 'word').length;
  if (position === 1 || tokens[tokens.length - 2]?.text === ',') state.sources.push({ name: word, alias: null });
  else if (position === 2 && state.sources.length > 0) state.sources[state.sources.length - 1].alias = word;
}

export function splitItems(tokens: Token[]): Token[][] {
  const items: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (t.text === ',' && depth === 0) items.push([]);
    else items[items.length - 1].push(t);
  }
  return items.filter((i) => i.length > 0);
}

function selectItem(tokens: Token[]): SelectItem {
  const text = joinTokens(tokens);
  const aggregated = tokens.some((t, i) => t.kind === 'word' && tokens[i + 1]?.text === '(' && lookupFunction(t.text)?.kind === 'aggregate') && !tokens.some((t) => t.text.toUpperCase() === 'OVER');
  const plain = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)(?:\s+(?:AS\s+)?[A-Za-z_]\w*)?$/i.exec(text);
  return { text, aggregated, column: plain && !aggregated ? plain[1] : null };
}

export function joinTokens(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    const glue = out === '' || out.endsWith('(') || out.endsWith('.') || t.text === ')' || t.text === ',' || t.text === '.' || (t.text === '(' && /\w$/.test(out));
    out += (glue ? '' : ' ') + t.text;
  }
  return out;
}
