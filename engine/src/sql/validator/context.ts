/**
 * What every rule family shares: the diagnostics being collected and the statement under check.
 */
import type { Span, Statement } from '../ast';
import { Diagnostic, diagnostic, Severity } from '../diagnostics';
import type { CodeInfo } from './codes';

export interface Finding {
  message: string;
  span: Span;
  hint?: string;
  /** Offending text; defaults to the statement text under `span`. */
  token?: string;
  expected?: string[];
  /** Overrides the code's default severity (property checks report theirs). */
  severity?: Severity;
}

export class Reporter {
  constructor(
    readonly diagnostics: Diagnostic[] = [],
    private readonly statement?: Statement,
  ) {}

  /** A reporter that slices tokens out of `statement`'s text, adding to the same list. */
  forStatement(statement: Statement): Reporter {
    return new Reporter(this.diagnostics, statement);
  }

  report(info: CodeInfo | string, finding: Finding): void {
    const code = typeof info === 'string' ? info : info.code;
    const severity = finding.severity ?? (typeof info === 'string' ? 'error' : info.severity);
    this.diagnostics.push(
      diagnostic({
        code,
        severity,
        message: finding.message,
        span: finding.span,
        token: finding.token ?? this.textAt(finding.span),
        expected: finding.expected,
        hint: finding.hint,
      }),
    );
  }

  private textAt(span: Span): string {
    const statement = this.statement;
    if (!statement) return '';
    const from = span.start.offset - statement.span.start.offset;
    const to = span.end.offset - statement.span.start.offset;
    if (from < 0 || to > statement.text.length || to < from) return '';
    return statement.text.slice(from, to);
  }
}
