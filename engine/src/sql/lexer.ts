/**
 * The lexer (spec §1): text → tokens, comments and lexical diagnostics (VL1xx).
 * Comments are kept (annotations live in them); lexical problems never throw.
 */
import { ILexingError, IToken, Lexer } from 'chevrotain';
import type { Comment } from './ast';
import { Codes, Diagnostic, diagnostic } from './diagnostics';
import { advance, tokenSpan } from './positions';
import { allTokens, IntegerLiteral, LineComment, UnterminatedComment } from './tokens';

/** A lexical diagnostic with the file offset where it starts (to find its statement). */
export interface LexError {
  offset: number;
  diagnostic: Diagnostic;
}

export interface LexResult {
  tokens: IToken[];
  comments: Comment[];
  errors: LexError[];
}

let lexer: Lexer | undefined;

function sqlLexer(): Lexer {
  lexer ??= new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
  return lexer;
}

const I64_MAX = 2n ** 63n - 1n;

export function lex(text: string): LexResult {
  const result = sqlLexer().tokenize(text);
  const errors: LexError[] = result.errors.map((error) => ({ offset: error.offset, diagnostic: illegalCharacter(text, error) }));
  for (const token of result.groups.errors ?? []) errors.push({ offset: token.startOffset, diagnostic: unterminated(token) });
  for (const token of result.tokens) {
    if (token.tokenType === IntegerLiteral && BigInt(token.image) > I64_MAX) {
      errors.push({
        offset: token.startOffset,
        diagnostic: diagnostic({
          code: Codes.BadNumber,
          message: `integer ${token.image} is out of the signed 64-bit range`,
          span: tokenSpan(token),
          token: token.image,
          hint: 'write a decimal (with a fraction) or a float (with an exponent) for larger numbers',
        }),
      });
    }
  }
  errors.sort((a, b) => a.offset - b.offset);
  const comments: Comment[] = (result.groups.comments ?? []).map((token) => ({
    style: token.tokenType === LineComment ? 'line' : 'block',
    text: token.image,
    span: tokenSpan(token),
  }));
  return { tokens: result.tokens, comments, errors };
}

function unterminated(token: IToken): Diagnostic {
  const isComment = token.tokenType === UnterminatedComment;
  const span = tokenSpan(token);
  // Point at the opening quote or `/*` only: the rest of the file is swallowed by it.
  const openerLength = isComment ? 2 : 1;
  return diagnostic({
    code: isComment ? Codes.UnterminatedComment : Codes.UnterminatedString,
    message: isComment ? 'unterminated block comment' : `unterminated string starting with ${token.image[0]}`,
    span: { start: span.start, end: advance(span.start, openerLength) },
    token: token.image.slice(0, 20),
    hint: isComment
      ? 'close the comment with */ (block comments do not nest)'
      : `close the string with ${token.image[0]} (strings have no escapes; a quote always ends the string)`,
  });
}

function illegalCharacter(text: string, error: ILexingError): Diagnostic {
  const char = String.fromCodePoint(text.codePointAt(error.offset) ?? 0);
  const start = { line: error.line ?? 1, column: error.column ?? 1, offset: error.offset };
  return diagnostic({
    code: Codes.IllegalCharacter,
    message: `illegal character '${char}'`,
    span: { start, end: advance(start, char.length) },
    token: char,
    hint: illegalCharacterHint(char, text, error.offset),
  });
}

function illegalCharacterHint(char: string, text: string, offset: number): string {
  switch (char) {
    case '`':
    case '[':
    case ']':
      return 'there are no quoted identifiers: write the plain name ("x" is a string)';
    case '@':
      return lineStart(text, offset).trim() === ''
        ? 'annotations live in comments: write -- @key: value'
        : "'@' is only allowed inside strings and comments";
    case ':':
      return text.startsWith('::', offset)
        ? 'use CAST(x AS type) instead of ::'
        : "':' is only allowed inside strings, comments and unquoted URIs (FROM kafka://…)";
    case '!':
      return 'use != for "not equal" or NOT for negation';
    case '|':
      return 'use || to concatenate strings';
    case '^':
      return 'use POWER(a, b) for exponentiation';
    case '$':
      return '${VAR} substitution works inside quoted WITH values only';
    case '‘':
    case '’':
    case '“':
    case '”':
      return "replace typographic quotes with plain ' quotes";
    default:
      return 'remove the character or put it inside a string';
  }
}

/** The text between the start of the line and `offset`. */
function lineStart(text: string, offset: number): string {
  const lineBegin = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineBegin, offset);
}
