#!/usr/bin/env node
/**
 * Self time by function from a V8 `.cpuprofile` (as written by `node --cpu-prof`, or by
 * `node bench/run.js --profile DIR`): `node bench/profile-top.js FILE [N]` prints the top N
 * (default 25) functions with their share of the samples and their file:line.
 */
'use strict';
const fs = require('fs');
const path = require('path');

function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const byFunction = new Map();
  for (const [id, count] of counts) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url ? `${path.basename(url)}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  }
  return { total: profile.samples.length, rows: [...byFunction].sort((a, b) => b[1] - a[1]) };
}

function main() {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/profile-top.js FILE.cpuprofile [N]\n');
    process.exit(2);
  }
  const { total, rows } = selfTimes(JSON.parse(fs.readFileSync(file, 'utf8')));
  for (const [name, count] of rows.slice(0, Number(top))) {
    process.stdout.write(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${name}\n`);
  }
}

main();
