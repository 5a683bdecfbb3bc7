/** GROUP BY without WINDOW and aggregates without GROUP BY (§8 rows 2 and 4), message keys (§10.4). */
import type { EmitMode } from '../../plan/logical';
import { aggCall, aggRef, aggregate, bin, col, item, keyRef, lit, plan, scan } from '../../plan/build';
import { COUNT, SUM, rec, runBatches, runRecords } from '../testing/fixtures';
import { formatValue } from '../../types/values/format';
import { Scaled } from '../../types/values/types';
import { lookupFunction } from '../../types/functions/catalogue';
import type { AggregateFunction } from '../../types/functions/types';

/** SELECT symbol, COUNT(*) AS trades, SUM(qty) AS volume FROM trades GROUP BY symbol [EMIT] */
function byKey(emit: EmitMode | null) {
  return plan(
    aggregate(scan('trades'), {
      groupBy: [col('symbol')],
      aggregates: [aggCall(COUNT, []), aggCall(SUM, [col('qty')])],
      emit,
      items: [item('symbol', keyRef(0)), item('trades', aggRef(0)), item('volume', aggRef(1))],
    }),
  );
}

const t = (symbol: string | null, qty: number) => rec({ symbol, qty });
const input = [t('A', 1), t('B', 2), t('A', 3), t('C', 4), t('A', 5), t('B', 6), t('C', 7), t('A', 8)];

test('no EMIT = EMIT CHANGES: after each input the current row of its group (8 inputs → 8 rows)', () => {
  const expected = [
    { symbol: 'A', trades: 1, volume: 1 },
    { symbol: 'B', trades: 1, volume: 2 },
    { symbol: 'A', trades: 2, volume: 4 },
    { symbol: 'C', trades: 1, volume: 4 },
    { symbol: 'A', trades: 3, volume: 9 },
    { symbol: 'B', trades: 2, volume: 8 },
    { symbol: 'C', trades: 2, volume: 11 },
    { symbol: 'A', trades: 4, volume: 17 },
  ];
  expect(runBatches(byKey(null), [input.slice(0, 3), input.slice(3)]).rows).toEqual(expected);
  expect(runRecords(byKey('changes'), input).rows).toEqual(expected);
});

test('EMIT FINAL: one row per group when the bounded input ends; nothing while it runs', () => {
  expect(runRecords(byKey('final'), input, { endOfInput: false }).rows).toEqual([]);
  expect(runRecords(byKey('final'), input).rows).toEqual([
    { symbol: 'A', trades: 4, volume: 17 },
    { symbol: 'B', trades: 2, volume: 8 },
    { symbol: 'C', trades: 2, volume: 11 },
  ]);
});

test('NULL group keys form one group', () => {
  const { rows } = runRecords(byKey('final'), [t(null, 1), t('A', 1), t(null, 2)]);
  expect(rows).toEqual([
    { symbol: null, trades: 2, volume: 3 },
    { symbol: 'A', trades: 1, volume: 1 },
  ]);
});

test('aggregates without GROUP BY: one running row per input (default), one row at the end under FINAL', () => {
  const total = (emit: EmitMode | null) =>
    plan(aggregate(scan('t'), { aggregates: [aggCall(COUNT, [])], emit, items: [item('n', aggRef(0))] }));
  expect(runRecords(total(null), input.slice(0, 3)).rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  expect(runRecords(total('final'), input.slice(0, 3)).rows).toEqual([{ n: 3 }]);
});

test('SUM of exact decimals (the catalogue’s SUM): 0.10 + 0.20 = 0.30', () => {
  const sum = lookupFunction('SUM') as AggregateFunction;
  const p = plan(aggregate(scan('t'), { aggregates: [aggCall(sum, [col('amount')])], emit: 'final', items: [item('total', aggRef(0))] }));
  const { rows } = runRecords(p, [rec({ amount: new Scaled(10, 2) }), rec({ amount: new Scaled(20, 2) })]);
  expect(formatValue(rows[0].total)).toBe('0.30');
});

test('HAVING filters each candidate emission', () => {
  const p = byKey('changes');
  if (p.root.kind === 'aggregate') p.root.having = bin('>', aggRef(1), lit(3));
  expect(runRecords(p, input.slice(0, 4)).rows).toEqual([
    { symbol: 'A', trades: 2, volume: 4 },
    { symbol: 'C', trades: 1, volume: 4 },
  ]);
});

describe('message key (§10.4)', () => {
  test('one GROUP BY column → its raw value', () => {
    expect(runRecords(byKey('changes'), [t('AAPL', 1)]).records[0].key).toBe('AAPL');
  });

  test('several GROUP BY columns → values joined with |', () => {
    const p = plan(
      aggregate(scan('t'), {
        groupBy: [col('symbol'), col('exchange')],
        aggregates: [aggCall(COUNT, [])],
        items: [item('symbol', keyRef(0)), item('exchange', keyRef(1)), item('n', aggRef(0))],
      }),
    );
    expect(runRecords(p, [rec({ symbol: 'AAPL', exchange: 'NYSE' })]).records[0].key).toBe('AAPL|NYSE');
  });

  test('PRIMARY KEY items take priority over GROUP BY columns', () => {
    const p = plan(
      aggregate(scan('t'), {
        groupBy: [col('symbol'), col('exchange')],
        aggregates: [aggCall(COUNT, [])],
        items: [item('symbol', keyRef(0)), item('n', aggRef(0), true)],
      }),
    );
    expect(runRecords(p, [rec({ symbol: 'AAPL', exchange: 'NYSE' })]).records[0].key).toBe(1);
  });
});

test('an ungrouped column in the select list reads the group’s last input record', () => {
  const p = plan(
    aggregate(scan('t'), {
      groupBy: [col('symbol')],
      aggregates: [aggCall(COUNT, [])],
      emit: 'final',
      items: [item('symbol', keyRef(0)), item('qty', col('qty')), item('n', aggRef(0))],
    }),
  );
  expect(runRecords(p, [t('A', 1), t('A', 7)]).rows).toEqual([{ symbol: 'A', qty: 7, n: 2 }]);
});

test('a record whose expression raises is counted and skipped, the query goes on', () => {
  const p = plan(
    aggregate(scan('t'), {
      aggregates: [aggCall(SUM, [bin('+', col('qty'), lit(1), 'integer')])],
      emit: 'final',
      items: [item('total', aggRef(0))],
    }),
  );
  const { rows, counters } = runRecords(p, [rec({ qty: 1 }), rec({ qty: true }), rec({ qty: 2 })]);
  expect(rows).toEqual([{ total: 5 }]);
  expect(counters.recordErrors).toBe(1);
});
