/**
 * JUnit XML (harness spec §8.3): one `<testsuite>` per spec query, one `<testcase>` per
 * assertion (`<type>[<k>]`); an errored query has one `execution` testcase, a skipped one a
 * `skipped` testcase. Analysis lines are appended to failure bodies.
 */
import { renderFinding } from './text';
import { assertionOutcome, type QueryReport, type TestReport } from './types';

/** Escapes `& < > " '` and drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    // XML 1.0 forbids most control characters; tab, LF and CR are the allowed ones.
    // eslint-disable-next-line no-control-regex
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The `<testsuite>` elements of one report; `prefix` names suites `<app>/<query>` for run-all. */
export function junitSuites(report: TestReport, prefix = ''): string[] {
  return report.queries.map((q) => suite(report, q, prefix));
}

export function renderJunit(report: TestReport): string {
  return document(report.application, [report], junitSuites(report), report.duration_ms);
}

export function document(name: string, reports: readonly TestReport[], suites: string[], durationMs: number): string {
  const total = (f: (q: QueryReport) => number) => reports.reduce((s, r) => s + r.queries.reduce((t, q) => t + f(q), 0), 0);
  const tests = total((q) => testCount(q));
  const failures = total((q) => failureCount(q));
  const errors = total((q) => (q.status === 'error' ? 1 : 0));
  const skipped = total((q) => skippedCount(q));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function failureCount(q: QueryReport): number {
  return q.status === 'skipped' ? 0 : q.assertions.filter((a) => assertionOutcome(a) === 'failed').length;
}

/** A skipped query counts once; otherwise each assertion that could not check anything. */
function skippedCount(q: QueryReport): number {
  return q.status === 'skipped' ? 1 : q.assertions.filter((a) => assertionOutcome(a) === 'skipped').length;
}

function testCount(q: QueryReport): number {
  if (q.status === 'skipped') return 1;
  if (q.status === 'error') return 1 + q.assertions.length;
  return q.assertions.length;
}

function suite(report: TestReport, q: QueryReport, prefix: string): string {
  const app = xmlEscape(report.application);
  const classname = `${app}.${xmlEscape(q.name)}`;
  const timestamp = report.start_time.replace(/\.\d+Z$|Z$/, '');
  const lines = [
    `  <testsuite name="${xmlEscape(prefix + q.name)}" tests="${testCount(q)}" failures="${failureCount(q)}" errors="${q.status === 'error' ? 1 : 0}" skipped="${skippedCount(q)}" time="${seconds(q.duration_ms)}" timestamp="${timestamp}">`,
    `    <properties><property name="seed" value="${report.harness.seed}"/><property name="mode" value="${report.harness.mode}"/></properties>`,
  ];
  if (q.status === 'skipped') {
    lines.push(`    <testcase name="skipped" classname="${classname}" time="0.000">`, `      <skipped message="${xmlEscape(q.skip_reason ?? 'skipped')}"/>`, '    </testcase>');
  } else {
    if (q.status === 'error') {
      const message = xmlEscape(q.error ?? 'error');
      lines.push(`    <testcase name="execution" classname="${classname}" time="${seconds(q.duration_ms)}">`, `      <error type="execution" message="${message}">${message}</error>`, '    </testcase>');
    }
    q.assertions.forEach((a, i) => {
      const name = `${xmlEscape(a.type)}[${i + 1}]`;
      const outcome = assertionOutcome(a);
      if (outcome === 'passed') {
        lines.push(`    <testcase name="${name}" classname="${classname}" time="0.000"/>`);
        return;
      }
      if (outcome === 'skipped') {
        lines.push(`    <testcase name="${name}" classname="${classname}" time="0.000">`, `      <skipped message="${xmlEscape(a.skip_reason ?? a.message)}"/>`, '    </testcase>');
        return;
      }
      const body = [`Expected: ${a.expected ?? ''}`, `Actual: ${a.actual ?? ''}`, ...q.analysis.filter((f) => f.assertion_index === i).flatMap((f) => renderFinding(f, ''))].join('\n');
      lines.push(
        `    <testcase name="${name}" classname="${classname}" time="0.000">`,
        `      <failure type="${xmlEscape(a.type)}" message="${xmlEscape(a.message)}">${xmlEscape(body)}</failure>`,
        '    </testcase>',
      );
    });
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}
