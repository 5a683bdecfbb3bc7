#!/usr/bin/env node
/**
 * Validator micro-benchmark: parse + validate of a ~300-line application, warm, median of many
 * runs, next to the start-up time of a bare `node -e ''` (median of several) for scale. Target:
 * < 20 ms warm. Prints one JSON line. Run after `npx tsc -b engine`: `node bench/validate.js [runs]`.
 *
 * The application is the conformance trading app plus quickstart apps (config files and CSV
 * headers resolve from their own folders, as `velo validate` does), up to about 300 lines.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { parse, validate } = require(path.join(__dirname, '..', 'dist', 'index.js'));

const TARGET_MS = 20;
const RUNS = Number(process.argv[2] ?? 200);
const WARMUP = 20;
const CONFORMANCE = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance');
const APP_FILES = ['trading/apps/app_market_data.sql', 'quickstart/01_filter.sql'];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function application() {
  const files = APP_FILES.map((f) => path.join(CONFORMANCE, f)).filter((f) => fs.existsSync(f));
  if (files.length === 0) throw new Error(`conformance apps not found under ${CONFORMANCE}`);
  // One text per folder so that relative paths in WITH resolve as they would for the real file.
  return files.map((file) => ({ text: fs.readFileSync(file, 'utf8'), baseDir: path.dirname(file) }));
}

function once(parts) {
  let diagnostics = 0;
  for (const { text, baseDir } of parts) diagnostics += validate(parse(text), { baseDir }).length;
  return diagnostics;
}

function nodeStartupMs(samples) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const parts = application();
const lines = parts.reduce((n, p) => n + p.text.split('\n').length, 0);
for (let i = 0; i < WARMUP; i++) once(parts);
const times = [];
for (let i = 0; i < RUNS; i++) {
  const start = process.hrtime.bigint();
  once(parts);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const validateMs = median(times);
const startupMs = nodeStartupMs(7);
console.log(
  JSON.stringify({
    benchmark: 'parse+validate',
    lines,
    statements: parts.reduce((n, p) => n + parse(p.text).statementCount, 0),
    runs: RUNS,
    median_ms: Number(validateMs.toFixed(3)),
    target_ms: TARGET_MS,
    target_ratio: Number((validateMs / TARGET_MS).toFixed(3)),
    node_startup_ms: Number(startupMs.toFixed(3)),
    ratio_to_node_startup: Number((validateMs / startupMs).toFixed(3)),
  }),
);
