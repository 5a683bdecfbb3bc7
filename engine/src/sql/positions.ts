/**
 * Source positions from chevrotain tokens. Chevrotain's end positions are inclusive; ours are
 * exclusive (one past the last character), as in editors' ranges.
 */
import type { IToken } from 'chevrotain';
import type { Position, Span } from './ast';

export function startOf(token: IToken): Position {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset };
}

export function endOf(token: IToken): Position {
  return {
    line: token.endLine ?? token.startLine ?? 1,
    column: (token.endColumn ?? token.startColumn ?? 0) + 1,
    offset: (token.endOffset ?? token.startOffset) + 1,
  };
}

export function tokenSpan(token: IToken): Span {
  return { start: startOf(token), end: endOf(token) };
}

/** From the start of `first` to the end of `last`. */
export function spanBetween(first: IToken, last: IToken): Span {
  return { start: startOf(first), end: endOf(last) };
}

export function joinSpans(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** The position `length` UTF-16 units after `start` on the same line. */
export function advance(start: Position, length: number): Position {
  return { line: start.line, column: start.column + length, offset: start.offset + length };
}
