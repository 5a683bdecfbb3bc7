/**
 * Diagnostics: errors are values with codes until the edge that prints them (spec §14).
 *
 * Code ranges: VL1xx lexical, VS2xx syntax, VV3xx validation, VA4xx annotations, VW5xx warnings,
 * VP-X<n> portability. Lines and columns are 1-based, columns in UTF-16 code units, and the end
 * position is exclusive.
 */
import type { Span } from './ast';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offending token text, or `<end of input>`. */
  token: string;
  /** Acceptable tokens or constructs; empty for semantic errors. */
  expected: string[];
  /** One short sentence, or '' when there is nothing useful to add. */
  hint: string;
}

/** Codes produced by the lexer and parser. */
export const Codes = {
  /** Character that cannot start a token. */
  IllegalCharacter: 'VL101',
  UnterminatedString: 'VL102',
  UnterminatedComment: 'VL103',
  /** Integer out of the signed 64-bit range, malformed number. */
  BadNumber: 'VL104',
  /** Malformed duration (`5M`, `1h30m`, unknown unit). */
  BadDuration: 'VL105',
  /** Unexpected token (generic syntax error). */
  UnexpectedToken: 'VS201',
  /** Tokens after a complete statement (C3, D6). */
  TrailingTokens: 'VS202',
  /** Input ends inside a statement. */
  UnexpectedEnd: 'VS203',
  /** Clause out of order or repeated (§4.1). */
  ClauseOrder: 'VS204',
  /** Form the dialect does not support (DROP, derived tables, CROSS JOIN, …). */
  NotSupported: 'VS205',
  /** CREATE … without AS SELECT. */
  MissingAsSelect: 'VS206',
  /** Keyword used as alias or name where keywords are not allowed. */
  ReservedWord: 'VS207',
  /** Bad literal value in a syntactic position (WITH keys, INTERVAL units, window arguments). */
  BadValue: 'VS208',
} as const;

export const END_OF_INPUT = '<end of input>';

export interface DiagnosticInit {
  code: string;
  message: string;
  span: Span;
  token?: string;
  expected?: string[];
  hint?: string;
  severity?: Severity;
}

export function diagnostic(init: DiagnosticInit): Diagnostic {
  return {
    severity: init.severity ?? 'error',
    code: init.code,
    message: init.message,
    line: init.span.start.line,
    column: init.span.start.column,
    endLine: init.span.end.line,
    endColumn: init.span.end.column,
    token: init.token ?? '',
    expected: init.expected ?? [],
    hint: init.hint ?? '',
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by position (stable for equal positions). */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column;
}
