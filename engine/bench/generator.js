#!/usr/bin/env node
/**
 * Generator micro-benchmark (harness spec §13): 1 000 000 records of a 5-field schema — integer
 * sequence, weighted enum of 5, float range, integer range, timestamp_epoch_ms under time
 * simulation — to payload objects. CPU time of this process after a warm-up; prints one JSON line.
 * Run after `npm run build`: `node bench/generator.js [records]`.
 */
'use strict';
const path = require('path');
const { parseSchema, createGenerator } = require(path.join(__dirname, '..', 'dist', 'index.js'));

const TARGET_RECORDS_PER_SECOND = 1_000_000;
const RECORDS = Number(process.argv[2] ?? 1_000_000);
const BATCH = 10_000;

const SCHEMA = `
name: bench
fields:
  - {name: id, type: integer, constraints: {sequence: {start: 1}}}
  - name: symbol
    type: string
    constraints: {enum_values: {values: [AAPL, MSFT, NVDA, GOOG, AMZN], weights: [0.4, 0.25, 0.15, 0.1, 0.1]}}
  - {name: price, type: float, constraints: {range: {min: 100, max: 500}}}
  - {name: quantity, type: integer, constraints: {range: {min: 1, max: 1000}}}
  - {name: event_time, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}
`;

function run(records) {
  const { schema } = parseSchema(SCHEMA, 'bench.schema.yaml');
  const { generator } = createGenerator(schema, {
    records,
    timeSimulation: { start: { kind: 'relative', offsetMs: -3_600_000 }, end: { kind: 'relative', offsetMs: 0 }, sequential: true },
  });
  let checksum = 0;
  for (let batch = generator.nextFields(BATCH); batch.length > 0; batch = generator.nextFields(BATCH)) {
    checksum += batch[batch.length - 1].quantity;
  }
  return checksum;
}

run(200_000); // warm-up: let the JIT settle
const before = process.cpuUsage();
run(RECORDS);
const used = process.cpuUsage(before);
const cpuMs = (used.user + used.system) / 1000;
const recordsPerSecond = Math.round(RECORDS / (cpuMs / 1000));
process.stdout.write(
  JSON.stringify({
    benchmark: 'generator',
    records: RECORDS,
    cpu_ms: Math.round(cpuMs),
    records_per_second: recordsPerSecond,
    target_records_per_second: TARGET_RECORDS_PER_SECOND,
    ratio: Number((recordsPerSecond / TARGET_RECORDS_PER_SECOND).toFixed(2)),
  }) + '\n',
);
