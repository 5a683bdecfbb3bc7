/**
 * Seeded benchmark data, written as CSV under a directory:
 *
 *   trades.csv        ts,symbol,account,client,price,qty — W1–W11
 *   symbols.csv       symbol,sector,lot_size — the lookup table of W9 (one row per symbol)
 *   measurements.csv  station;temp — W12, the One Billion Row Challenge shape
 *
 * trades: `ts` epoch ms, strictly increasing by 1–2 ms from an hour boundary (so event time is in
 * order and unique: no late records, and ORDER BY ts is deterministic in DuckDB); `symbol` one of
 * 100 (S000…S099, uniform); `account` a permutation of 0…keys-1 over the rows (exactly `keys`
 * distinct values when rows ≥ keys: the high-cardinality key); `client` uniform in 0…9999 (each
 * active every ~15 s on average, so 5 s sessions open and close); `price` DECIMAL(10,2) in
 * 10.00…999.99; `qty` DECIMAL(10,3) in 0.001…100.000 (two scales, so price*qty is scale 5).
 *
 * measurements: 413 stations, temperature with one decimal in −99.9…99.9, normal around a
 * per-station mean. Same seed → same bytes.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { Random } = require(path.join(__dirname, '..', '..', 'dist', 'types', 'prng.js'));

const TRADES_START_MS = 1_699_999_200_000; // an hour boundary (and so a minute boundary)
const SYMBOLS = 100;
const CLIENTS = 10_000;
const STATIONS = 413;
const SECTORS = ['tech', 'energy', 'health', 'finance', 'retail', 'industrial', 'utilities', 'materials', 'telecom', 'realestate'];
/** A prime: `i * ACCOUNT_STRIDE mod keys` visits every account once per `keys` rows. */
const ACCOUNT_STRIDE = 1_000_003;
const WRITE_CHUNK_LINES = 50_000;

/** Floats in [0, 1) from the engine's seeded generator (build first: `npx tsc -b`). */
function prng(seed) {
  const random = new Random(seed);
  return () => random.nextFloat();
}

/** Exact decimal text of `unscaled / 10^scale` (non-negative `unscaled`), e.g. (1205, 2) → "12.05". */
function decimalText(unscaled, scale) {
  const digits = String(unscaled).padStart(scale + 1, '0');
  return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

const symbolName = (i) => `S${String(i).padStart(3, '0')}`;

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Writes `lines` (a generator of text lines) to `file` in chunks. */
function writeLines(file, header, lines) {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, header + '\n');
    let chunk = [];
    for (const line of lines) {
      chunk.push(line);
      if (chunk.length === WRITE_CHUNK_LINES) {
        fs.writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length > 0) fs.writeSync(fd, chunk.join('\n') + '\n');
  } finally {
    fs.closeSync(fd);
  }
}

function* tradeLines(rows, keys, seed) {
  const random = prng(seed);
  if (gcd(ACCOUNT_STRIDE, keys) !== 1) throw new Error(`--keys must not be a multiple of ${ACCOUNT_STRIDE}`);
  let ts = TRADES_START_MS;
  for (let i = 0; i < rows; i++) {
    ts += random() < 0.5 ? 1 : 2;
    const symbol = symbolName(Math.floor(random() * SYMBOLS));
    const account = (i * ACCOUNT_STRIDE) % keys;
    const client = Math.floor(random() * CLIENTS);
    const price = decimalText(1000 + Math.floor(random() * 99_000), 2);
    const qty = decimalText(1 + Math.floor(random() * 100_000), 3);
    yield `${ts},${symbol},${account},${client},${price},${qty}`;
  }
}

function* symbolLines(seed) {
  const random = prng(seed ^ 0x5eed);
  for (let i = 0; i < SYMBOLS; i++) yield `${symbolName(i)},${SECTORS[i % SECTORS.length]},${(1 + Math.floor(random() * 10)) * 10}`;
}

function* measurementLines(rows, seed) {
  const random = prng(seed ^ 0x1b2c);
  const stations = Array.from({ length: STATIONS }, (_, i) => ({ name: `station_${String(i).padStart(3, '0')}`, mean: -100 + Math.floor(random() * 400) }));
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (let i = 0; i < rows; i++) {
    const station = stations[Math.floor(random() * STATIONS)];
    const tenths = Math.max(-999, Math.min(999, Math.round(station.mean + normal() * 100)));
    yield `${station.name};${tenths < 0 ? '-' : ''}${decimalText(Math.abs(tenths), 1)}`;
  }
}

/**
 * Writes the data set into `dir` unless a previous run with the same parameters finished there
 * (a `done.json` marker), and returns the file paths.
 */
function ensureData(dir, { rows, keys, stationRows, seed }) {
  const files = {
    trades: path.join(dir, 'trades.csv'),
    symbols: path.join(dir, 'symbols.csv'),
    measurements: path.join(dir, 'measurements.csv'),
  };
  const marker = path.join(dir, 'done.json');
  // The generator is part of the key: data written by an earlier generator is not reused.
  const wanted = JSON.stringify({ rows, keys, stationRows, seed, prng: 'xoshiro128**' });
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return files;
  fs.mkdirSync(dir, { recursive: true });
  writeLines(files.trades, 'ts,symbol,account,client,price,qty', tradeLines(rows, keys, seed));
  writeLines(files.symbols, 'symbol,sector,lot_size', symbolLines(seed));
  writeLines(files.measurements, 'station;temp', measurementLines(stationRows, seed));
  fs.writeFileSync(marker, wanted);
  return files;
}

module.exports = { ensureData, TRADES_START_MS, SYMBOLS, CLIENTS, STATIONS };
