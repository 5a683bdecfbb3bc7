#!/usr/bin/env node
/**
 * Harness benchmark (harness spec §13): the §14 worked example — trades schema, tumbling
 * GROUP BY, four assertions — run end to end in process (generate, publish, process, capture,
 * assert) with 100 000 and 1 000 000 records, beside the bare generator on the same schema.
 * Prints one JSON line per workload: CPU ms (process.cpuUsage, after a warm-up), wall ms, the
 * target and the ratio to it, and the ratio to generating the same records alone.
 * A benchmark, not a test: `node bench/harness.js [--only 100k|1m]` after `npx tsc -b engine`.
 */
'use strict';
const path = require('path');
const { performance } = require('perf_hooks');
const engine = require('../dist/index.js');

const FIXTURE = path.join(__dirname, '..', 'test', 'fixtures', 'trade_stats');
const WORKLOADS = [
  { name: 'end_to_end_100k', records: 100_000, targetCpuMs: 1_000 },
  { name: 'end_to_end_1m', records: 1_000_000, targetCpuMs: 10_000 },
];

const cpuMs = (start) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
};

async function endToEnd(records) {
  const { spec } = engine.loadSpec(path.join(FIXTURE, 'trade_stats.test.yaml'));
  const report = await engine.runTests({ sqlFile: path.join(FIXTURE, 'trade_stats.sql'), spec, schemasDir: path.join(FIXTURE, 'schemas'), records, timeoutMs: 600_000 });
  if (report.summary.passed !== 1) throw new Error(`the run did not pass: ${JSON.stringify(report.queries[0].assertions)}`);
  return report;
}

function bareGenerator(records) {
  const dir = engine.loadSchemaDirectory(path.join(FIXTURE, 'schemas'));
  const schema = dir.schemas.get('trades');
  const sim = { start: engine.parseTimeSpec('-10m'), end: engine.parseTimeSpec('now'), sequential: true };
  const { generator } = engine.createGenerator(schema, { records, seed: 7, timeSimulation: sim });
  while (generator.nextRecords(10_000).length > 0);
}

async function measure(fn) {
  global.gc?.();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await fn();
  return { cpuMs: cpuMs(cpu), wallMs: performance.now() - wall, result };
}

(async () => {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  await endToEnd(5_000); // warm-up: JIT the generator, the pipeline and the assertions
  bareGenerator(5_000);
  for (const w of WORKLOADS) {
    if (only && !w.name.endsWith(only)) continue;
    const gen = await measure(() => bareGenerator(w.records));
    const run = await measure(() => endToEnd(w.records));
    const q = run.result.queries[0];
    console.log(
      JSON.stringify({
        workload: w.name,
        records: w.records,
        cpuMs: Math.round(run.cpuMs),
        wallMs: Math.round(run.wallMs),
        targetCpuMs: w.targetCpuMs,
        ratioToTarget: Number((run.cpuMs / w.targetCpuMs).toFixed(2)),
        processingMs: q.performance.execution_time_ms,
        outputRecords: Object.values(q.record_counts.outputs)[0],
        bareGeneratorCpuMs: Math.round(gen.cpuMs),
        ratioToBareGenerator: Number((run.cpuMs / gen.cpuMs).toFixed(1)),
        peakRssMb: Math.round(q.performance.memory_peak_bytes / 2 ** 20),
      }),
    );
  }
})().catch((e) => {
  console.error(e.message);
  process.exitCode = 1;
});
