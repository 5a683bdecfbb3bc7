/**
 * Syntax errors: the parser's custom errors (clause order, unsupported forms) and the conversion
 * of chevrotain's recognition errors into diagnostics that read like a colleague's hint.
 */
import { EOF, IRecognitionException, IToken, TokenType, tokenMatcher } from 'chevrotain';
import type { Span } from './ast';
import { Codes, Diagnostic, diagnostic, END_OF_INPUT } from './diagnostics';
import { endOf, tokenSpan } from './positions';
import * as T from './tokens';

/** Thrown by grammar actions to stop at the first error of a statement. */
export class SyntaxProblem extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export function problem(
  code: string,
  message: string,
  at: IToken | Span,
  hint: string,
  expected: string[] = [],
  tokenText?: string,
): SyntaxProblem {
  const span = 'start' in at ? at : tokenSpan(at);
  const token = tokenText ?? ('start' in at ? '' : at.image);
  return new SyntaxProblem(diagnostic({ code, message, span, token, hint, expected }));
}

/** What the error message provider saw last: chevrotain builds a message right before it throws. */
export const lastExpected: { tokens: string[] } = { tokens: [] };

function label(type: TokenType): string {
  return type === EOF ? END_OF_INPUT : String(type.LABEL ?? type.name);
}

const EXPRESSION_STARTS = new Set(['name', 'integer', 'number', 'string', 'NULL', 'INTERVAL', 'CASE', 'EXISTS', 'NOT', '(', '-', 'URI']);

/** Expected labels, deduplicated; a full set of expression starters reads "expression". */
export function expectedLabels(types: TokenType[]): string[] {
  const labels = [...new Set(types.map(label))];
  const starters = labels.filter((l) => EXPRESSION_STARTS.has(l));
  if (starters.length < 6) return labels;
  const rest = labels.filter((l) => !EXPRESSION_STARTS.has(l) || l === 'name');
  return ['expression', ...rest.filter((l) => l !== 'name')];
}

function describe(token: IToken): string {
  return token.tokenType === EOF ? 'end of input' : `'${token.image}'`;
}

export const errorMessageProvider = {
  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken }): string {
    lastExpected.tokens = expectedLabels([options.expected]);
    return `unexpected ${describe(options.actual)}; expected ${lastExpected.tokens.join(', ')}`;
  },
  buildNotAllInputParsedMessage(options: { firstRedundant: IToken }): string {
    lastExpected.tokens = [';', END_OF_INPUT];
    return `unexpected ${describe(options.firstRedundant)} after the end of the statement`;
  },
  buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[] }): string {
    lastExpected.tokens = expectedLabels(options.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0])));
    return `unexpected ${describe(options.actual[0])}; expected ${lastExpected.tokens.join(', ')}`;
  },
  buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[] }): string {
    lastExpected.tokens = expectedLabels(options.expectedIterationPaths.map((path) => path[0]));
    return `unexpected ${describe(options.actual[0])}; expected ${lastExpected.tokens.join(', ')}`;
  },
};

const UNSUPPORTED_STATEMENTS: Record<string, string> = {
  DROP: 'DROP is not supported; streams and tables live as long as their application',
  UPDATE: 'UPDATE is not supported: streams are append-only; derive a new stream with CREATE STREAM … AS SELECT',
  DELETE: 'DELETE is not supported: streams are append-only; filter with WHERE in a CREATE STREAM',
  MERGE: 'MERGE is not supported; use a JOIN in a CREATE STREAM or CREATE TABLE',
};

/**
 * Converts chevrotain's first recognition error of a statement into a diagnostic.
 * `tokens` are the statement's tokens; they give context for the hint. `bareAlias` is the last
 * alias the parser accepted without AS: when the error follows it directly and it is one edit
 * from a clause keyword, the keyword was misspelt (`SELECT a FORM t`).
 */
export function fromRecognitionError(error: IRecognitionException, tokens: IToken[], bareAlias: IToken | null = null): Diagnostic {
  const token = error.token;
  const atEnd = token.tokenType === EOF;
  const index = atEnd ? tokens.length : tokens.indexOf(token);
  const previous = index > 0 ? tokens[index - 1] : undefined;
  const span: Span = atEnd && previous
    ? { start: endOf(previous), end: endOf(previous) }
    : tokenSpan(token);
  const trailing = error.name === 'NotAllInputParsedException';
  const base = {
    span,
    token: atEnd ? END_OF_INPUT : token.image,
    expected: lastExpected.tokens,
  };
  const special = specialCase(token, index, tokens, trailing);
  if (special) return diagnostic({ ...base, ...special });
  const code = trailing ? Codes.TrailingTokens : atEnd ? Codes.UnexpectedEnd : Codes.UnexpectedToken;
  const keyword = bareAlias && previous === bareAlias ? misspeltClauseKeyword(bareAlias.image) : undefined;
  if (bareAlias && keyword) {
    return diagnostic({
      code,
      message: `unexpected ${describe(token)} after alias ${bareAlias.image}`,
      span: tokenSpan(bareAlias),
      token: bareAlias.image,
      hint: `did you mean ${keyword}?`,
      expected: [keyword],
    });
  }
  return diagnostic({
    ...base,
    code,
    message: error.message,
    hint: trailing
      ? 'the statement is already complete here; end it with ; before starting another'
      : atEnd
        ? 'the statement ends too early'
        : genericHint(token),
  });
}

interface Special {
  code: string;
  message: string;
  hint: string;
  expected?: string[];
}

/** Well-known mistakes recognised from the offending token and its neighbours. */
function specialCase(token: IToken, index: number, tokens: IToken[], trailing: boolean): Special | undefined {
  const upper = token.image.toUpperCase();
  const next = tokens[index + 1];
  const previous = tokens[index - 1];
  if (previous && tokenMatcher(previous, T.IntegerLiteral) && tokenMatcher(token, T.Identifier) && previous.endOffset! + 1 === token.startOffset) {
    return {
      code: Codes.UnexpectedToken,
      message: `unexpected duration ${previous.image}${token.image}`,
      hint: `durations like ${previous.image}${token.image} only go in WINDOW and JOIN … WITHIN; in expressions write INTERVAL '${previous.image}' <UNIT>`,
    };
  }
  if (index === 0 && UNSUPPORTED_STATEMENTS[upper]) {
    return { code: Codes.NotSupported, message: `${upper} statements are not supported`, hint: UNSUPPORTED_STATEMENTS[upper], expected: [] };
  }
  if (tokenMatcher(token, T.Dot) && next && tokenMatcher(next, T.Dot)) {
    return { code: Codes.UnexpectedToken, message: "unexpected '...' placeholder", hint: 'replace the ... placeholder with real SQL' };
  }
  if (upper === 'CROSS' && next && tokenMatcher(next, T.Join)) {
    return { code: Codes.NotSupported, message: 'CROSS JOIN is not supported', hint: 'use JOIN … ON <condition>', expected: [] };
  }
  if (upper === 'USING') {
    return { code: Codes.NotSupported, message: 'JOIN … USING is not supported', hint: 'write ON a.col = b.col', expected: ['ON'] };
  }
  if (trailing && [T.Join, T.Inner, T.Left, T.Right, T.Full].some((t) => tokenMatcher(token, t))) {
    return { code: Codes.ClauseOrder, message: `unexpected '${token.image}' after the end of the query`, hint: 'JOIN must come right after FROM (before WHERE and GROUP BY)' };
  }
  if (trailing && tokenMatcher(token, T.Comma)) {
    return { code: Codes.NotSupported, message: "unexpected ','", hint: 'comma joins are not supported; use JOIN … ON <condition>' };
  }
  if (trailing && tokenMatcher(token, T.From)) {
    return { code: Codes.ClauseOrder, message: "unexpected 'FROM'", hint: 'FROM must come right after the select list' };
  }
  return undefined;
}

function genericHint(token: IToken): string {
  if (tokenMatcher(token, T.ReservedWord)) {
    return `${token.image.toUpperCase()} is a reserved keyword and cannot be used here`;
  }
  return '';
}

/** Keywords that start a clause after a select item or a FROM source, where a bare alias may stand. */
const CLAUSE_KEYWORDS = ['FROM', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'WINDOW', 'LIMIT', 'EMIT'];

function misspeltClauseKeyword(alias: string): string | undefined {
  const upper = alias.toUpperCase();
  return CLAUSE_KEYWORDS.find((keyword) => withinOneEdit(upper, keyword));
}

/** One insertion, deletion, substitution or swap of neighbours turns `a` into `b` (FORM → FROM). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length < long.length) return short.slice(i) === long.slice(i + 1);
  if (short.slice(i + 1) === long.slice(i + 1)) return true;
  return short[i] === long[i + 1] && short[i + 1] === long[i] && short.slice(i + 2) === long.slice(i + 2);
}
