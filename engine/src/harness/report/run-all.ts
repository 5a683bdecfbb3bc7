/** Multi-app reports of `run-all` (harness spec §8.4): a table in text, JSON, or one JUnit document. */
import type { RunAllReport } from '../run/run-all';
import { document, junitSuites } from './junit';
import type { ReportFormat } from './render';

export function renderRunAll(report: RunAllReport, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'junit') {
    const reports = report.apps.flatMap((a) => (a.report ? [a.report] : []));
    const suites = report.apps.flatMap((a) => (a.report ? junitSuites(a.report, `${a.name}/`) : []));
    return document(report.title, reports, suites, report.duration_secs * 1000);
  }
  const s = report.summary;
  const row = (app: string, queries: string, assertions: string, duration: string, status: string) =>
    `${app.padEnd(25)} ${queries.padStart(9)} ${assertions.padStart(11)} ${duration.padStart(9)}  ${status}`;
  const lines = ['═'.repeat(64), report.title, '═'.repeat(64), row('App', 'Queries', 'Assertions', 'Duration', 'Status'), '─'.repeat(64)];
  for (const a of report.apps) {
    lines.push(row(a.name.length > 25 ? `…${a.name.slice(-24)}` : a.name, `${a.queries_passed}/${a.queries_total}`, `${a.assertions_passed}/${a.assertions_total}`, `${a.duration_secs.toFixed(1)}s`, a.passed ? '✅' : '❌'));
    if (a.error) lines.push(...a.error.split('\n').map((l) => `   ${l}`));
  }
  lines.push('─'.repeat(64), row('Total', `${s.queries_passed}/${s.queries_total}`, `${s.assertions_passed}/${s.assertions_total}`, `${report.duration_secs.toFixed(1)}s`, s.apps_failed === 0 ? '✅' : '❌'), '');
  lines.push(s.apps_failed === 0 ? '🎉 ALL TESTS PASSED!' : `❌ ${s.apps_failed} APP(S) FAILED`);
  lines.push(`${s.assertions_passed} passed, ${s.assertions_total - s.assertions_passed} failed`);
  return lines.join('\n') + '\n';
}
