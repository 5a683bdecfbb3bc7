/**
 * The benchmark workloads: our SQL, the DuckDB SQL that computes the same result over the same
 * data, what the rate counts, the targets, and how --check matches rows.
 *
 * Our SQL names its inputs `trades`, `symbols` and `measurements`; the runner adds the WITH
 * clause (CSV path) or injects pre-parsed batches under those names (in-memory path). DuckDB reads
 * tables (in-memory path) or views over read_csv (CSV path) of the same names.
 *
 * DuckDB has no streaming windows, so each window is written as plain SQL:
 *   tumbling  GROUP BY key, ts // size * size                  (epoch-aligned [k·size, (k+1)·size))
 *   sliding   unnest(range(...)) of the window starts containing ts, then GROUP BY key, start
 *   session   LAG + running SUM of "gap ≥ 5 s" flags per key, then GROUP BY key, session number
 *   EMIT CHANGES  running aggregates: OVER (PARTITION BY key, window ORDER BY ts ROWS UNBOUNDED PRECEDING)
 *   exact VWAP    unscaled HUGEINT sums, quotient truncated at scale 6 (our Scaled(5) / Scaled(3), §5.4)
 */
'use strict';

const TRADE_AGGREGATES = 'COUNT(*) AS trades, SUM(qty) AS volume, AVG(price) AS avg_price, SUM(price * qty) AS notional';

/** Tumbling GROUP BY over `key` with windows of `ms` (W4 both variants). */
function tumbling(key, ms, duration) {
  return {
    sql: `SELECT ${key}, ${TRADE_AGGREGATES}, _WINDOW_START AS window_start FROM trades GROUP BY ${key} WINDOW TUMBLING(ts, ${duration}) EMIT FINAL`,
    duckdb: `SELECT ${key}, ts // ${ms} * ${ms} AS window_start, ${TRADE_AGGREGATES} FROM trades GROUP BY ${key}, window_start`,
    checkKey: [key, 'window_start'],
    floats: ['avg_price'],
  };
}

/**
 * @typedef {object} Workload
 * @property {string} id            W1 … W12, with a suffix for variants (W4-1M)
 * @property {string} title
 * @property {'trades'|'measurements'} input   the stream read
 * @property {string[]} [tables]    inputs read as lookup tables (W9: `symbols`)
 * @property {string} sql           our query
 * @property {string} duckdb        DuckDB's equivalent
 * @property {'input'|'output'} rate  records/s counts input records or output rows
 * @property {{recordsPerSecond?: number, duckdbRatio?: {memory: number, csv: number}, bytesPerKey?: number, exact?: boolean}} target
 *   (ratios per path: issue 15's acceptance table)
 * @property {boolean} state        measure bytes per key of aggregation state
 * @property {string[]} checkKey    columns identifying a result row (unique per row on both sides)
 * @property {string[]} floats      Float columns (compared with a relative tolerance; everything else as exact text)
 * @property {number} [rowsFactor]  input rows = rowsFactor × --rows (W12's 10 M by default)
 */

/** @type {Workload[]} */
const WORKLOADS = [
  {
    id: 'W1',
    title: 'pass-through',
    input: 'trades',
    sql: 'SELECT * FROM trades',
    duckdb: 'SELECT * FROM trades',
    rate: 'input',
    target: {},
    state: false,
    checkKey: ['ts'],
    floats: [],
  },
  {
    id: 'W2',
    title: 'projection, exact decimal multiply',
    input: 'trades',
    sql: 'SELECT ts, symbol, price, qty, price * qty AS notional FROM trades',
    duckdb: 'SELECT ts, symbol, price, qty, price * qty AS notional FROM trades',
    rate: 'input',
    target: {},
    state: false,
    checkKey: ['ts'],
    floats: [],
  },
  {
    id: 'W3',
    title: 'filter (~25 % pass)',
    input: 'trades',
    sql: 'SELECT * FROM trades WHERE price > 500 AND qty < 50',
    duckdb: 'SELECT * FROM trades WHERE price > 500 AND qty < 50',
    rate: 'input',
    target: {},
    state: false,
    checkKey: ['ts'],
    floats: [],
  },
  {
    id: 'W4',
    title: 'tumbling 1 min GROUP BY symbol (100 keys) EMIT FINAL',
    input: 'trades',
    ...tumbling('symbol', 60_000, '1m'),
    rate: 'input',
    target: { recordsPerSecond: 2_000_000, duckdbRatio: { memory: 0.4, csv: 0.6 } },
    state: true,
  },
  {
    id: 'W4-1M',
    // One window spans the whole data set (rows ≤ 2.4 M), so every account is live at once.
    title: 'tumbling 1 h GROUP BY account (1 M keys) EMIT FINAL',
    input: 'trades',
    ...tumbling('account', 3_600_000, '1h'),
    rate: 'input',
    target: { recordsPerSecond: 1_000_000, bytesPerKey: 120 },
    state: true,
  },
  {
    id: 'W5',
    title: 'W4 with EMIT CHANGES (one row per input)',
    input: 'trades',
    sql: `SELECT symbol, ${TRADE_AGGREGATES}, _WINDOW_START AS window_start FROM trades GROUP BY symbol WINDOW TUMBLING(ts, 1m) EMIT CHANGES`,
    duckdb:
      'SELECT symbol, ts // 60000 * 60000 AS window_start, COUNT(*) OVER w AS trades, SUM(qty) OVER w AS volume, AVG(price) OVER w AS avg_price, SUM(price * qty) OVER w AS notional ' +
      'FROM trades WINDOW w AS (PARTITION BY symbol, ts // 60000 ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
    rate: 'output',
    target: { recordsPerSecond: 1_000_000, duckdbRatio: { memory: 1.5, csv: 1.0 } },
    state: false,
    checkKey: ['symbol', 'window_start', 'trades'],
    floats: ['avg_price'],
  },
  {
    id: 'W6',
    title: 'sliding 10 s / 2 s GROUP BY symbol',
    input: 'trades',
    sql: 'SELECT symbol, COUNT(*) AS trades, SUM(qty) AS volume, _WINDOW_START AS window_start FROM trades GROUP BY symbol WINDOW SLIDING(ts, 10s, 2s) EMIT FINAL',
    duckdb:
      'SELECT symbol, window_start, COUNT(*) AS trades, SUM(qty) AS volume ' +
      'FROM (SELECT symbol, qty, unnest(range(ts // 2000 * 2000 - 8000, ts // 2000 * 2000 + 1, 2000)) AS window_start FROM trades) ' +
      'GROUP BY symbol, window_start',
    rate: 'input',
    target: {},
    state: true,
    checkKey: ['symbol', 'window_start'],
    floats: [],
  },
  {
    id: 'W8',
    title: 'session 5 s GROUP BY client (10 000 keys)',
    input: 'trades',
    sql: 'SELECT client, COUNT(*) AS trades, SUM(qty) AS volume, _WINDOW_START AS window_start, _WINDOW_END AS window_end FROM trades GROUP BY client WINDOW SESSION(ts, 5s) EMIT FINAL',
    duckdb:
      'SELECT client, MIN(ts) AS window_start, MAX(ts) + 5000 AS window_end, COUNT(*) AS trades, SUM(qty) AS volume ' +
      'FROM (SELECT client, ts, qty, SUM(new_session) OVER (PARTITION BY client ORDER BY ts ROWS UNBOUNDED PRECEDING) AS session ' +
      '      FROM (SELECT client, ts, qty, CASE WHEN ts - LAG(ts) OVER (PARTITION BY client ORDER BY ts) < 5000 THEN 0 ELSE 1 END AS new_session FROM trades)) ' +
      'GROUP BY client, session',
    rate: 'input',
    target: { duckdbRatio: { memory: 0.4, csv: 0.4 } },
    state: true,
    checkKey: ['client', 'window_start'],
    floats: [],
  },
  {
    id: 'W9',
    title: 'stream-table join (100-row table)',
    input: 'trades',
    tables: ['symbols'],
    sql: 'SELECT t.ts, t.symbol, t.price, s.sector, s.lot_size FROM trades t JOIN symbols s ON t.symbol = s.symbol',
    duckdb: 'SELECT t.ts, t.symbol, t.price, s.sector, s.lot_size FROM trades t JOIN symbols s ON t.symbol = s.symbol',
    rate: 'input',
    target: { duckdbRatio: { memory: 0.5, csv: 0.6 } },
    state: false,
    checkKey: ['ts'],
    floats: [],
  },
  {
    id: 'W10',
    title: 'ROWS WINDOW BUFFER 100 AVG per symbol',
    input: 'trades',
    sql: 'SELECT ts, symbol, AVG(price) OVER (ROWS WINDOW BUFFER 100 ROWS PARTITION BY symbol ORDER BY ts) AS avg100 FROM trades',
    duckdb: 'SELECT ts, symbol, AVG(price) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 99 PRECEDING AND CURRENT ROW) AS avg100 FROM trades',
    rate: 'input',
    target: { duckdbRatio: { memory: 0.5, csv: 0.5 } },
    state: false,
    checkKey: ['ts'],
    floats: ['avg100'],
  },
  {
    id: 'W11',
    title: 'exact VWAP per symbol per 1 min window',
    input: 'trades',
    sql: 'SELECT symbol, SUM(price * qty) / SUM(qty) AS vwap, _WINDOW_START AS window_start FROM trades GROUP BY symbol WINDOW TUMBLING(ts, 1m) EMIT FINAL',
    // Σ(price·qty) in units of 10⁻⁵ times 10⁴, integer-divided by Σqty in units of 10⁻³: the
    // quotient in units of 10⁻⁶, truncated — then shown as DECIMAL(38,6) (exact multiply by 10⁻⁶).
    duckdb:
      'SELECT symbol, ts // 60000 * 60000 AS window_start, ' +
      '(CAST(SUM(price * qty) * 100000 AS HUGEINT) * 10000 // CAST(SUM(qty) * 1000 AS HUGEINT))::DECIMAL(38,0) * 0.000001::DECIMAL(7,6) AS vwap ' +
      'FROM trades GROUP BY symbol, window_start',
    rate: 'input',
    target: { recordsPerSecond: 1_500_000, duckdbRatio: { memory: 0.4, csv: 0.6 }, exact: true },
    state: true,
    checkKey: ['symbol', 'window_start'],
    floats: [],
  },
  {
    id: 'W12',
    title: '1BRC: station;temp, GROUP BY station EMIT FINAL, min/mean/max',
    input: 'measurements',
    sql: 'SELECT station, MIN(temp) AS min_temp, AVG(temp) AS mean_temp, MAX(temp) AS max_temp FROM measurements GROUP BY station EMIT FINAL',
    duckdb: 'SELECT station, MIN(temp) AS min_temp, AVG(temp) AS mean_temp, MAX(temp) AS max_temp FROM measurements GROUP BY station',
    rate: 'input',
    target: { recordsPerSecond: 1_000_000, duckdbRatio: { memory: 0.4, csv: 0.5 } },
    state: true,
    checkKey: ['station'],
    floats: ['mean_temp'],
    rowsFactor: 10,
  },
];

module.exports = { WORKLOADS };
