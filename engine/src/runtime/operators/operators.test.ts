/** Filter, project, DISTINCT, ORDER BY, LIMIT: §4.2, §4.5, §10.2–§10.4. */
import type { ScalarFunction } from '../../types/functions/types';
import { bin, call, col, distinct, filter, item, limit, lit, plan, project, scan, sort } from '../../plan/build';
import { rec, runBatches } from '../testing/fixtures';
import { Timestamp } from '../../types/values/types';
import { DistinctOperator } from './shaping';
import type { Batch } from '../../types/record';

const trades = [
  rec({ symbol: 'AAPL', qty: 10 }, 1),
  rec({ symbol: 'MSFT', qty: 0 }, 2),
  rec({ symbol: 'AAPL', qty: 5 }, 3),
];

test('WHERE passes only TRUE; the projection renames and computes; one output per qualifying input', () => {
  const p = plan(
    project(filter(scan('trades'), bin('>', col('qty'), lit(0))), [
      item('symbol', col('symbol')),
      item('double', bin('*', col('qty'), lit(2), 'integer')),
    ]),
  );
  expect(runBatches(p, [trades]).rows).toEqual([
    { symbol: 'AAPL', double: 20 },
    { symbol: 'AAPL', double: 10 },
  ]);
});

test('projection keeps headers, event time and processing time; its key is null without PRIMARY KEY', () => {
  const headers = new Map([['traceparent', '00-abc']]);
  const p = plan(project(scan('t'), [item('symbol', col('symbol'))]));
  const [out] = runBatches(p, [[rec({ symbol: 'A' }, 99, { headers, timestamp: 7, key: 'old' })]]).records;
  expect(out.headers).toBe(headers);
  expect(out.eventTime).toBe(99);
  expect(out.timestamp).toBe(7);
  expect(out.key).toBeNull();
});

test('PRIMARY KEY: one item → its raw value, several → joined with |', () => {
  const input = [[rec({ symbol: 'AAPL', exchange: 'NYSE', id: 42 })]];
  const single = plan(project(scan('t'), [item('id', col('id'), true), item('symbol', col('symbol'))]));
  expect(runBatches(single, input).records[0].key).toBe(42);
  const compound = plan(project(scan('t'), [item('symbol', col('symbol'), true), item('exchange', col('exchange'), true)]));
  expect(runBatches(compound, input).records[0].key).toBe('AAPL|NYSE');
});

test('`expr AS _EVENT_TIME` sets the event time and is not a payload field', () => {
  const p = plan(project(scan('t'), [item('id', col('id'))], col('paid_at')));
  const out = runBatches(p, [[rec({ id: 1, paid_at: new Timestamp(5000) }, 1)], [rec({ id: 2, paid_at: 6000 }, 1)]]).records;
  expect(out.map((r) => [r.fields, r.eventTime])).toEqual([
    [{ id: 1 }, 5000],
    [{ id: 2 }, 6000],
  ]);
});

test('a header-writing function changes the output record’s headers, never the input’s', () => {
  const setHeader: ScalarFunction = {
    name: 'SET_HEADER',
    aliases: [],
    kind: 'scalar',
    minArgs: 2,
    maxArgs: 2,
    signature: 'SET_HEADER(k, v)',
    doc: '',
    returnType: () => 'any',
    call: ([k, v], ctx) => {
      const headers = (ctx.record.headers ??= new Map());
      headers.set(String(k), String(v));
      return v;
    },
  };
  const input = new Map([['tenant', 't1']]);
  const p = plan(project(scan('t'), [item('risk', call(setHeader, [lit('risk'), lit('high')]))]));
  const [out] = runBatches(p, [[rec({}, 1, { headers: input })]]).records;
  expect(out.headers).toEqual(new Map([['tenant', 't1'], ['risk', 'high']]));
  expect(input).toEqual(new Map([['tenant', 't1']]));
});

test('DISTINCT drops rows equal to an earlier output row (numerically equal values included)', () => {
  const p = plan(distinct(project(scan('t'), [item('symbol', col('symbol'))])));
  expect(runBatches(p, [trades, trades]).rows).toEqual([{ symbol: 'AAPL' }, { symbol: 'MSFT' }]);
});

test('DISTINCT remembers a bounded number of rows, forgetting the oldest first', () => {
  const out: Batch[] = [];
  const op = new DistinctOperator({ push: (b) => out.push(b), flush: () => {} }, 2);
  const row = (x: string) => rec({ x });
  op.push([row('a'), row('b'), row('c')]); // memory now b, c
  op.push([row('b'), row('a')]); // b is remembered, a was forgotten
  expect(out.flat().map((r) => r.fields.x)).toEqual(['a', 'b', 'c', 'a']);
});

test('ORDER BY sorts each input batch separately (DESC, ties keep arrival order)', () => {
  const p = plan(sort(project(scan('t'), [item('symbol', col('symbol')), item('qty', col('qty'))]), [{ expr: col('qty'), descending: true }]));
  const { batches } = runBatches(p, [trades, [rec({ symbol: 'X', qty: 1 }), rec({ symbol: 'Y', qty: 99 })]]);
  expect(batches.map((b) => b.map((r) => r.fields.qty))).toEqual([
    [10, 5, 0],
    [99, 1],
  ]);
});

test('LIMIT counts over the query’s life; later results are discarded', () => {
  const p = plan(limit(project(scan('t'), [item('qty', col('qty'))]), 4));
  const { rows, counters } = runBatches(p, [trades, trades]);
  expect(rows.map((r) => r.qty)).toEqual([10, 0, 5, 10]);
  expect(counters.recordsOut).toBe(4);
});

test('the metric hook sees every output record', () => {
  const seen: unknown[] = [];
  const p = plan(project(scan('t'), [item('qty', col('qty'))]));
  runBatches(p, [trades], { onOutputRecord: (r) => seen.push(r.fields.qty) });
  expect(seen).toEqual([10, 0, 5]);
});
