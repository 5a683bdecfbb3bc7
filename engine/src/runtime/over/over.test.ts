/** OVER: buffer form (§7.1), standard form (§7.2), the functions of §7.3, headers (§10.3). */
import type { FrameBound, OverCall, OverNode, PlanExpr, PlanNode } from '../../plan/logical';
import { bin, col, item, lit, plan, project, scan } from '../../plan/build';
import { rec, runBatches, runRecords } from '../testing/fixtures';
import type { StreamRecord } from '../../types/record';
import { Scaled, Timestamp } from '../../types/values/types';
import { formatValue } from '../../types/values/format';

type CallSpec = Partial<Omit<OverCall, 'functionName' | 'args'>>;

const call = (
  functionName: string,
  args: PlanExpr[],
  spec: CallSpec = {},
): Omit<OverCall, 'outputField'> => ({
  functionName,
  args,
  partitionBy: [],
  orderBy: [],
  frame: null,
  buffer: null,
  type: 'any',
  ...spec,
});

/** `calls` become fields `$over1`, `$over2`, … as the planner names them. */
function overNode(input: PlanNode, ...calls: Omit<OverCall, 'outputField'>[]): OverNode {
  return {
    kind: 'over',
    input,
    calls: calls.map((c, i) => ({ ...c, outputField: `$over${i + 1}` })),
  };
}

const buffer = (
  rows: number,
  extra: Partial<NonNullable<OverCall['buffer']>> = {},
): NonNullable<OverCall['buffer']> => ({
  rows,
  emit: 'everyRecord',
  expireAfterMs: 60_000,
  ...extra,
});
const bySymbol = {
  partitionBy: [col('symbol')],
  orderBy: [{ expr: col('ts'), descending: false }],
};
const preceding = (offset: number): FrameBound => ({ kind: 'preceding', offset });
const CURRENT: FrameBound = { kind: 'currentRow' };

/** Runs `SELECT <fields>, $over1 AS a, $over2 AS b … FROM t` record by record. */
function select(fields: string[], node: OverNode, records: StreamRecord[]) {
  const items = [
    ...fields.map((f) => item(f, col(f))),
    ...node.calls.map((c, i) => item('abcd'[i], col(c.outputField))),
  ];
  return runRecords(plan(project(node, items)), records);
}

const tick = (symbol: string, price: number, ts: number) => rec({ symbol, price, ts }, ts);

test('LAG over a buffer, partitioned by symbol, and the change computed from it (quickstart 04_window)', () => {
  const lag = call('LAG', [col('price'), lit(1)], { ...bySymbol, buffer: buffer(10) });
  const node = overNode(scan('stock_prices'), lag);
  const p = plan(
    project(node, [
      item('symbol', col('symbol')),
      item('previous_price', col('$over1')),
      item('price_change', bin('-', col('price'), col('$over1'), 'integer')),
    ]),
  );
  const ticks = [
    tick('A', 10, 1),
    tick('B', 20, 2),
    tick('A', 11, 3),
    tick('A', 13, 4),
    tick('B', 19, 5),
  ];
  expect(runRecords(p, ticks).rows).toEqual([
    { symbol: 'A', previous_price: null, price_change: null },
    { symbol: 'B', previous_price: null, price_change: null },
    { symbol: 'A', previous_price: 10, price_change: 1 },
    { symbol: 'A', previous_price: 11, price_change: 2 },
    { symbol: 'B', previous_price: 20, price_change: -1 },
  ]);
});

test('3-row moving average over a buffer; EMIT ON BUFFER FULL emits only once 3 rows are held', () => {
  const prices = [1, 2, 3, 4, 5].map((p, i) => tick('A', p, i));
  const every = overNode(
    scan('t'),
    call('AVG', [col('price')], { ...bySymbol, buffer: buffer(3) }),
  );
  expect(select(['price'], every, prices).rows.map((r) => r.a)).toEqual([1, 1.5, 2, 3, 4]);
  const whenFull = overNode(
    scan('t'),
    call('AVG', [col('price')], { ...bySymbol, buffer: buffer(3, { emit: 'onBufferFull' }) }),
  );
  expect(select(['price'], whenFull, prices).rows).toEqual([
    { price: 3, a: 2 },
    { price: 4, a: 3 },
    { price: 5, a: 4 },
  ]);
});

test('a buffer is cleared after a 60 s event-time gap; EXPIRE AFTER NEVER keeps it', () => {
  const rows = [tick('A', 1, 0), tick('A', 1, 10_000), tick('A', 1, 80_000), tick('A', 1, 90_000)];
  const expiring = overNode(scan('t'), call('COUNT', [], { ...bySymbol, buffer: buffer(10) }));
  expect(select([], expiring, rows).rows.map((r) => r.a)).toEqual([1, 2, 1, 2]);
  const never = overNode(
    scan('t'),
    call('COUNT', [], { ...bySymbol, buffer: buffer(10, { expireAfterMs: null }) }),
  );
  expect(select([], never, rows).rows.map((r) => r.a)).toEqual([1, 2, 3, 4]);
});

test('the buffer is ordered by ORDER BY: an out-of-order row sees earlier rows behind it and later ones ahead', () => {
  const node = overNode(
    scan('t'),
    call('LAG', [col('price')], { ...bySymbol, buffer: buffer(10) }),
    call('LEAD', [col('price')], { ...bySymbol, buffer: buffer(10) }),
  );
  const rows = select(['ts'], node, [
    tick('A', 10, 1000),
    tick('A', 30, 3000),
    tick('A', 20, 2000),
  ]).rows;
  expect(rows).toEqual([
    { ts: 1000, a: null, b: null },
    { ts: 3000, a: 10, b: null },
    { ts: 2000, a: 10, b: 30 },
  ]);
});

test('RANK, DENSE_RANK, ROW_NUMBER and PERCENT_RANK with ties (standard form, rows arrive in ORDER BY order)', () => {
  const byScore = { orderBy: [{ expr: col('score'), descending: false }] };
  const node = overNode(
    scan('t'),
    call('RANK', [], byScore),
    call('DENSE_RANK', [], byScore),
    call('ROW_NUMBER', [], byScore),
    call('PERCENT_RANK', [], byScore),
  );
  const rows = select(
    ['score'],
    node,
    [10, 20, 20, 30].map((score) => rec({ score })),
  );
  // PERCENT_RANK = (rank − 1) / (rows so far − 1): 0, 1/1, 1/2, 3/3
  expect(rows.rows.map((r) => [r.score, r.a, r.b, r.c, r.d])).toEqual([
    [10, 1, 1, 1, 0],
    [20, 2, 2, 2, 1],
    [20, 2, 2, 3, 0.5],
    [30, 4, 3, 4, 1],
  ]);
});

test('running SUM is exact for decimals; several OVER calls with different partitions in one select', () => {
  const amounts = [
    rec({ acct: 'x', amount: new Scaled(10, 2) }),
    rec({ acct: 'y', amount: new Scaled(20, 2) }),
    rec({ acct: 'x', amount: new Scaled(20, 2) }),
    rec({ acct: 'x', amount: new Scaled(30, 2) }),
  ];
  const node = overNode(
    scan('t'),
    call('SUM', [col('amount')], { partitionBy: [col('acct')] }),
    call('COUNT', [], {}),
  );
  const rows = select(['acct'], node, amounts).rows;
  expect(rows.map((r) => [r.acct, formatValue(r.a), r.b])).toEqual([
    ['x', '0.10', 1],
    ['y', '0.20', 2],
    ['x', '0.30', 3],
    ['x', '0.60', 4],
  ]);
});

test('ROWS BETWEEN 2 PRECEDING AND CURRENT ROW keeps the last rows; a FOLLOWING end acts as CURRENT ROW', () => {
  const values = [1, 2, 3, 4].map((v) => rec({ v }));
  const last3 = overNode(
    scan('t'),
    call('SUM', [col('v')], { frame: { units: 'rows', start: preceding(2), end: CURRENT } }),
  );
  expect(select([], last3, values).rows.map((r) => r.a)).toEqual([1, 3, 6, 9]);
  const ahead = overNode(
    scan('t'),
    call('SUM', [col('v')], {
      frame: { units: 'rows', start: preceding(1), end: { kind: 'following', offset: 5 } },
    }),
  );
  expect(select([], ahead, values).rows.map((r) => r.a)).toEqual([1, 3, 5, 7]);
  const before = overNode(
    scan('t'),
    call('SUM', [col('v')], {
      frame: { units: 'rows', start: { kind: 'unboundedPreceding' }, end: preceding(1) },
    }),
  );
  expect(select([], before, values).rows.map((r) => r.a)).toEqual([null, 1, 3, 6]);
});

test('RANGE BETWEEN INTERVAL 1 MINUTE PRECEDING AND CURRENT ROW sums the rows of the last minute by ORDER BY time', () => {
  const events = [0, 30_000, 60_000, 61_000, 200_000].map((ms, i) =>
    rec({ qty: i + 1, at: new Timestamp(ms) }),
  );
  const node = overNode(
    scan('t'),
    call('SUM', [col('qty')], {
      orderBy: [{ expr: col('at'), descending: false }],
      frame: { units: 'range', start: preceding(60_000), end: CURRENT },
    }),
  );
  // 0 s: 1 · 30 s: 1+2 · 60 s: 1+2+3 (0 s is exactly a minute back) · 61 s: 2+3+4 · 200 s: 5
  expect(select([], node, events).rows.map((r) => r.a)).toEqual([1, 3, 6, 9, 5]);
});

test('LAG with an offset and a default; LEAD without look-ahead gives its default; NTH_VALUE and NTILE', () => {
  const node = overNode(
    scan('t'),
    call('LAG', [col('v'), lit(2), lit(-1)]),
    call('LEAD', [col('v'), lit(1), lit(0)]),
    call('NTH_VALUE', [col('v'), lit(2)]),
  );
  expect(
    select(
      ['v'],
      node,
      [5, 6, 7].map((v) => rec({ v })),
    ).rows,
  ).toEqual([
    { v: 5, a: -1, b: 0, c: null },
    { v: 6, a: -1, b: 0, c: 6 },
    { v: 7, a: 5, b: 0, c: 6 },
  ]);
  // As the last of 1, 2, 3, 4 rows split into 2 buckets: bucket 1, then always the last bucket.
  const ntile = overNode(scan('t'), call('NTILE', [lit(2)]));
  expect(
    select(
      [],
      ntile,
      [1, 2, 3, 4].map((v) => rec({ v })),
    ).rows.map((r) => r.a),
  ).toEqual([1, 2, 2, 2]);
});

test('OVER keeps headers, event time and key; a bad argument skips the record as a record error', () => {
  const headers = new Map([['traceparent', '00-abc']]);
  const node = overNode(scan('t'), call('SUM', [col('v')]));
  const result = runBatches(plan(node), [
    [rec({ v: 1 }, 7, { headers, key: 'k' }), rec({ v: 'x' }, 8), rec({ v: 2 }, 9)],
  ]);
  expect(result.records.map((r) => [r.fields.$over1, r.eventTime])).toEqual([
    [1, 7],
    [3, 9],
  ]);
  expect(result.records[0].headers).toBe(headers);
  expect(result.records[0].key).toBe('k');
  expect(result.counters.recordErrors).toBe(1);
});

test('running STDDEV_POP (Welford), MIN, MAX and FIRST_VALUE per partition', () => {
  const node = overNode(
    scan('t'),
    call('STDDEV_POP', [col('v')]),
    call('MIN', [col('v')]),
    call('MAX', [col('v')]),
    call('FIRST_VALUE', [col('v')]),
  );
  const rows = select(
    [],
    node,
    [2, 4, 4, 4, 5, 5, 7, 9].map((v) => rec({ v })),
  ).rows;
  expect(rows[0]).toEqual({ a: 0, b: 2, c: 2, d: 2 });
  expect(rows[7]).toEqual({ a: 2, b: 2, c: 9, d: 2 }); // mean 5, squared deviations sum to 32 over 8 values
});

test('OVER appends its value after the record’s own fields, declared or not, in their order', () => {
  const ticks = scan('ticks', {
    schema: [
      { name: 'symbol', type: 'string' },
      { name: 'price', type: 'integer' },
      { name: 'ts', type: 'integer' },
    ],
  });
  const sum = call('SUM', [col('price')], { ...bySymbol, buffer: buffer(2) });
  const rows = runRecords(plan(overNode(ticks, sum)), [
    tick('A', 10, 1), // exactly the declared fields
    rec({ symbol: 'A', price: 11, ts: 2, venue: 'X' }, 2), // one undeclared
    rec({ price: 13, symbol: 'A', ts: 3 }, 3), // declared, another order
  ]).rows.map((fields) => Object.entries(fields));
  expect(rows).toEqual([
    [
      ['symbol', 'A'],
      ['price', 10],
      ['ts', 1],
      ['$over1', 10],
    ],
    [
      ['symbol', 'A'],
      ['price', 11],
      ['ts', 2],
      ['venue', 'X'],
      ['$over1', 21],
    ],
    [
      ['price', 13],
      ['symbol', 'A'],
      ['ts', 3],
      ['$over1', 24],
    ],
  ]);
});
