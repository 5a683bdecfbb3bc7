/**
 * Cell errors as values (kernel spec §7) and their one printed form: `evalue` with the position in
 * the cell, and a traceback with up to two context lines and carets under the offending text. No
 * Node stacks for user errors; InternalError shows one only with `%config debug=true`.
 */
export type ErrorName =
  | 'SqlSyntaxError'
  | 'SqlValidationError'
  | 'SourceError'
  | 'ExecutionError'
  | 'MagicError'
  | 'UnknownMagic'
  | 'TestFailure'
  | 'AiError'
  | 'KeyboardInterrupt'
  | 'InternalError';

/** A UTF-16 range in the original cell text. */
export interface CellRange {
  start: number;
  end: number;
}

export interface CellError {
  kind: 'error';
  ename: ErrorName;
  message: string;
  at?: CellRange;
  hint?: string;
  /** Extra traceback lines (InternalError stacks in debug mode, failure details). */
  details?: string[];
}

export function cellError(
  ename: ErrorName,
  message: string,
  options: { at?: CellRange; hint?: string; details?: string[] } = {},
): CellError {
  return { kind: 'error', ename, message, ...options };
}

export function isCellError(value: unknown): value is CellError {
  return typeof value === 'object' && value !== null && (value as CellError).kind === 'error';
}

export interface PrintedError {
  ename: string;
  evalue: string;
  traceback: string[];
  /** 1-based line and code-point column, when the error has a position. */
  line: number | null;
  column: number | null;
}

const CONTEXT_LINES = 2;
const RED = '\x1b[31;1m';
const RESET = '\x1b[0m';

const codePoints = (text: string) => Array.from(text).length;

/** Prints `error` against the cell it came from. */
export function printError(error: CellError, cell: string): PrintedError {
  const position = error.at ? locate(cell, error.at.start) : null;
  const evalue = position
    ? `${error.message} (line ${position.line}, column ${position.column})`
    : error.message;
  const traceback = [`${RED}${error.ename}${RESET}: ${evalue}`];
  if (error.at && position) traceback.push(...excerpt(cell, error.at, position.line));
  if (error.hint) traceback.push(`hint: ${error.hint}`);
  if (error.details) traceback.push(...error.details);
  return {
    ename: error.ename,
    evalue,
    traceback,
    line: position?.line ?? null,
    column: position?.column ?? null,
  };
}

/** 1-based line and code-point column of a UTF-16 offset. */
export function locate(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    line: before.split('\n').length,
    column: codePoints(before.slice(lineStart)) + 1,
  };
}

/** UTF-16 offset of a 1-based line and UTF-16 column (engine diagnostics count UTF-16 units). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return text.length;
    offset = newline + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

function excerpt(cell: string, at: CellRange, errorLine: number): string[] {
  const lines = cell.split('\n');
  const first = Math.max(1, errorLine - CONTEXT_LINES);
  const width = String(errorLine).length;
  const shown = lines
    .slice(first - 1, errorLine)
    .map((text, i) => `  ${String(first + i).padStart(width)} | ${text.replace(/\t/g, ' ').trimEnd()}`);
  const lineText = lines[errorLine - 1] ?? '';
  const lineStart = offsetOf(cell, errorLine, 1);
  const startInLine = at.start - lineStart;
  const endInLine = Math.min(Math.max(at.end, at.start + 1) - lineStart, lineText.length);
  const pad = codePoints(lineText.slice(0, startInLine));
  const carets = Math.max(1, codePoints(lineText.slice(startInLine, endInLine)));
  return [...shown, `  ${' '.repeat(width)} | ${' '.repeat(pad)}${'^'.repeat(carets)}`];
}
