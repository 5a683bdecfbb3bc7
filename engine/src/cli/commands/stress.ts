/**
 * `velo-test stress <sql>` (harness spec §10.4): a volume run — `--records` per generated input
 * (spec or generated spec), in process — reporting per source generation time and bytes, per
 * query processing time and rate, and process memory. Exit 1 only on errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { formatDiagnostic } from '../../harness/generator/diagnostics';
import { createGenerator } from '../../harness/generator/generator';
import { encodeWireJson } from '../../harness/generator/wire';
import { specForApp } from '../../harness/run/app-spec';
import { discoverSchemasDir, resolveSqlPath } from '../../harness/run/discovery';
import { schemaForInput } from '../../harness/run/inputs';
import { runTests } from '../../harness/run/run-tests';
import { buildSchemaRegistry } from '../../harness/run/schemas';
import { loadAppModel } from '../../harness/run/app-model';
import { integerFlag, parseFormat } from './test';

const usage = `Usage: velo-test stress <sql> [-s SPEC] [--records N] [--duration S] [-o text|json] [--seed N] [-y]

Volume run: generates --records (default 100000) per input and reports throughput and memory.
`;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export const command: Command = {
  name: 'stress',
  summary: 'volume run with throughput and memory figures',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { flags, positionals } = parseArgs(argv, { values: ['spec', 'records', 'duration', 'output', 'seed'], booleans: ['yes', 'verbose', 'no-progress'], aliases: { '-s': '--spec', '-o': '--output', '-y': '--yes', '-v': '--verbose' } });
    if (positionals.length !== 1) throw new UsageError('expected one SQL file');
    const format = parseFormat(flags.get('output'), ['text', 'json']);
    const sqlFile = resolveSqlPath(positionals[0], io.cwd);
    if (!fs.existsSync(sqlFile)) {
      io.stderr.write(`error: ${positionals[0]}: SQL file not found\n`);
      return 1;
    }
    const records = integerFlag(flags, 'records') ?? 100_000;
    const durationMs = (integerFlag(flags, 'duration') ?? 60) * 1000;
    const seed = integerFlag(flags, 'seed');
    const schemasDir = discoverSchemasDir(sqlFile) ?? null;
    const resolved = specForApp(sqlFile, schemasDir, typeof flags.get('spec') === 'string' ? path.resolve(io.cwd, flags.get('spec') as string) : undefined);
    if (!resolved.ok) {
      for (const d of resolved.diagnostics.filter((x) => x.severity === 'error')) io.stderr.write(formatDiagnostic(d) + '\n');
      return 1;
    }
    // Generation on its own first: time, rate and serialized bytes per source.
    const text = fs.readFileSync(sqlFile, 'utf8');
    const registry = buildSchemaRegistry(loadAppModel(sqlFile, text), text, schemasDir, resolved.spec);
    const specDir = resolved.spec.file ? path.dirname(resolved.spec.file) : path.dirname(sqlFile);
    const sources: Record<string, { records: number; generation_ms: number; records_per_second: number; bytes: number; bytes_per_second: number }> = {};
    for (const q of resolved.spec.queries) {
      for (const input of q.inputs) {
        const schema = schemaForInput(input, { registry, specDir });
        if (!schema || sources[input.source]) continue;
        const started = performance.now();
        const { generator } = createGenerator(schema, { records, ...(seed !== undefined ? { seed } : {}), query: q.name, source: input.source });
        let bytes = 0;
        let n = 0;
        while (generator && performance.now() - started < durationMs) {
          const batch = generator.nextFields(10_000);
          if (batch.length === 0) break;
          for (const r of batch) bytes += encodeWireJson(r).length;
          n += batch.length;
        }
        const ms = performance.now() - started;
        sources[input.source] = { records: n, generation_ms: Math.round(ms), records_per_second: Math.round(n / (ms / 1000)), bytes, bytes_per_second: Math.round(bytes / (ms / 1000)) };
      }
    }
    const memoryStart = process.memoryUsage.rss();
    const report = await runTests({ sqlFile, spec: resolved.spec, schemasDir, records, timeoutMs: durationMs, ...(seed !== undefined ? { seed } : {}), cwd: io.cwd });
    const memoryFinal = process.memoryUsage.rss();
    const memoryPeak = Math.max(memoryFinal, ...report.queries.map((q) => q.performance.memory_peak_bytes));
    const queries = Object.fromEntries(report.queries.map((q) => [q.name, { status: q.status, processing_ms: q.performance.execution_time_ms, records_in: q.performance.records_in, records_per_second: q.performance.records_per_second, ...(q.error ? { error: q.error } : {}) }]));
    const result = { application: report.application, records_per_input: records, sources, queries, memory: { start_bytes: memoryStart, peak_bytes: memoryPeak, final_bytes: memoryFinal, growth_bytes: memoryFinal - memoryStart } };
    if (format === 'json') io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else {
      const lines = [`🔥 Stress run: ${report.application} (${records} records per input)`, '', 'Generation:'];
      for (const [name, s] of Object.entries(sources)) lines.push(`   ${name}: ${s.records} records in ${s.generation_ms}ms (${s.records_per_second.toLocaleString('en-US')} records/s, ${mb(s.bytes)}, ${mb(s.bytes_per_second)}/s)`);
      lines.push('', 'Processing:');
      for (const [name, q] of Object.entries(queries)) lines.push(`   ${name}: ${q.status}, ${q.records_in} records in ${q.processing_ms}ms (${Math.round(q.records_per_second).toLocaleString('en-US')} records/s)${'error' in q ? ` — ${q.error}` : ''}`);
      lines.push('', `Memory: start ${mb(memoryStart)}, peak ${mb(memoryPeak)}, final ${mb(memoryFinal)}, growth ${mb(memoryFinal - memoryStart)}`);
      io.stdout.write(lines.join('\n') + '\n');
    }
    return report.summary.errors > 0 ? 1 : 0;
  },
};
