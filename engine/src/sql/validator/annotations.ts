/**
 * Annotation checks (dialect spec §13): the annotation model's own findings, column names in
 * ★ annotations and metrics against the statement's output schema when it is known, and the
 * basic shape of `@data.*` hints through the generator's hint grammar.
 */
import type * as A from '../ast';
import { readAnnotations, type StatementAnnotations } from '../annotationModel';
import { V } from './codes';
import type { Reporter } from './context';
import type { ValidationRegistry } from './registry';
import type { Columns } from './schema';
import { didYouMean } from './suggest';
import { mainSelect, sourcesOf, sourceName, statementQuery } from '../walk';

export function checkAnnotations(parsed: A.ParseResult, outputs: ReadonlyMap<number, Columns>, registry: ValidationRegistry, reporter: Reporter): void {
  const model = readAnnotations(parsed);
  reporter.diagnostics.push(...model.diagnostics);
  for (const statement of model.statements) {
    const columns = outputs.get(statement.index);
    if (columns) checkColumns(statement, columns, reporter);
  }
  if (registry.checkDataHints) checkDataHints(parsed, registry.checkDataHints, reporter);
}

function checkColumns(s: StatementAnnotations, columns: readonly string[], reporter: Reporter): void {
  const known = new Set(columns);
  const check = (name: string | undefined, where: string, span: A.Span, info = V.UnknownAnnotationColumn) => {
    if (name === undefined || known.has(name)) return;
    reporter.report(info, {
      message: `unknown column '${name}' in ${where}`,
      span,
      token: name,
      hint: didYouMean(name, columns, `the output columns are: ${columns.join(', ')}`),
    });
  };
  for (const alert of s.alerts) {
    for (const c of alert.condition.columns) check(c, '@alert', alert.span);
    for (const m of (alert.summary ?? '').matchAll(/\{(\w+)\}/g)) check(m[1], '@alert_summary', alert.span);
  }
  for (const viz of s.viz) for (const c of [viz.x, ...viz.y, viz.series]) check(c, '@viz', viz.span);
  for (const a of s.asserts) for (const c of a.columns) check(c, '@assert', a.span);
  for (const metric of s.metrics) {
    // Dotted labels reach into Map/Struct fields: only the top-level column must exist.
    for (const c of [metric.field, ...metric.labels]) check(c?.split('.')[0], `@metric ${metric.name}`, metric.span, V.UnknownMetricColumn);
  }
}

/** `@data.*` lines go through the generator's hint grammar, placed at their own lines. */
function checkDataHints(parsed: A.ParseResult, check: NonNullable<ValidationRegistry['checkDataHints']>, reporter: Reporter): void {
  const hintComments = parsed.comments.filter((c) => c.style === 'line' && /^--\s*@data\./i.test(c.text));
  if (hintComments.length === 0) return;
  const lines: string[] = [];
  for (const c of hintComments) lines[c.span.start.line - 1] = ' '.repeat(c.span.start.column - 1) + c.text;
  const text = Array.from(lines, (l) => l ?? '').join('\n');
  for (const d of check(text, firstSource(parsed))) {
    const start = { line: Math.max(d.line, 1), column: Math.max(d.column, 1), offset: 0 };
    reporter.report(V.DataHint, {
      message: d.message,
      hint: d.hint,
      severity: d.severity,
      span: { start, end: { ...start, column: start.column + 1 } },
      token: '@data',
    });
  }
}

function firstSource(parsed: A.ParseResult): string | undefined {
  for (const statement of parsed.statements) {
    const q = statementQuery(statement);
    const from = q && sourcesOf(mainSelect(q.query))[0];
    if (from) return sourceName(from);
  }
  return undefined;
}
