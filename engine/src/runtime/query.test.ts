import { aggCall, aggRef, aggregate, col, item, keyRef, plan, project, scan, tumbling } from '../plan/build';
import { runQuery } from './query';
import { COUNT, rec } from './testing/fixtures';
import type { Batch } from '../types/record';

async function* feed(batches: Batch[]): AsyncGenerator<Batch> {
  for (const b of batches) yield b;
}

/** An unbounded source producing a batch every millisecond, forever. */
async function* endless(): AsyncGenerator<Batch> {
  for (let i = 0; ; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield [rec({ i }, i)];
  }
}

/** A source that never produces anything (an idle topic). */
async function* idle(): AsyncGenerator<Batch> {
  yield* await new Promise<Batch[]>(() => {});
}

const windowed = plan(
  aggregate(scan('t'), {
    groupBy: [col('k')],
    aggregates: [aggCall(COUNT, [])],
    window: tumbling(1000),
    items: [item('k', keyRef(0)), item('n', aggRef(0))],
  }),
);

test('a bounded source runs to completion and the end of input flushes open windows', async () => {
  const out: Batch[] = [];
  const q = runQuery(windowed, feed([[rec({ k: 'a' }, 1)], [rec({ k: 'a' }, 2)]]), (b) => out.push(b));
  expect(await q.done).toEqual({ status: 'completed' });
  expect(out.flat().map((r) => r.fields)).toEqual([{ k: 'a', n: 2 }]);
  expect(q.progress()).toMatchObject({ status: 'completed', recordsIn: 2, recordsOut: 1, watermark: 2 });
});

test('cancel stops an unbounded query, without flushing', async () => {
  const out: Batch[] = [];
  const q = runQuery(windowed, endless(), (b) => out.push(b));
  await new Promise((resolve) => setTimeout(resolve, 30));
  q.cancel();
  const emittedWhenAsked = out.length;
  // The source never ends: only the cancel can settle `done`.
  expect(await q.done).toEqual({ status: 'cancelled' });
  expect(out.length).toBe(emittedWhenAsked);
  expect(q.progress().status).toBe('cancelled');
  expect(q.progress().recordsIn).toBeGreaterThan(0);
});

test('cancel lands while the source is idle', async () => {
  const q = runQuery(plan(project(scan('t'), [item('i', col('i'))])), idle(), () => {});
  setTimeout(() => q.cancel(), 10);
  expect((await q.done).status).toBe('cancelled');
});

test('a failing source fails the query with its error; done never rejects', async () => {
  async function* broken(): AsyncGenerator<Batch> {
    yield [rec({ k: 'a' }, 1)];
    throw new Error('disk gone');
  }
  const q = runQuery(windowed, broken(), () => {});
  const outcome = await q.done;
  expect(outcome.status).toBe('failed');
  expect((outcome.error as Error).message).toBe('disk gone');
});
