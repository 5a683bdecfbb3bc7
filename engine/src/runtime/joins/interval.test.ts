/** Stream–stream interval joins: §4.4, D11. */
import type { JoinKind, JoinNode } from '../../plan/logical';
import { col, plan, scan } from '../../plan/build';
import { buildPipeline, type PipelineInput } from '../physical';
import type { Batch, StreamRecord } from '../../types/record';
import { rec } from '../testing/fixtures';
import { DEFAULT_COMPILE_OPTIONS } from '../compile';
import { newCounters } from '../operators/operator';
import { IntervalJoin } from './interval';

const orders = scan('orders', {
  schema: [
    { name: 'order_id', type: 'string' },
    { name: 'amount', type: 'integer' },
  ],
});
const shipments = scan('shipments', {
  schema: [
    { name: 'order_id', type: 'string' },
    { name: 'carrier', type: 'string' },
  ],
});

function join(joinKind: JoinKind, bound: { lowerMs: number; upperMs: number } | null): JoinNode {
  return {
    kind: 'join',
    joinKind,
    strategy: 'interval',
    left: orders,
    right: shipments,
    rightAlias: 's',
    keys: [{ left: col('order_id'), right: col('order_id') }],
    residual: null,
    interval: bound && { leftTime: null, rightTime: null, ...bound },
  };
}

const WITHIN_10S = { lowerMs: -10_000, upperMs: 10_000 };
const NEXT_10S = { lowerMs: 0, upperMs: 10_000 };

const order = (id: string, t: number) => rec({ order_id: id, amount: 1 }, t);
const shipment = (id: string, t: number) => rec({ order_id: id, carrier: 'dhl' }, t);

/** A join pipeline driven step by step: `left`/`right` push one batch; `output()` returns what was emitted so far. */
function harness(node: JoinNode) {
  const out: Batch[] = [];
  const pipeline = buildPipeline(plan(node), (b) => out.push(b));
  const [l, r] = pipeline.inputs as [PipelineInput, PipelineInput];
  const taken: StreamRecord[] = [];
  return {
    left: (...records: StreamRecord[]) => l.input.push(records),
    right: (...records: StreamRecord[]) => r.input.push(records),
    end: () => {
      l.input.flush(true);
      r.input.flush(true);
    },
    /** Rows emitted since the last call, as [left order_id, right order_id] pairs. */
    newPairs: () => {
      const all = out.flat();
      const fresh = all.slice(taken.length);
      taken.push(...fresh);
      return fresh.map((x) => [x.fields.order_id, x.fields.right_order_id]);
    },
    records: () => out.flat(),
  };
}

test('both sides become pipeline inputs, left first', () => {
  const pipeline = buildPipeline(plan(join('inner', null)), () => {});
  expect(pipeline.inputs.map((i) => [i.source.source, i.role])).toEqual([
    ['orders', 'stream'],
    ['shipments', 'stream'],
  ]);
});

test('WITHIN: rows of the same key within the bound join, outside it they do not', () => {
  const j = harness(join('inner', WITHIN_10S));
  j.left(order('o1', 1_000), order('o2', 1_000));
  j.right(shipment('o1', 5_000), shipment('o2', 30_000)); // o2: 29 s apart
  expect(j.newPairs()).toEqual([['o1', 'o1']]);
  const [joined] = j.records();
  expect(joined.fields).toEqual({
    order_id: 'o1',
    amount: 1,
    right_order_id: 'o1',
    carrier: 'dhl',
  });
  expect(joined.eventTime).toBe(5_000); // max of both sides
});

test('out-of-order arrival: a right row first, then an earlier left row within the bound', () => {
  const j = harness(join('inner', WITHIN_10S));
  j.right(shipment('o3', 2_000));
  j.left(order('o3', 1_500));
  expect(j.newPairs()).toEqual([['o3', 'o3']]);
});

test('default bound: right.time − left.time ∈ [0, 1 h]', () => {
  const j = harness(join('inner', null));
  j.left(order('a', 10_000), order('b', 10_000), order('c', 10_000));
  j.right(
    shipment('a', 9_999),
    shipment('b', 10_000 + 3_600_000),
    shipment('c', 10_001 + 3_600_000),
  );
  expect(j.newPairs()).toEqual([['b', 'b']]);
});

test('LEFT: an unmatched order is emitted with NULLs only once the shipments watermark passes its interval end', () => {
  const j = harness(join('left', NEXT_10S));
  j.left(order('a', 0));
  j.right(shipment('x', 5_000));
  expect(j.newPairs()).toEqual([]);
  j.right(shipment('y', 10_000)); // reaches, but does not pass, 0 + 10 s
  expect(j.newPairs()).toEqual([]);
  j.right(shipment('z', 10_001));
  expect(j.newPairs()).toEqual([['a', null]]);
  expect(j.records()[0].fields).toEqual({
    order_id: 'a',
    amount: 1,
    right_order_id: null,
    carrier: null,
  });
  j.end();
  expect(j.newPairs()).toEqual([]); // unmatched shipments are not kept by LEFT
});

test('LEFT: a matched order is never emitted again with NULLs', () => {
  const j = harness(join('left', NEXT_10S));
  j.left(order('a', 0));
  j.right(shipment('a', 3_000), shipment('q', 50_000));
  j.end();
  expect(j.newPairs()).toEqual([['a', 'a']]);
});

test('FULL: unmatched rows of both sides, each when the other side passes its interval, the rest at end of input', () => {
  const j = harness(join('full', NEXT_10S));
  j.left(order('a', 0));
  j.right(shipment('b', 0));
  expect(j.newPairs()).toEqual([]);
  j.left(order('c', 20_000)); // orders watermark 20 s passes shipment b's interval end (0 − 0)
  expect(j.newPairs()).toEqual([[null, 'b']]);
  const rightOnly = j.records()[0];
  expect(rightOnly.fields).toEqual({
    order_id: null,
    amount: null,
    right_order_id: 'b',
    carrier: 'dhl',
  });
  j.end();
  expect(j.newPairs()).toEqual([
    ['a', null],
    ['c', null],
  ]);
});

test('one input delivered completely before the other still joins (eviction follows the other side’s progress)', () => {
  const j = harness(join('inner', NEXT_10S));
  j.left(order('a', 0), order('b', 100_000), order('c', 200_000));
  j.right(shipment('a', 5_000), shipment('c', 205_000));
  j.end();
  expect(j.newPairs()).toEqual([
    ['a', 'a'],
    ['c', 'c'],
  ]);
});

test('the join’s end of input reaches downstream once, after both inputs ended', () => {
  const ends: boolean[] = [];
  const env = {
    counters: newCounters(),
    compile: DEFAULT_COMPILE_OPTIONS,
    now: Date.now,
    onRecordError: null,
    onTooLate: null,
  };
  const j = new IntervalJoin(join('inner', null), env, {
    push: () => {},
    flush: (end) => ends.push(end),
  });
  j.leftInput.flush(true);
  expect(ends).toEqual([]);
  j.rightInput.flush(true);
  j.rightInput.flush(true);
  expect(ends).toEqual([true]);
});
