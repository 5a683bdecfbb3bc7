#!/usr/bin/env node
/**
 * One measurement in its own process, so peak RSS belongs to it alone:
 * `node leg.js '<job JSON>'` prints one JSON line. A job is
 *   {workload, engine: 'ours'|'rows'|'duckdb', path: 'memory'|'csv', files, warmup, runs, profile} — timing
 *   {workload, engine: 'check', files}                                        — --check
 *
 * Timing: `warmup` full runs first (JIT, inline caches), then `runs` measured runs; each takes
 * the CPU time of the whole process (process.cpuUsage, so DuckDB's worker thread and V8's GC
 * threads count) and wall time. The best run (least CPU) is reported, with the median beside it:
 * the machine may be shared, and interference only ever adds time. The in-memory path decodes
 * the CSV beforehand (timed separately as `decode`). With `profile` (a file path) one more run
 * of ours is CPU-profiled into it.
 */
'use strict';
const { WORKLOADS } = require('./workloads');
const { INPUTS, inputsOf } = require('./inputs');
const ours = require('./ours');
const { Duck } = require('./duck');
const { compareResults } = require('./check');
const fs = require('fs');
const inspector = require('inspector/promises');

const megabytes = (bytes) => Math.round(bytes / 2 ** 20);
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const round = (ms) => Math.round(ms * 10) / 10;
const timing = ({ cpuMs, wallMs }) => ({ cpuMs: round(cpuMs), wallMs: round(wallMs) });

async function timed(run) {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs: Number(process.hrtime.bigint() - wall) / 1e6 };
}

/** Runs `run` under the V8 CPU profiler, writing the profile to `file`. */
async function profiled(file, run) {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/** Warm-up runs, then the measured runs: the best by CPU time, and the median CPU time. */
async function measure(job, run) {
  for (let i = 0; i < job.warmup; i++) await run();
  const runs = [];
  for (let i = 0; i < job.runs; i++) runs.push(await timed(run));
  if (job.profile) await profiled(job.profile, run);
  const byCpu = [...runs].sort((a, b) => a.cpuMs - b.cpuMs);
  const best = byCpu[0];
  return { ...timing(best), cpuMsMedian: round(byCpu[Math.floor(byCpu.length / 2)].cpuMs), runs: runs.length, value: best.value };
}

/** Ours with the default execution (columnar where it applies) or, for `rows`, record at a time only. */
async function oursLeg(workload, job, execution = 'auto') {
  const names = inputsOf(workload);
  if (job.path === 'csv') {
    const { value, ...measured } = await measure(job, () => ours.runOurs(workload, { files: job.files, names, sources: null, execution }));
    return { ...measured, outputRows: value.outputRows, peakRssMB: peakRssMB() };
  }
  const decoded = await timed(() => Object.fromEntries(names.map((n) => [n, ours.decodeFile(job.files[n], INPUTS[n].delimiter)])));
  const batches = decoded.value;
  const inputRssMB = megabytes(process.memoryUsage().rss);
  const { value, ...measured } = await measure(job, () => ours.runOurs(workload, { files: job.files, names, sources: ours.injectedSources(workload, batches), execution }));
  const state = workload.state ? await ours.measureState(workload, job.files, names, batches, execution) : undefined;
  return { ...measured, outputRows: value.outputRows, decode: timing(decoded), inputRssMB, peakRssMB: peakRssMB(), ...(state ? { state } : {}) };
}

async function duckLeg(workload, job) {
  const loaded = await timed(() => Duck.open(inputsOf(workload), job.files, job.path));
  const duck = loaded.value;
  const { value, ...measured } = await measure({ ...job, profile: null }, () => duck.run(workload.duckdb));
  return { ...measured, outputRows: value, ...(job.path === 'memory' ? { load: timing(loaded) } : {}), peakRssMB: peakRssMB() };
}

/** Our paths (the CSV file source, injected decoded batches, and those record at a time) against DuckDB's rows. */
async function checkLeg(workload, job) {
  const names = inputsOf(workload);
  const duck = await Duck.open(names, job.files, 'memory');
  await duck.run(workload.duckdb);
  const theirs = await duck.resultRows();
  const batches = Object.fromEntries(names.map((n) => [n, ours.decodeFile(job.files[n], INPUTS[n].delimiter)]));
  const runs = { csv: [null, 'auto'], memory: [ours.injectedSources(workload, batches), 'auto'], 'memory-rows': [ours.injectedSources(workload, batches), 'rows'] };
  const paths = {};
  for (const [path, [injected, execution]] of Object.entries(runs)) {
    const { rows } = await ours.runOurs(workload, { files: job.files, names, sources: injected, collect: true, execution });
    const oursText = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, ours.valueText(v)])));
    paths[path] = compareResults(workload, oursText, theirs);
  }
  const pass = Object.values(paths).every((p) => p.result === 'pass');
  return { result: pass ? 'pass' : 'fail', paths };
}

const LEGS = { ours: oursLeg, rows: (workload, job) => oursLeg(workload, job, 'rows'), duckdb: duckLeg, check: checkLeg };

async function main() {
  const job = JSON.parse(process.argv[2]);
  const workload = WORKLOADS.find((w) => w.id === job.workload);
  try {
    const result = await LEGS[job.engine](workload, job);
    process.stdout.write(JSON.stringify({ status: 'ok', ...result }) + '\n');
  } catch (error) {
    // An engine error value (plan or runtime: an operator not available yet) is "unsupported";
    // anything else is a failure of the benchmark itself.
    const reason = error.engineError ? `${error.engineError.code}: ${error.engineError.message}` : String(error.stack ?? error);
    process.stdout.write(JSON.stringify({ status: error.engineError ? 'unsupported' : 'error', reason }) + '\n');
  }
}

main();
