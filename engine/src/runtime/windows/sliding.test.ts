/**
 * SLIDING(size 1000 ms, advance 500 ms): windows [k·500, k·500 + 1000), lateness 500 ms.
 * A record at 100 belongs to [-500,500) and [0,1000); at 600 to [0,1000) and [500,1500); at 1200
 * to [500,1500) and [1000,2000).
 */
import type { EmitMode } from '../../plan/logical';
import { aggCall, aggRef, aggregate, col, item, keyRef, plan, scan, sliding, sys } from '../../plan/build';
import { COUNT, SUM, rec, runRecords } from '../testing/fixtures';

function slidingPlan(emit: EmitMode | null, size = 1000, advance = 500) {
  return plan(
    aggregate(scan('t'), {
      groupBy: [col('k')],
      aggregates: [aggCall(COUNT, []), aggCall(SUM, [col('v')])],
      window: sliding(size, advance),
      emit,
      items: [item('k', keyRef(0)), item('ws', sys('_WINDOW_START')), item('n', aggRef(0)), item('sum', aggRef(1))],
    }),
  );
}

const r = (t: number, v: number, k = 'A') => rec({ k, v }, t);

test('EMIT FINAL: every window containing data fires once, merged from its panes', () => {
  const { rows } = runRecords(slidingPlan('final'), [r(100, 1), r(600, 10), r(1200, 100)]);
  expect(rows).toEqual([
    { k: 'A', ws: -500, n: 1, sum: 1 }, // fired by 600
    { k: 'A', ws: 0, n: 2, sum: 11 }, // fired by 1200
    { k: 'A', ws: 500, n: 2, sum: 110 }, // end of input
    { k: 'A', ws: 1000, n: 1, sum: 100 },
  ]);
});

test('EMIT CHANGES: per input, one window-so-far row for every window containing it', () => {
  const { rows } = runRecords(slidingPlan('changes'), [r(100, 1), r(600, 10), r(1200, 100)]);
  expect(rows.map((x) => [x.ws, x.n, x.sum])).toEqual([
    [-500, 1, 1],
    [0, 1, 1],
    [0, 2, 11],
    [500, 1, 10],
    [500, 2, 110],
    [1000, 1, 100],
  ]);
});

test('size not a multiple of advance: panes of gcd width still give exact membership', () => {
  // SLIDING(1000, 400): windows [k·400, k·400+1000); a record at 900 is in [0,1000), [400,1400), [800,1800).
  const { rows } = runRecords(slidingPlan('changes', 1000, 400), [r(900, 1)]);
  expect(rows.map((x) => x.ws)).toEqual([0, 400, 800]);
});

test('groups are kept apart and empty stretches of time fire nothing', () => {
  const { rows } = runRecords(slidingPlan('final'), [r(100, 1, 'A'), r(200, 2, 'B'), r(10_100, 5, 'A')], { endOfInput: false });
  expect(rows).toEqual([
    { k: 'A', ws: -500, n: 1, sum: 1 },
    { k: 'B', ws: -500, n: 1, sum: 2 },
    { k: 'A', ws: 0, n: 1, sum: 1 },
    { k: 'B', ws: 0, n: 1, sum: 2 },
  ]);
});

test('late record re-emits its group row in each closed window within lateness; too late is dropped', () => {
  // 1300 closes the windows ending ≤ 1300: [-500,500) and [0,1000). A record at 900 then belongs
  // to [0,1000) (closed, watermark 1300 < 1000 + 500: late firing) and [500,1500) (still open).
  const { rows, counters } = runRecords(slidingPlan('final'), [r(100, 1), r(1300, 10), r(900, 100)], { endOfInput: false });
  expect(rows).toEqual([
    { k: 'A', ws: -500, n: 1, sum: 1 },
    { k: 'A', ws: 0, n: 1, sum: 1 },
    { k: 'A', ws: 0, n: 2, sum: 101 },
  ]);
  expect(counters.lateRecords).toBe(1);
  // At watermark 3000 every window containing 900 is past its lateness (last one [500,1500) → 2000).
  const tooLate = runRecords(slidingPlan('final'), [r(100, 1), r(3000, 1), r(900, 1)], { endOfInput: false });
  expect(tooLate.counters.droppedTooLate).toBe(1);
});

test('pane state is bounded: panes no window needs any more are forgotten', () => {
  const input = Array.from({ length: 100 }, (_, i) => r(i * 500, 1));
  const { counters } = runRecords(slidingPlan('final'), input, { endOfInput: false });
  // Watermark 49 500: panes from 48 000 on are still needed (48 000's last window [48000,49000)
  // is forgotten at 49 500, so that pane goes too): 48 500, 49 000, 49 500 remain.
  expect(counters.windows).toBe(3);
});
