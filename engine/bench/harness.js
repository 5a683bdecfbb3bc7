#!/usr/bin/env node
/**
 * Harness benchmark (harness spec §13): the §14 worked example — trades schema, tumbling
 * GROUP BY, four assertions — run end to end in process (generate, publish, process, capture,
 * assert) with 100 000 and 1 000 000 records, beside the bare generator on the same schema.
 * A benchmark, not a test: `npm run bench -w engine -- harness [--only 100k|1m] [--runs N]`
 * (or `node bench/harness.js …`) after `npx tsc -b engine`.
 *
 * Each workload runs in its own process (so peak RSS is that workload's), warms up, then
 * measures N runs (default 3) of the bare generator and of the end-to-end test; CPU time is
 * process.cpuUsage() over a run (the median is reported). Prints one JSON line per workload: CPU
 * and wall ms, the target and the ratio to it, the ratio to the bare generator, the query's
 * execution time, the peak RSS sampled by the harness and the process's peak RSS.
 */
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');
const { parseArgs: nodeParseArgs } = require('util');
const { performance } = require('perf_hooks');

const FIXTURE = path.join(__dirname, '..', 'test', 'fixtures', 'trade_stats');
const WORKLOADS = [
  { name: 'end_to_end_100k', records: 100_000, targetCpuMs: 1_000 },
  { name: 'end_to_end_1m', records: 1_000_000, targetCpuMs: 10_000 },
];
const WARM_UP_RECORDS = 5_000;

/** Options through `node:util` parseArgs (strict: unknown flags and missing values are errors). */
function parseArgs(argv) {
  const { values } = nodeParseArgs({ args: argv, options: { only: { type: 'string' }, runs: { type: 'string' }, leg: { type: 'string' } } });
  const options = { only: values.only ?? null, runs: values.runs === undefined ? 3 : Math.max(1, Number(values.runs) || 1), leg: values.leg ?? null };
  if (options.only && !WORKLOADS.some((w) => w.name.endsWith(options.only))) throw new Error(`--only: 100k or 1m, got ${options.only}`);
  return options;
}

// ------------------------------------------------------------------------------ one workload

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(fn) {
  global.gc?.();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall, result };
}

async function leg(workload, runs) {
  const engine = require('../dist/index.js');
  const endToEnd = async (records) => {
    const { spec } = engine.loadSpec(path.join(FIXTURE, 'trade_stats.test.yaml'));
    const report = await engine.runTests({ sqlFile: path.join(FIXTURE, 'trade_stats.sql'), spec, schemasDir: path.join(FIXTURE, 'schemas'), records, timeoutMs: 600_000 });
    if (report.summary.passed !== 1) throw new Error(`the run did not pass: ${JSON.stringify(report.queries[0])}`);
    return report.queries[0];
  };
  const bareGenerator = (records) => {
    const schema = engine.loadSchemaDirectory(path.join(FIXTURE, 'schemas')).schemas.get('trades');
    const sim = { start: engine.parseTimeSpec('-10m'), end: engine.parseTimeSpec('now'), sequential: true };
    const { generator } = engine.createGenerator(schema, { records, seed: 7, timeSimulation: sim });
    while (generator.nextRecords(10_000).length > 0);
  };

  await endToEnd(WARM_UP_RECORDS); // JIT the generator, the pipeline and the assertions
  bareGenerator(WARM_UP_RECORDS);
  const gen = [];
  const run = [];
  for (let i = 0; i < runs; i++) gen.push(await measure(() => bareGenerator(workload.records)));
  for (let i = 0; i < runs; i++) run.push(await measure(() => endToEnd(workload.records)));
  const cpuMs = median(run.map((r) => r.cpuMs));
  const genCpuMs = median(gen.map((g) => g.cpuMs));
  const query = run[run.length - 1].result;
  return {
    workload: workload.name,
    records: workload.records,
    runs,
    cpuMs: Math.round(cpuMs),
    wallMs: Math.round(median(run.map((r) => r.wallMs))),
    targetCpuMs: workload.targetCpuMs,
    ratioToTarget: Number((cpuMs / workload.targetCpuMs).toFixed(2)),
    met: cpuMs < workload.targetCpuMs,
    bareGeneratorCpuMs: Math.round(genCpuMs),
    ratioToBareGenerator: Number((cpuMs / genCpuMs).toFixed(1)),
    executionMs: query.performance.execution_time_ms,
    outputRecords: Object.values(query.record_counts.outputs)[0],
    harnessPeakRssMb: Math.round(query.performance.memory_peak_bytes / 2 ** 20),
    processPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

// ------------------------------------------------------------------------------ driver

function runLeg(workload, runs) {
  const child = spawnSync(process.execPath, ['--expose-gc', __filename, '--leg', workload.name, '--runs', String(runs)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`${workload.name} failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.leg) {
    const workload = WORKLOADS.find((w) => w.name === options.leg);
    process.stdout.write(JSON.stringify(await leg(workload, options.runs)) + '\n');
    return;
  }
  const lines = [];
  for (const w of WORKLOADS.filter((x) => !options.only || x.name.endsWith(options.only))) {
    process.stderr.write(`${w.name} (${options.runs} runs) …\n`);
    const line = runLeg(w, options.runs);
    process.stdout.write(JSON.stringify(line) + '\n');
    lines.push(line);
  }
  for (const l of lines) {
    process.stderr.write(
      `${l.workload}: ${l.cpuMs} ms CPU (target < ${l.targetCpuMs}: ${l.met ? 'met' : 'MISSED'}), ${l.wallMs} ms wall, ` +
        `${l.ratioToBareGenerator}x the bare generator (${l.bareGeneratorCpuMs} ms), peak RSS ${l.processPeakRssMb} MB\n`,
    );
  }
}

main().catch((e) => {
  process.stderr.write(`bench harness: ${e.message}\n`);
  process.exitCode = 2;
});
