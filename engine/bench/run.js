#!/usr/bin/env node
/**
 * Engine benchmark suite: our streaming runtime beside DuckDB on the same seeded data, in the
 * same run. `npm run bench -w engine` (after `npx tsc -b engine`). Not a test: never in `npm test`.
 *
 *   node bench/run.js [--rows N] [--w12-rows N] [--keys N] [--only W4,W12] [--paths memory,csv]
 *                     [--engines ours,rows,duckdb] [--warmup N] [--runs N] [--seed N] [--data-dir DIR]
 *                     [--check | --check-only] [--profile DIR]
 *   node bench/run.js --list      # the workloads with both SQL texts, as Markdown
 *
 * Prints one JSON line per workload on stdout (records/s, CPU and wall time, peak RSS, bytes per
 * key of state, the ratio to DuckDB, targets, --check result) and a summary table on stderr.
 * `--check` runs both of our paths (CSV file source and injected batches) and compares every
 * column either engine produces with DuckDB's rows.
 * Each measurement runs in its own child process (bench/lib/leg.js), one after another.
 *
 * `rows` is our runtime with every operator record at a time (`execution: 'rows'`), so each
 * line also shows what the columnar batch path gains (`vsRows`, ours / rows) in the same run.
 *
 * Two paths per engine: `memory` — input decoded beforehand (ours: injected batches of the
 * engine's own CSV decoder; DuckDB: a loaded table), so the figure is query processing alone;
 * `csv` — the query reads the CSV file (ours: file_source connector; DuckDB: read_csv).
 * Rates use CPU time (one core); `recPerSecWall` is beside it. `--profile DIR` writes a V8 CPU
 * profile of the measured run of each of our legs into DIR (summarise with bench/profile-top.js).
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { parseArgs: nodeParseArgs } = require('util');
const { ensureData } = require('./lib/data');
const { WORKLOADS } = require('./lib/workloads');

const LEG_SCRIPT = path.join(__dirname, 'lib', 'leg.js');
/** Every leg can force a GC (the state probe); V8's heap limits stay at their defaults. */
const LEG_NODE_FLAGS = ['--expose-gc'];

/** Options through `node:util` parseArgs (strict: unknown flags and missing values are errors). */
function parseArgs(argv) {
  const str = { type: 'string' };
  const { values } = nodeParseArgs({
    args: argv,
    options: {
      rows: str, 'w12-rows': str, keys: str, only: str, paths: str, engines: str, warmup: str, runs: str, seed: str,
      'data-dir': str, profile: str, check: { type: 'boolean' }, 'check-only': { type: 'boolean' }, list: { type: 'boolean' },
    },
  });
  const count = (name, fallback) => {
    if (values[name] === undefined) return fallback;
    const n = Number(values[name]);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, got ${values[name]}`);
    return n;
  };
  const list = (name, fallback) => (values[name] === undefined ? fallback : values[name].split(',').map((s) => s.trim()));
  const options = {
    rows: count('rows', 1_000_000),
    w12Rows: count('w12-rows', null),
    keys: count('keys', null),
    only: list('only', null)?.map((s) => s.toUpperCase()) ?? null,
    paths: list('paths', ['memory', 'csv']),
    engines: list('engines', ['ours', 'rows', 'duckdb']),
    warmup: count('warmup', 1),
    runs: Math.max(1, count('runs', 3)),
    seed: count('seed', 42),
    dataDir: values['data-dir'] === undefined ? null : path.resolve(values['data-dir']),
    check: Boolean(values.check || values['check-only']),
    timing: !values['check-only'],
    profileDir: values.profile === undefined ? null : path.resolve(values.profile),
    list: Boolean(values.list),
  };
  options.w12Rows ??= options.rows * 10;
  options.keys ??= Math.min(options.rows, 1_000_000);
  for (const p of options.paths) if (!['memory', 'csv'].includes(p)) throw new Error(`--paths: memory or csv, got ${p}`);
  for (const e of options.engines) if (!['ours', 'rows', 'duckdb'].includes(e)) throw new Error(`--engines: ours, rows or duckdb, got ${e}`);
  if (options.only) for (const id of options.only) if (!WORKLOADS.some((w) => w.id === id)) throw new Error(`--only: no workload ${id}`);
  return options;
}

function machine() {
  let nproc;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    nproc = os.cpus().length;
  }
  return { nproc, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}` };
}

function runLeg(job) {
  const stdout = execFileSync(process.execPath, [...LEG_NODE_FLAGS, LEG_SCRIPT, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  const last = stdout.trim().split('\n').pop();
  return JSON.parse(last);
}

const perSecond = (count, ms) => (ms > 0 ? Math.round(count / (ms / 1000)) : null);

/** Adds rates to a timing leg: input rows or output rows per CPU second (and per wall second). */
function withRates(leg, counted) {
  if (leg.status !== 'ok') return leg;
  const n = counted === 'output' ? leg.outputRows : leg.inputRows;
  return { ...leg, recPerSec: perSecond(n, leg.cpuMs), recPerSecMedian: perSecond(n, leg.cpuMsMedian), recPerSecWall: perSecond(n, leg.wallMs) };
}

function targetsOf(workload, line, paths) {
  const { target } = workload;
  const results = [];
  const add = (what, label, path, measured, met) =>
    results.push({ what, label, ...(path ? { path } : {}), measured, met: measured === null || measured === undefined ? null : met });
  for (const p of paths) {
    const leg = line.ours[p];
    const rate = target.recordsPerSecond;
    if (rate) add(`>= ${rate} ${workload.rate === 'output' ? 'output rows' : 'records'}/s`, `${short(rate)}/s`, p, leg?.recPerSec, leg?.recPerSec >= rate);
    const ratio = target.duckdbRatio?.[p];
    if (ratio) add(`>= ${ratio} x DuckDB`, `${ratio}x`, p, line.ratio[p], line.ratio[p] >= ratio);
  }
  if (target.bytesPerKey) {
    const bytes = line.ours.memory?.state?.bytesPerKey;
    add(`<= ${target.bytesPerKey} bytes/key of state`, `${target.bytesPerKey}B/key`, null, bytes, bytes <= target.bytesPerKey);
  }
  if (target.exact) add('bit-exact vs DuckDB (--check)', 'exact', null, line.check?.result, line.check?.result === 'pass');
  return results;
}

function benchmarkWorkload(workload, options, files, about) {
  const inputRows = workload.rowsFactor ? options.w12Rows : options.rows;
  const line = { benchmark: 'engine', workload: workload.id, title: workload.title, status: 'ok', inputRows, rate: workload.rate, ours: {}, rows: {}, duckdb: {}, ratio: {}, vsRows: {} };
  if (options.timing) {
    for (const engine of options.engines) {
      for (const p of options.paths) {
        const profile = engine === 'ours' && options.profileDir ? path.join(options.profileDir, `${workload.id}-${p}.cpuprofile`) : null;
        const leg = runLeg({ workload: workload.id, engine, path: p, files, warmup: options.warmup, runs: options.runs, profile });
        line[engine][p] = withRates({ ...leg, inputRows }, workload.rate);
      }
    }
    for (const p of options.paths) {
      const [a, b] = [line.ours[p]?.recPerSec, line.duckdb[p]?.recPerSec];
      line.ratio[p] = a && b ? Math.round((a / b) * 1000) / 1000 : null;
      const r = line.rows[p]?.recPerSec;
      line.vsRows[p] = a && r ? Math.round((a / r) * 100) / 100 : null;
    }
  }
  if (options.check) line.check = runLeg({ workload: workload.id, engine: 'check', files });
  const failed = [...Object.values(line.ours), ...Object.values(line.rows), ...Object.values(line.duckdb), ...(line.check ? [line.check] : [])].find((l) => l.status !== 'ok' && l.status !== undefined);
  if (failed) Object.assign(line, { status: failed.status, reason: failed.reason });
  line.targets = targetsOf(workload, line, options.timing ? options.paths : []);
  // The load average shows how busy the (possibly shared) machine was while this workload ran.
  return { ...line, date: new Date().toISOString(), machine: { ...about, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) } };
}

// ------------------------------------------------------------------------------- summary table

const short = (n) => (n === null || n === undefined ? '-' : n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(n));

function summaryRow(line) {
  const cell = (engine, p) => short(line[engine][p]?.recPerSec);
  const times = (x) => (x === null || x === undefined ? '-' : `${x}x`);
  const ratio = (p) => times(line.ratio[p]);
  const targets = line.targets.map((t) => `${t.label}${t.path ? ` ${t.path}` : ''}: ${t.met === null ? '?' : t.met ? 'met' : 'MISSED'}`).join(', ');
  return [
    line.workload,
    line.status === 'ok' ? '' : line.status,
    cell('ours', 'memory'),
    cell('duckdb', 'memory'),
    ratio('memory'),
    cell('rows', 'memory'),
    times(line.vsRows.memory),
    cell('ours', 'csv'),
    cell('duckdb', 'csv'),
    ratio('csv'),
    cell('rows', 'csv'),
    times(line.vsRows.csv),
    line.ours.csv?.peakRssMB ?? '-',
    line.ours.memory?.state?.bytesPerKey ?? '-',
    line.check?.result ?? '-',
    targets,
  ];
}

function printSummary(lines) {
  const header = ['workload', 'status', 'ours mem', 'duck mem', 'ratio', 'rows mem', 'vs rows', 'ours csv', 'duck csv', 'ratio', 'rows csv', 'vs rows', 'RSS MB (ours csv)', 'B/key', 'check', 'targets'];
  const rows = [header, ...lines.map(summaryRow)].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  process.stderr.write('\nrecords/s (CPU time, one core)\n' + rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n') + '\n');
}

function listWorkloads() {
  const sections = WORKLOADS.map((w) => `### ${w.id}: ${w.title}\n\nOurs:\n\n\`\`\`sql\n${w.sql}\n\`\`\`\n\nDuckDB:\n\n\`\`\`sql\n${w.duckdb}\n\`\`\`\n`);
  process.stdout.write(sections.join('\n'));
}

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exit(2);
  }
  if (options.list) return listWorkloads();
  if (options.profileDir) fs.mkdirSync(options.profileDir, { recursive: true });
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'velo-bench-'));
  try {
    process.stderr.write(`generating data in ${dataDir} (${options.rows} trades, ${options.w12Rows} measurements, seed ${options.seed}) …\n`);
    const files = ensureData(dataDir, { rows: options.rows, keys: options.keys, stationRows: options.w12Rows, seed: options.seed });
    const about = machine();
    const lines = [];
    for (const workload of WORKLOADS.filter((w) => !options.only || options.only.includes(w.id))) {
      process.stderr.write(`${workload.id} ${workload.title} …\n`);
      const line = benchmarkWorkload(workload, options, files, about);
      process.stdout.write(JSON.stringify(line) + '\n');
      lines.push(line);
    }
    printSummary(lines);
    if (lines.some((l) => l.status === 'error' || l.check?.result === 'fail')) process.exitCode = 1;
  } finally {
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The other benchmarks by name, instead of the runtime workloads: `run.js harness [--only 100k|1m]
 * [--runs N]` (bench/harness.js), `run.js validate` (bench/validate.js), `run.js generator`,
 * `run.js csv-decode`, `run.js kafka [--messages N] [--runs N]` (bench/kafka.js, needs Java and Maven).
 */
const OTHER_BENCHMARKS = ['harness', 'validate', 'generator', 'csv-decode', 'kafka'];

function runOtherBenchmark(name, args) {
  const { status } = spawnSync(process.execPath, [path.join(__dirname, `${name}.js`), ...args], { stdio: 'inherit' });
  process.exitCode = status ?? 1;
}

if (OTHER_BENCHMARKS.includes(process.argv[2])) runOtherBenchmark(process.argv[2], process.argv.slice(3));
else main();
