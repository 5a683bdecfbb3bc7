/**
 * `parse(text)`: a whole application file → statements, comments, header and diagnostics.
 *
 * The file is lexed once (so every position is file-relative), split into statements at `;`
 * tokens (§3.1), and each statement is parsed on its own: an error in one statement does not
 * hide the others. Comments between the previous statement's `;` and a statement's first token
 * belong to that statement, which is where its annotations are read from.
 */
import type { IToken } from 'chevrotain';
import type { Comment, ExtensionUse, ParseResult, Statement } from './ast';
import { annotationsOf, applicationHeader, headerLinesOf } from './annotations';
import { byPosition, Diagnostic } from './diagnostics';
import { lex } from './lexer';
import { parseStatementTokens } from './parser';
import { Semicolon } from './tokens';

/** The tokens of one statement and the offsets that delimit what it owns. */
interface Segment {
  tokens: IToken[];
  /** Offset just after the previous statement's `;` (or 0): owned comments start here. */
  ownedFrom: number;
  /** Offset just after this statement's `;`, or after its last token when there is none. */
  end: number;
  /** Offset where the next statement's territory starts (end of file for the last one). */
  limit: number;
}

function split(tokens: IToken[]): Segment[] {
  const segments: Segment[] = [];
  let current: IToken[] = [];
  let ownedFrom = 0;
  for (const token of tokens) {
    if (token.tokenType !== Semicolon) {
      current.push(token);
      continue;
    }
    // An empty statement (`;;`) owns nothing: its comments go to the next statement.
    if (current.length > 0) {
      const end = token.endOffset! + 1;
      segments.push({ tokens: current, ownedFrom, end, limit: end });
      ownedFrom = end;
    }
    current = [];
  }
  if (current.length > 0) {
    segments.push({ tokens: current, ownedFrom, end: current[current.length - 1].endOffset! + 1, limit: Infinity });
  }
  return segments;
}

export function parse(text: string): ParseResult {
  // A byte-order mark is not a character of the program; blank it without moving positions.
  const lexed = lex(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  const segments = split(lexed.tokens);
  const diagnostics: Diagnostic[] = [];
  const lexErrorsOutsideStatements = new Set(lexed.errors);
  const statements: Statement[] = [];
  const extensions: ExtensionUse[] = [];

  segments.forEach((segment, index) => {
    const first = segment.tokens[0];
    const last = segment.tokens[segment.tokens.length - 1];
    // A statement with a lexical error is not parsed: its first lexical error is its report.
    const lexErrors = lexed.errors.filter((e) => e.offset >= segment.ownedFrom && e.offset < segment.limit);
    lexErrors.forEach((e) => lexErrorsOutsideStatements.delete(e));
    if (lexErrors.length > 0) {
      diagnostics.push(lexErrors[0].diagnostic);
      return;
    }
    const result = parseStatementTokens(segment.tokens);
    if (!result.ok) {
      diagnostics.push(result.diagnostic);
      return;
    }
    const comments = lexed.comments.filter((c) => c.span.start.offset >= segment.ownedFrom && c.span.end.offset <= first.startOffset);
    extensions.push(...result.extensions);
    statements.push({
      ...result.statement,
      index,
      text: text.slice(first.startOffset, last.endOffset! + 1),
      comments,
      annotations: annotationsOf(comments),
      headerLines: headerLinesOf(comments),
      extensions: result.extensions,
    } as Statement);
  });

  for (const e of lexErrorsOutsideStatements) diagnostics.push(e.diagnostic);
  const lastEnd = segments.length > 0 ? segments[segments.length - 1].end : 0;
  const trailingComments: Comment[] = lexed.comments.filter((c) => c.span.start.offset >= lastEnd);
  return {
    statements,
    statementCount: segments.length,
    diagnostics: diagnostics.sort(byPosition),
    trailingComments,
    comments: lexed.comments,
    header: applicationHeader(headerLinesOf(lexed.comments)),
    extensions,
  };
}
