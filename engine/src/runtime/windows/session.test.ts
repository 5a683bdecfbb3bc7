/**
 * SESSION(gap 1000 ms), per GROUP BY key (D9): a session is [first, last + 1000); lateness 1000 ms.
 */
import type { EmitMode } from '../../plan/logical';
import { aggCall, aggRef, aggregate, col, item, keyRef, plan, scan, session, sys } from '../../plan/build';
import { COUNT, rec, runRecords } from '../testing/fixtures';

function sessionPlan(emit: EmitMode | null, partitionBy = false) {
  return plan(
    aggregate(scan('t'), {
      groupBy: [col('user')],
      aggregates: [aggCall(COUNT, [])],
      window: session(1000, null, partitionBy ? col('device') : null),
      emit,
      items: [
        item('user', keyRef(0)),
        item('ws', sys('_WINDOW_START')),
        item('we', sys('_WINDOW_END')),
        item('n', aggRef(0)),
      ],
    }),
  );
}

const u = (user: string, t: number, device = 'd1') => rec({ user, device }, t);

test('a record ≥ last + gap closes the session; all sessions closing together fire in end order', () => {
  const { rows } = runRecords(sessionPlan('final'), [u('A', 0), u('B', 500), u('A', 800), u('A', 2000), u('B', 2100)]);
  expect(rows).toEqual([
    { user: 'B', ws: 500, we: 1500, n: 1 }, // closed by A@2000
    { user: 'A', ws: 0, we: 1800, n: 2 },
    { user: 'A', ws: 2000, we: 3000, n: 1 }, // end of input (D2)
    { user: 'B', ws: 2100, we: 3100, n: 1 },
  ]);
});

test('sessions are per key (D9): a quiet key closes while a busy key stays open', () => {
  const busy = [0, 500, 1000, 1500, 2000, 2500].map((t) => u('A', t));
  const { batches } = runRecords(sessionPlan('final'), [u('B', 100), ...busy]);
  expect(batches.map((b) => b.map((r) => r.fields))).toEqual([
    [{ user: 'B', ws: 100, we: 1100, n: 1 }], // watermark 1500 passed B's end while A continued
    [{ user: 'A', ws: 0, we: 3500, n: 6 }], // end of input
  ]);
});

test('partition_col is added to the session key', () => {
  const { rows } = runRecords(sessionPlan('final', true), [u('A', 0, 'phone'), u('A', 100, 'laptop'), u('A', 200, 'phone')]);
  // Two sessions of user A, fired at the end in order of their ends (laptop 1100, phone 1200).
  expect(rows.map((r) => [r.user, r.ws, r.we, r.n])).toEqual([
    ['A', 100, 1100, 1],
    ['A', 0, 1200, 2],
  ]);
});

test('EMIT CHANGES: the session-so-far row after each input', () => {
  const { rows } = runRecords(sessionPlan('changes'), [u('A', 0), u('A', 500), u('A', 5000)]);
  expect(rows).toEqual([
    { user: 'A', ws: 0, we: 1000, n: 1 },
    { user: 'A', ws: 0, we: 1500, n: 2 },
    { user: 'A', ws: 5000, we: 6000, n: 1 },
  ]);
});

test('a late record bridging two sessions merges them and re-emits; the merged session fires again when it closes', () => {
  // A@1800 closes [0,1000) (n=1) and opens [1800,2800). A@900 is within gap of both: they merge
  // into [0,2800) with n=3 — late (the first one was emitted) → emitted at once; still open, so it
  // fires again at the end of input.
  const { rows, counters } = runRecords(sessionPlan('final'), [u('A', 0), u('A', 1800), u('A', 900)]);
  expect(rows).toEqual([
    { user: 'A', ws: 0, we: 1000, n: 1 },
    { user: 'A', ws: 0, we: 2800, n: 3 },
    { user: 'A', ws: 0, we: 2800, n: 3 },
  ]);
  expect(counters.lateRecords).toBe(1);
  expect(counters.groups).toBe(1);
});

test('too late: once the watermark passes last + 2·gap the session is forgotten and its records dropped', () => {
  const { rows, counters } = runRecords(sessionPlan('final'), [u('A', 0), u('A', 5000), u('A', 500)], { endOfInput: false });
  expect(rows).toEqual([{ user: 'A', ws: 0, we: 1000, n: 1 }]);
  expect(counters.droppedTooLate).toBe(1);
  expect(counters.windows).toBe(1); // only the open session [5000, 6000)
});
