/**
 * Micro-benchmark of the CSV decoder alone (no file I/O, no query): generates a seeded CSV into
 * a Buffer, then decodes it the way the file source does, in 1 MB byte chunks (`pushBytes`; a
 * build without it gets text through a StringDecoder, as its file source did), best of N runs.
 * Prints one JSON line with rows per CPU second.
 *
 *   node bench/csv-decode.js [--rows N] [--shape trades|mixed] [--runs N] [--dist DIR]
 *
 * `trades`: the bench's ts,symbol,account,client,price,qty (integers, strings, two decimal
 * scales). `mixed`: ISO date-times, booleans, NULLs, negative decimals, quoted text with
 * delimiters and doubled quotes. `--dist` decodes with another build (side-by-side comparisons).
 */
'use strict';
const path = require('path');
const { parseArgs: nodeParseArgs } = require('util');
const { StringDecoder } = require('string_decoder');
const { Random } = require(path.join(__dirname, '..', 'dist', 'types', 'prng.js'));

const CHUNK_BYTES = 1 << 20;

/** Options through `node:util` parseArgs (strict: unknown flags and missing values are errors). */
function parseArgs(argv) {
  const { values } = nodeParseArgs({ args: argv, options: { rows: { type: 'string' }, shape: { type: 'string' }, runs: { type: 'string' }, dist: { type: 'string' } } });
  const args = {
    rows: values.rows === undefined ? 1_000_000 : Number(values.rows),
    shape: values.shape ?? 'trades',
    runs: values.runs === undefined ? 5 : Number(values.runs),
    dist: values.dist === undefined ? path.join(__dirname, '..', 'dist') : path.resolve(values.dist),
  };
  return args;
}

/** Floats in [0, 1) from this package's build, whichever `--dist` decodes: the same seed gives the same bytes. */
function prng(seed) {
  const random = new Random(seed);
  return () => random.nextFloat();
}

const decimal = (unscaled, scale) => {
  const digits = String(Math.abs(unscaled)).padStart(scale + 1, '0');
  return `${unscaled < 0 ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
};

const SHAPES = {
  trades: {
    header: 'ts,symbol,account,client,price,qty',
    line(i, random) {
      const ts = 1_699_999_200_000 + i + Math.floor(random() * i);
      const symbol = `S${String(Math.floor(random() * 100)).padStart(3, '0')}`;
      const price = decimal(1000 + Math.floor(random() * 99_000), 2);
      const qty = decimal(1 + Math.floor(random() * 100_000), 3);
      return `${ts},${symbol},${(i * 1_000_003) % 1_000_000},${Math.floor(random() * 10_000)},${price},${qty}`;
    },
  },
  mixed: {
    header: 'at,active,note,delta,code,label',
    line(i, random) {
      const at = new Date(1_700_000_000_000 + i * 1500).toISOString();
      const when = random() < 0.5 ? at : at.slice(0, 19).replace('T', ' ');
      const active = ['yes', 'No', 'true', 'FALSE', ''][i % 5];
      const note = random() < 0.3 ? `"say ""hi"", ${i}"` : `note ${i}`;
      const delta = decimal(Math.floor(random() * 2_000_000) - 1_000_000, 4);
      const code = random() < 0.1 ? 'NULL' : String(Math.floor(random() * 1e9));
      return `${when},${active},${note},${delta},${code},L${i % 37}`;
    },
  },
};

function generate(rows, shape) {
  const random = prng(42);
  const lines = [shape.header];
  for (let i = 0; i < rows; i++) lines.push(shape.line(i, random));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

function decodeOnce(CsvDecoder, bytes) {
  const decoder = new CsvDecoder({}, (problem) => {
    throw new Error(`line ${problem.line}: ${problem.message}`);
  });
  const text = new StringDecoder('utf8');
  const push = decoder.pushBytes ? (chunk, out) => decoder.pushBytes(chunk, out) : (chunk, out) => decoder.push(text.write(chunk), out);
  let rows = 0;
  let out = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    push(bytes.subarray(at, at + CHUNK_BYTES), out);
    rows += out.length;
    out = []; // the rows die young, as they do behind the file source
  }
  decoder.end(out);
  return rows + out.length;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const shape = SHAPES[args.shape];
  if (!shape) throw new Error(`csv-decode: unknown shape ${args.shape}`);
  const { CsvDecoder } = require(path.join(args.dist, 'index.js'));
  const bytes = generate(args.rows, shape);
  decodeOnce(CsvDecoder, bytes); // warm-up
  const cpuMs = [];
  for (let r = 0; r < args.runs; r++) {
    const before = process.cpuUsage();
    const rows = decodeOnce(CsvDecoder, bytes);
    const used = process.cpuUsage(before);
    if (rows !== args.rows) throw new Error(`csv-decode: decoded ${rows} rows, expected ${args.rows}`);
    cpuMs.push((used.user + used.system) / 1000);
  }
  cpuMs.sort((a, b) => a - b);
  const rowsPerSec = (ms) => Math.round(args.rows / (ms / 1000));
  console.log(
    JSON.stringify({
      benchmark: 'csv-decode',
      shape: args.shape,
      rows: args.rows,
      bytes: bytes.length,
      dist: args.dist,
      runs: args.runs,
      bestCpuMs: Math.round(cpuMs[0]),
      rowsPerSec: rowsPerSec(cpuMs[0]),
      rowsPerSecMedian: rowsPerSec(cpuMs[Math.floor(cpuMs.length / 2)]),
    }),
  );
}

main();
