/**
 * TUMBLING windows, hand-computed (§6.2, §8). Size 1000 ms → windows [0,1000), [1000,2000), …;
 * allowed lateness 500 ms.
 */
import type { EmitMode, PlanExpr } from '../../plan/logical';
import { aggCall, aggRef, aggregate, bin, col, item, keyRef, lit, plan, scan, sort, sys, tumbling } from '../../plan/build';
import { COUNT, SUM, rec, runBatches, runRecords } from '../testing/fixtures';

/** SELECT symbol, _WINDOW_START AS ws, COUNT(*) AS n FROM t GROUP BY symbol WINDOW TUMBLING(1s) [HAVING] [EMIT] */
function countPlan(emit: EmitMode | null, having: PlanExpr | null = null) {
  return plan(
    aggregate(scan('t'), {
      groupBy: [col('symbol')],
      aggregates: [aggCall(COUNT, [])],
      window: tumbling(1000),
      emit,
      having,
      items: [item('symbol', keyRef(0)), item('ws', sys('_WINDOW_START')), item('n', aggRef(0))],
    }),
  );
}

const A = (t: number) => rec({ symbol: 'A' }, t);
const B = (t: number) => rec({ symbol: 'B' }, t);

test('EMIT FINAL (and the default): one row per group when a record ≥ the window end arrives; end of input flushes the rest (D2)', () => {
  const input = [A(100), B(200), A(900), A(1100), B(1500), A(2000)];
  const expected = [
    { symbol: 'A', ws: 0, n: 2 },
    { symbol: 'B', ws: 0, n: 1 },
    { symbol: 'A', ws: 1000, n: 1 },
    { symbol: 'B', ws: 1000, n: 1 },
    { symbol: 'A', ws: 2000, n: 1 },
  ];
  expect(runRecords(countPlan('final'), input).rows).toEqual(expected);
  expect(runRecords(countPlan(null), input).rows).toEqual(expected);
});

test('a window is not emitted before a record reaches its end; an unbounded input never flushes', () => {
  const { rows } = runRecords(countPlan('final'), [A(100), A(999)], { endOfInput: false });
  expect(rows).toEqual([]);
  expect(runRecords(countPlan('final'), [A(100), A(1000)], { endOfInput: false }).rows).toEqual([{ symbol: 'A', ws: 0, n: 1 }]);
});

test('EMIT CHANGES: after each input, the window-so-far row of its group', () => {
  const { rows } = runRecords(countPlan('changes'), [A(100), B(200), A(900), A(1100)]);
  expect(rows).toEqual([
    { symbol: 'A', ws: 0, n: 1 },
    { symbol: 'B', ws: 0, n: 1 },
    { symbol: 'A', ws: 0, n: 2 },
    { symbol: 'A', ws: 1000, n: 1 },
  ]);
});

test('out-of-order records inside an open window are simply added', () => {
  const { rows, counters } = runRecords(countPlan('final'), [A(800), A(100), A(500), A(1000)], { endOfInput: false });
  expect(rows).toEqual([{ symbol: 'A', ws: 0, n: 3 }]);
  expect(counters.lateRecords).toBe(0);
});

test('late record within the lateness re-emits its group row; too late is dropped and counted', () => {
  // A@1100 closes [0,1000); A@900 is late (watermark 1100 < 1000 + 500): re-emitted with n=2.
  // A@1600 moves the watermark past 1500, so A@950 is too late.
  const { rows, counters } = runRecords(countPlan('final'), [A(100), A(1100), A(900), A(1600), A(950)]);
  expect(rows).toEqual([
    { symbol: 'A', ws: 0, n: 1 },
    { symbol: 'A', ws: 0, n: 2 },
    { symbol: 'A', ws: 1000, n: 2 },
  ]);
  expect(counters.lateRecords).toBe(1);
  expect(counters.droppedTooLate).toBe(1);
  expect(counters.watermark).toBe(1600);
});

test('a late record for a window that had no rows yet is emitted at once', () => {
  // A@2000 closes nothing with data for B; B@1200 is late for [1000,2000) (watermark 2000 < 2500).
  const { rows } = runRecords(countPlan('final'), [A(100), A(2000), B(1200)], { endOfInput: false });
  expect(rows).toEqual([
    { symbol: 'A', ws: 0, n: 1 },
    { symbol: 'B', ws: 1000, n: 1 },
  ]);
});

test('HAVING filters every candidate emission', () => {
  const having = bin('>=', aggRef(0), lit(2));
  expect(runRecords(countPlan('final', having), [A(100), B(200), A(300), B(1200)]).rows).toEqual([{ symbol: 'A', ws: 0, n: 2 }]);
});

test('the window time column, when given, decides the window instead of the event time', () => {
  const p = plan(
    aggregate(scan('t'), {
      aggregates: [aggCall(SUM, [col('qty')])],
      window: tumbling(1000, col('ts')),
      items: [item('ws', sys('_WINDOW_START')), item('we', sys('_WINDOW_END')), item('total', aggRef(0))],
    }),
  );
  const { rows, records } = runRecords(p, [rec({ ts: 1500, qty: 2 }, 0), rec({ ts: 1700, qty: 3 }, 0)]);
  expect(rows).toEqual([{ ws: 1000, we: 2000, total: 5 }]);
  // The output's event time is the latest window time of its records.
  expect(records[0].eventTime).toBe(1700);
});

test('aggregates without GROUP BY under a window: one row per window (default FINAL) with a null key', () => {
  const p = plan(
    aggregate(scan('t'), {
      aggregates: [aggCall(COUNT, [])],
      window: tumbling(1000),
      items: [item('n', aggRef(0))],
    }),
  );
  const { rows, records } = runRecords(p, [A(1), B(2), A(1001)]);
  expect(rows).toEqual([{ n: 2 }, { n: 1 }]);
  expect(records[0].key).toBeNull();
});

test('ORDER BY sorts the rows of each window firing separately', () => {
  const p = plan(sort(countPlan('final').root, [{ expr: col('symbol'), descending: false }]));
  const input = [rec({ symbol: 'C' }, 1), B(2), A(3), B(1001), A(1002), rec({ symbol: 'C' }, 2001)];
  const { batches } = runBatches(p, [input]);
  expect(batches.map((b) => b.map((r) => `${r.fields.symbol}@${r.fields.ws}`))).toEqual([
    ['A@0', 'B@0', 'C@0'],
    ['A@1000', 'B@1000'],
    ['C@2000'],
  ]);
});

test('windowed output carries the GROUP BY key and the last input headers without _event_time', () => {
  const h = new Map([
    ['trace', 'x'],
    ['_event_time', '5'],
  ]);
  const { records } = runRecords(countPlan('final'), [A(1), rec({ symbol: 'A' }, 2, { headers: h })]);
  expect(records[0].key).toBe('A');
  expect(records[0].headers).toEqual(new Map([['trace', 'x']]));
  expect(h.has('_event_time')).toBe(true); // the input's map is untouched
});

test('state is forgotten once the lateness has passed', () => {
  const { counters } = runRecords(countPlan('final'), [A(100), B(100), A(1100), A(2600)], { endOfInput: false });
  // [0,1000) forgotten at watermark ≥ 1500, [1000,2000) at ≥ 2500; only [2000,3000) remains.
  expect(counters.windows).toBe(1);
  expect(counters.groups).toBe(1);
});
