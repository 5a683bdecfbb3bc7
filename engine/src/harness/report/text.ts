/**
 * The text report (harness spec §8.1, layout of §14): summary, one block per query with its
 * records line, timing, assertions (✅/❌ with Expected/Actual) and analysis lines under
 * failures, warnings, and the closing `N passed, N failed` line.
 */
import { assertionOutcome, type AnalysisFinding, type AssertionReport, type QueryReport, type TestReport } from './types';

export const HEAVY_RULE = '═'.repeat(40);
export const LIGHT_RULE = '─'.repeat(41);

const STATUS_ICON: Record<QueryReport['status'], string> = { passed: '✅', failed: '❌', error: '💥', skipped: '⏭️' };

export function renderText(report: TestReport): string {
  const s = report.summary;
  const lines = [
    '🧪 Velostream SQL Test Report',
    HEAVY_RULE,
    `Application: ${report.application}`,
    `Run ID: ${report.run_id}`,
    `Duration: ${report.duration_ms}ms`,
    '',
    '📊 Summary',
    LIGHT_RULE,
    `Queries: ${s.total} total, ${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.skipped} skipped`,
    `Assertions: ${s.total_assertions} total, ${s.passed_assertions} passed, ${s.failed_assertions} failed${s.skipped_assertions ? `, ${s.skipped_assertions} skipped` : ''}`,
    '',
    '📋 Query Results',
    LIGHT_RULE,
  ];
  for (const q of report.queries) lines.push('', ...renderQuery(q));
  if (report.warnings.length > 0) {
    lines.push('', `⚠️  Warnings (${report.warnings.length})`);
    for (const w of report.warnings) {
      const where = w.file ? `${w.file}${w.line ? `:${w.line}${w.column ? `:${w.column}` : ''}` : ''}: ` : '';
      lines.push(`   ${where}${w.message}`);
    }
  }
  lines.push('');
  if (s.failed === 0 && s.errors === 0) lines.push('🎉 ALL TESTS PASSED!');
  else lines.push(`❌ ${s.failed} failures, ${s.errors} errors`);
  lines.push(closingLine(report));
  return lines.join('\n') + '\n';
}

/** `<P> passed, <F> failed` over assertions, then non-zero query errors and skips. */
export function closingLine(report: TestReport): string {
  const s = report.summary;
  let line = `${s.passed_assertions} passed, ${s.failed_assertions} failed`;
  if (s.errors > 0) line += `, ${s.errors} errors`;
  if (s.skipped > 0) line += `, ${s.skipped} skipped`;
  return line;
}

function renderQuery(q: QueryReport): string[] {
  const lines = [`${STATUS_ICON[q.status]} ${q.name} (${q.duration_ms}ms)`];
  if (q.error) lines.push(`   ERROR: ${q.error}`);
  if (q.skip_reason) lines.push(`   Skipped: ${q.skip_reason}`);
  if (q.status === 'skipped') return lines;
  const ins = Object.entries(q.record_counts.inputs).map(([k, n]) => `${k}: ${n}`);
  const outs = Object.entries(q.record_counts.outputs).map(([k, n]) => `${k}: ${n}`);
  lines.push(`   Records: in ${ins.join(', ') || '-'} | out ${outs.join(', ') || '-'}`);
  const p = q.performance;
  lines.push(`   Timing: ${p.execution_time_ms}ms processing, ${Math.round(p.records_per_second).toLocaleString('en-US')} records/s`);
  q.assertions.forEach((a, i) => {
    lines.push(...renderAssertion(a));
    if (assertionOutcome(a) === 'failed') for (const f of q.analysis.filter((x) => x.assertion_index === i)) lines.push(...renderFinding(f));
  });
  const general = q.analysis.filter((f) => f.assertion_index === undefined);
  for (const f of general) lines.push(...renderFinding(f));
  return lines;
}

export function renderAssertion(a: AssertionReport, indent = '   '): string[] {
  const outcome = assertionOutcome(a);
  if (outcome === 'skipped') return [`${indent}⏭️ ${a.type}: skipped: ${a.skip_reason}`];
  const lines = [`${indent}${outcome === 'passed' ? '✅' : '❌'} ${a.type}: ${a.message}`];
  if (outcome === 'failed') {
    if (a.expected !== undefined) lines.push(`${indent}   Expected: ${a.expected}`);
    if (a.actual !== undefined) lines.push(`${indent}   Actual:   ${a.actual}`);
    for (const [k, v] of Object.entries(a.details ?? {})) lines.push(`${indent}   ${k}: ${v}`);
  }
  return lines;
}

export function renderFinding(f: AnalysisFinding, indent = '      '): string[] {
  if (f.source === 'claude') {
    const lines = [`${indent}🤖 Claude (${f.confidence ?? '?'}%): ${f.summary}`];
    for (const e of f.evidence) lines.push(`${indent}   ${e}`);
    if (f.suggestion) lines.push(...f.suggestion.split('\n').map((l) => `${indent}   ${l}`));
    return lines;
  }
  return [`${indent}💡 ${f.rule}: ${f.summary}`, ...f.evidence.map((e) => `${indent}   ${e}`), `${indent}   Fix: ${f.suggestion}`];
}
