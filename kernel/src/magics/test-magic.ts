/**
 * `%%test` (kernel spec §4.4, harness spec §11): the body runs in-process on seeded synthetic data
 * through the engine's harness (`runCellTests`); the report is a display with text, HTML and
 * `application/vnd.velostream.test+json` v1; any failure then ends the cell with one TestFailure.
 */
import { defaultAnalyzers, renderReport, runCellTests, type TestReport } from '@velostream/engine';
import { escapeMarkup } from '../display/escape';
import { progressDisplays } from '../display/progress-display';
import type { OptionSpec } from '../executor/cell/args';
import { cellError, offsetOf } from '../executor/errors';
import { substitute } from '../executor/cell/params';
import type { MimeBundle } from '../session/executor';
import type { Magic } from './magic';

export const TEST_MIME = 'application/vnd.velostream.test+json';

const OPTIONS: OptionSpec[] = [
  { name: 'records', kind: 'integer', value: 'N', help: 'records per generated input (default %config records)' },
  { name: 'seed', kind: 'integer', value: 'N', help: 'seed (default %config seed)' },
  { name: 'now', kind: 'string', value: 'T', help: 'run clock anchor: ISO 8601 time or epoch ms' },
  { name: 'timeout-ms', kind: 'integer', value: 'N', help: 'per-query timeout' },
  { name: 'spec', kind: 'string', value: 'FILE', help: 'a velo-test spec instead of the cell assertions' },
  { name: 'query', kind: 'string', value: 'NAME', help: 'run only this query of the spec' },
  { name: 'ai', kind: 'flag', help: 'also ask Claude to analyse failures (needs ANTHROPIC_API_KEY; default when %config ai is on)' },
  { name: 'no-ai', kind: 'flag', help: 'rule-based failure analysis only' },
];

export const testMagic: Magic = {
  name: 'test',
  forms: ['cell'],
  usage: '%%test [--records N] [--seed N] [--now T] [--timeout-ms N] [--spec FILE] [--query NAME] [--ai|--no-ai]',
  summary: 'run the body on seeded synthetic data and check its -- @assert: lines',
  help: 'Assertions: `-- @assert: record_count > 0`, `no_nulls(symbol)`, `field_values(price > 0)`, … (harness spec §11); none → record_count > 0, schema_contains and no_nulls on the GROUP BY columns. Sources need a schema: %%schema NAME or -- @data.* hints.',
  options: OPTIONS,
  async run(call, ctx) {
    const { notebook, exec } = ctx;
    const o = call.args.options;
    // Claude analyses failures with --ai or `%config ai on`; only SQL, assertions and synthetic rows are sent.
    const ai = !o['no-ai'] && (o.ai === true || notebook.settings.values.ai === 'on');
    if (ai && !process.env.ANTHROPIC_API_KEY) await exec.output.stream('stderr', 'AI analysis needs ANTHROPIC_API_KEY; showing the rule-based analysis only\n');
    const warnings: string[] = [];
    const nowMs = o.now === undefined ? undefined : parseNow(String(o.now));
    if (nowMs === null) return cellError('MagicError', `%%test: bad --now '${o.now}' (an ISO 8601 time or epoch ms)`, { at: call.at });
    const sql = substitute(call.body, notebook.params).text;
    if (o.spec === undefined) {
      const missing = sourceWithoutSchema(sql, (name) => notebook.schema(name) !== undefined);
      if (missing) {
        const at = call.bodyStart + missing.offset;
        return cellError('SqlValidationError', `no schema for ${missing.name}; define it with %%schema ${missing.name}`, {
          at: { start: at, end: at + missing.name.length },
        });
      }
    }
    const result = await runCellTests(sql, {
      records: (o.records as number | undefined) ?? notebook.settings.values.records,
      seed: (o.seed as number | undefined) ?? notebook.settings.values.seed,
      ...(nowMs !== undefined ? { nowMs } : {}),
      ...(o['timeout-ms'] !== undefined ? { timeoutMs: o['timeout-ms'] as number } : {}),
      ...(o.spec !== undefined ? { spec: String(o.spec) } : {}),
      ...(o.query !== undefined ? { query: String(o.query) } : {}),
      schemas: notebook.schemaNames().map((name) => notebook.schema(name)!),
      analyzers: defaultAnalyzers({ ai, env: { ...process.env, VELOSTREAM_AI_MODEL: notebook.settings.values.ai_model }, warn: (m) => warnings.push(m) }),
      signal: exec.signal,
      progress: progressDisplays(exec.output, () => notebook.nextDisplayId()),
    });
    if (exec.signal.aborted) return cellError('KeyboardInterrupt', 'test cancelled');
    if (!result.ok) {
      const [first, ...rest] = result.errors;
      const lineStart = call.bodyStart + offsetOf(call.body, first.line, 1);
      return cellError('MagicError', `malformed @assert '${first.text}': ${first.message}`, {
        at: { start: lineStart, end: lineStart + (call.body.split('\n')[first.line - 1]?.length ?? 1) },
        ...(first.hint ? { hint: first.hint } : {}),
        details: rest.map((e) => `line ${e.line}: ${e.message}`),
      });
    }
    const { report } = result;
    for (const warning of warnings) await exec.output.stream('stderr', `${warning}\n`);
    await exec.output.displayData(testBundle(report));
    const { total_assertions: total, failed_assertions: failed, errors } = report.summary;
    if (errors > 0) {
      const error = report.queries.find((q) => q.status === 'error');
      return cellError('TestFailure', `${errors} of ${report.summary.total} queries could not run${error?.error ? `: ${error.error}` : ''}`);
    }
    if (failed > 0) return cellError('TestFailure', `${failed} of ${total} assertions failed`);
    if (o.spec === undefined) notebook.pipeline.testPassed({ sql, seed: report.harness.seed, records: (o.records as number | undefined) ?? notebook.settings.values.records, schemas: notebook.schemaNames() });
    return undefined;
  },
};

/**
 * The first FROM/JOIN name with no schema (§4.4): not registered, not produced or named in the body
 * (CREATE/INTO targets, CTEs), and no `@data.*` hints in the body. Offsets are in `sql`, which
 * equals the body wherever no `${}` was substituted before the name.
 */
function sourceWithoutSchema(sql: string, registered: (name: string) => boolean): { name: string; offset: number } | undefined {
  if (/--\s*@data\./i.test(sql)) return undefined;
  const defined = new Set(
    [...sql.matchAll(/\b(?:STREAM|TABLE|INTO|JOB)\s+([A-Za-z_]\w*)|\b([A-Za-z_]\w*)\s+AS\s*\(/gi)].map((m) => (m[1] ?? m[2]).toLowerCase()),
  );
  const code = sql.replace(/--[^\n]*/g, (c) => ' '.repeat(c.length));
  for (const ref of code.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)/gi)) {
    const name = ref[1];
    if (!registered(name) && !defined.has(name.toLowerCase())) return { name, offset: (ref.index ?? 0) + ref[0].length - name.length };
  }
  return undefined;
}

function parseNow(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function status(report: TestReport): 'passed' | 'failed' | 'error' {
  if (report.summary.errors > 0) return 'error';
  return report.summary.failed > 0 || report.summary.failed_assertions > 0 ? 'failed' : 'passed';
}

/** `application/vnd.velostream.test+json` v1 (§4.4) from the harness report. */
export function testJson(report: TestReport): Record<string, unknown> {
  const inputs: Record<string, number> = {};
  for (const q of report.queries) Object.assign(inputs, q.record_counts.inputs);
  const execution = report.queries.reduce((sum, q) => sum + q.performance.execution_time_ms, 0);
  const recordsIn = report.queries.reduce((sum, q) => sum + q.performance.records_in, 0);
  return {
    version: 1,
    status: status(report),
    seed: report.harness.seed,
    inputs,
    queries: report.queries.map((q) => ({
      name: q.name,
      status: q.status,
      ...(q.error ? { error: q.error } : {}),
      assertions: q.assertions.map((a) => ({
        type: a.type,
        passed: a.passed,
        ...(a.skip_reason !== undefined ? { status: 'skipped', skip_reason: a.skip_reason } : {}),
        message: a.message,
        expected: a.expected ?? null,
        actual: a.actual ?? null,
        details: a.details ?? {},
      })),
    })),
    execution_ms: execution,
    generation_ms: Math.max(0, report.duration_ms - execution),
    throughput_rps: execution > 0 ? Math.round((recordsIn * 1000) / execution) : 0,
    peak_memory_bytes: Math.max(0, ...report.queries.map((q) => q.performance.memory_peak_bytes)),
    analysis: report.queries.flatMap((q) => q.analysis.map((a) => ({ query: q.name, ...a }))),
  };
}

/** Text columns read left to right (notebook stylesheets right-align table cells). */
const LEFT = ' style="text-align:left"';

function testBundle(report: TestReport): MimeBundle {
  const rows = report.queries.flatMap((q) =>
    q.assertions.map(
      (a) =>
        `<tr>${[q.name, a.passed ? '✔' : a.skip_reason !== undefined ? '⏭' : '✘', a.type, a.message].map((text) => `<td${LEFT}>${escapeMarkup(text)}</td>`).join('')}</tr>`,
    ),
  );
  const s = report.summary;
  const head = `${status(report)} · ${s.passed_assertions} of ${s.total_assertions} assertions passed · seed ${report.harness.seed}`;
  return {
    'text/plain': renderReport(report, 'text').trimEnd(),
    'text/html': [
      '<div class="velostream-test">',
      `<div class="velostream-summary">${escapeMarkup(head)}</div>`,
      '<table>',
      `<thead><tr>${['query', '', 'assertion', 'result'].map((name) => `<th${LEFT}>${name}</th>`).join('')}</tr></thead>`,
      `<tbody>\n${rows.join('\n')}\n</tbody>`,
      '</table>',
      '</div>',
    ].join('\n'),
    [TEST_MIME]: testJson(report),
  };
}
