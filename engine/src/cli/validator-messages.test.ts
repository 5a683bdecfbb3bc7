/**
 * The most common mistakes, each with the exact text `velo validate` prints for it: position,
 * source line, caret, message and hint. Syntax-level ones come from the parser, the rest from the
 * validator; both are asserted as users see them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { command } from './commands/validate';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-messages-'));
  fs.writeFileSync(path.join(dir, 'trades.csv'), 'symbol,price,qty\nAAPL,1.50,3\n');
});

async function validateText(sql: string, ...flags: string[]): Promise<string> {
  fs.writeFileSync(path.join(dir, 'app.sql'), sql);
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => (out += chunk));
  await command.run([...flags, 'app.sql'], { stdout, stderr: new PassThrough(), cwd: dir, env: {} });
  return out;
}

const cases: Array<[string, string, string[], string]> = [
  [
    'WINDOW before GROUP BY in a plain SELECT',
    'SELECT symbol, COUNT(*) AS n FROM trades WINDOW TUMBLING(1m) GROUP BY symbol;\n',
    [],
    `app.sql:1:62: error VS204 GROUP BY after WINDOW
  SELECT symbol, COUNT(*) AS n FROM trades WINDOW TUMBLING(1m) GROUP BY symbol;
                                                               ^~~~~
  hint: WINDOW before GROUP BY is not supported: move GROUP BY before WINDOW
`,
  ],
  [
    'unterminated string',
    "SELECT symbol FROM trades WHERE side = 'BUY;\n",
    [],
    `app.sql:1:40: error VL102 unterminated string starting with '
  SELECT symbol FROM trades WHERE side = 'BUY;
                                         ^
  hint: close the string with ' (strings have no escapes; a quote always ends the string)
`,
  ],
  [
    'unknown function, with did-you-mean',
    'SELECT symbol, AVERAGE(price) AS avg_price FROM trades GROUP BY symbol;\n',
    [],
    `app.sql:1:16: error VV301 unknown function AVERAGE
  SELECT symbol, AVERAGE(price) AS avg_price FROM trades GROUP BY symbol;
                 ^~~~~~~
  hint: did you mean AVG?
`,
  ],
  [
    'aggregate in WHERE',
    'SELECT symbol FROM trades WHERE COUNT(*) > 10 GROUP BY symbol;\n',
    [],
    `app.sql:1:33: error VV303 aggregate COUNT is not allowed in WHERE
  SELECT symbol FROM trades WHERE COUNT(*) > 10 GROUP BY symbol;
                                  ^~~~~~~~
  hint: WHERE filters input rows before aggregation; move the condition to HAVING
`,
  ],
  [
    'wrong argument count',
    'SELECT SUBSTRING(symbol) AS s FROM trades;\n',
    [],
    `app.sql:1:8: error VV302 SUBSTRING takes 2 to 3 arguments, got 1
  SELECT SUBSTRING(symbol) AS s FROM trades;
         ^~~~~~~~~
  hint: usage: SUBSTRING(s, start[, length])
`,
  ],
  [
    'COUNT(DISTINCT x) under --portable',
    '-- SQL Application: demo\nSELECT COUNT(DISTINCT symbol) AS symbols FROM trades;\n',
    ['--portable'],
    `app.sql:2:8: warning VP-X5 not portable to Velostream: COUNT(DISTINCT …)
  SELECT COUNT(DISTINCT symbol) AS symbols FROM trades;
         ^~~~~~~~~~~~~~~~~~~~~~
  hint: write COUNT_DISTINCT(x)
`,
  ],
  [
    'missing <name>.type in WITH',
    "CREATE STREAM big AS SELECT id FROM trades WITH ('trades.topic' = 'trades', 'big.type' = 'kafka_sink');\n",
    [],
    `app.sql:1:37: error VV350 source 'trades' has no type
  CREATE STREAM big AS SELECT id FROM trades WITH ('trades.topic' = 'trades', 'big.type' = 'kafka_sink');
                                      ^~~~~~
  hint: add 'trades.type' = 'file_source' (or kafka_source) to the WITH clause
`,
  ],
  [
    'bad metric name',
    '-- @metric: trades-total\n-- @metric_type: counter\nCREATE STREAM big AS SELECT id FROM trades;\n',
    [],
    `app.sql:1:4: error VA410 invalid metric name 'trades-total'
  -- @metric: trades-total
     ^~~~~~~~~~~~~~~~~~~~~
  hint: metric names match [a-zA-Z_:][a-zA-Z0-9_:]*, e.g. velo_trades_total
`,
  ],
  [
    'unsorted metric buckets',
    '-- @metric: trade_price\n-- @metric_type: histogram\n-- @metric_field: price\n-- @metric_buckets: [1, 10, 5]\nCREATE STREAM big AS SELECT id, price FROM trades;\n',
    [],
    `app.sql:4:4: error VA414 invalid @metric_buckets: buckets must be strictly ascending: 5 follows 10
  -- @metric_buckets: [1, 10, 5]
     ^~~~~~~~~~~~~~~~~~~~~~~~~~~
  hint: list upper bounds in increasing order, e.g. [0.1, 0.5, 1, 5]
`,
  ],
  [
    'gauge without @metric_field',
    '-- @metric: last_price\n-- @metric_type: gauge\nCREATE STREAM big AS SELECT id, price FROM trades;\n',
    [],
    `app.sql:1:4: error VA413 gauge metric last_price needs @metric_field
  -- @metric: last_price
     ^~~~~~~~~~~~~~~~~~~
  hint: add -- @metric_field: <column> naming the value the gauge records
`,
  ],
  [
    'unknown column with did-you-mean (CSV header known)',
    "SELECT symbol, prcie FROM trades\nWITH ('trades.type' = 'file_source', 'trades.path' = './trades.csv');\n",
    [],
    `app.sql:1:16: error VV310 unknown column 'prcie'
  SELECT symbol, prcie FROM trades
                 ^~~~~
  hint: did you mean price?
`,
  ],
  [
    'AS key: a reserved alias',
    'SELECT symbol AS key, price FROM trades;\n',
    [],
    `app.sql:1:18: error VS207 'key' cannot be an alias
  SELECT symbol AS key, price FROM trades;
                   ^~~
  hint: KEY is reserved; choose another alias
`,
  ],
  [
    'trailing garbage after a statement',
    'SELECT symbol FROM trades WHERE price > 10 LIMIT 5 symbol;\n',
    [],
    `app.sql:1:52: error VS202 unexpected 'symbol' after the end of the statement
  SELECT symbol FROM trades WHERE price > 10 LIMIT 5 symbol;
                                                     ^~~~~~
  hint: the statement is already complete here; end it with ; before starting another
`,
  ],
  [
    'PERCENTILE_CONT without WITHIN GROUP',
    'SELECT PERCENTILE_CONT(0.95) AS p95 FROM trades;\n',
    [],
    `app.sql:1:8: error VV306 PERCENTILE_CONT needs WITHIN GROUP (ORDER BY <column>)
  SELECT PERCENTILE_CONT(0.95) AS p95 FROM trades;
         ^~~~~~~~~~~~~~~
  hint: write PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY price): without it there is no column to rank
`,
  ],
  [
    'a select alias in WHERE',
    'SELECT price * qty AS notional FROM trades WHERE notional > 1000;\n',
    [],
    `app.sql:1:50: error VV312 'notional' is a select alias; WHERE cannot use select aliases
  SELECT price * qty AS notional FROM trades WHERE notional > 1000;
                                                   ^~~~~~~~
  hint: repeat the expression behind 'notional' in WHERE, or filter in HAVING
`,
  ],
];

test.each(cases)('%s', async (_, sql, flags, expected) => {
  expect(await validateText(sql, ...flags)).toBe(expected);
});
