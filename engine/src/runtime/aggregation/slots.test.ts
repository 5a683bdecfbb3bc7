/**
 * Flat aggregate state gives exactly the catalogue accumulators' results — same type, scale and
 * bits — for adds and merges of seeded random data (NULLs, mixed scales, bigints, Floats, a
 * non-number); and single GROUP BY keys group exactly as `groupKey` does.
 */
import type { AggregateCall } from '../../plan/logical';
import { lookupFunction } from '../../types/functions/catalogue';
import type { AggregateFunction } from '../../types/functions/types';
import { groupKey } from '../../types/values/compare';
import { Interval, Scaled, Timestamp, type Value } from '../../types/values/types';
import { singleGroupKey } from './groups';
import { planSlot, slotAggregate, type Slots } from './slots';
import { bin, col } from '../../plan/build';
import { multiply } from '../../types/values/arith';
import { Random } from '../../types/prng';

/** The engine's seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.nextFloat();
}

function randomValue(next: () => number, floats: boolean): Value {
  const r = next();
  const small = Math.floor(next() * 2000) - 1000;
  if (r < 0.1) return null;
  if (r < 0.35) return small;
  if (r < 0.45) return new Scaled(small * 10, 1);
  if (r < 0.7) return new Scaled(small, 2);
  if (r < 0.8) return new Scaled(small * 7, 0);
  if (r < 0.85) return 2n ** 60n + BigInt(small);
  if (r < 0.9) return new Scaled(2n ** 58n * BigInt(small), 4);
  if (r < 0.95 && floats) return small / 8 + 0.1;
  return 2 ** 52 + small; // near the end of the safe integers
}

const call = (name: string): AggregateCall =>
  ({
    fn: lookupFunction(name) as AggregateFunction,
    args: [],
    distinct: false,
    constantArgs: [],
  }) as unknown as AggregateCall;

function same(a: Value, b: Value): boolean {
  if (a instanceof Scaled && b instanceof Scaled)
    return a.scale === b.scale && a.unscaled === b.unscaled;
  return Object.is(a, b);
}

describe('flat aggregate slots equal the catalogue accumulators', () => {
  for (const name of ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'STDDEV']) {
    for (const floats of [false, true]) {
      test(`${name}${floats ? ', Floats among the values' : ''}: adds, then merges of panes`, () => {
        const next = random(name.length * 31 + (floats ? 7 : 0));
        const aggregate = slotAggregate(call(name));
        const at = 1; // not at 0, to catch offset mistakes
        for (let trial = 0; trial < 200; trial++) {
          const panes = Array.from({ length: 3 }, () => {
            const slots: Slots = [];
            aggregate.init(slots, at);
            const acc = call(name).fn.create({ distinct: false, constantArgs: [] });
            const n = Math.floor(next() * 6);
            for (let i = 0; i < n; i++) {
              const args = [randomValue(next, floats)];
              aggregate.add(slots, at, args);
              acc.add(args);
            }
            expect(same(aggregate.result(slots, at), acc.result())).toBe(true);
            return { slots, acc };
          });
          const [into, ...rest] = panes;
          for (const from of rest) {
            aggregate.merge(into.slots, from.slots, at);
            into.acc.merge(from.acc);
            const [got, want] = [aggregate.result(into.slots, at), into.acc.result()];
            if (!same(got, want))
              throw new Error(`${name} merge: ${String(got)} ≠ ${String(want)}`);
          }
        }
      });
    }
  }

  test('SUM(a * b) of two columns multiplies in place with the results of SUM over `*`', () => {
    const fused = planSlot({ ...call('SUM'), args: [bin('*', col('a'), col('b'), 'any')] });
    expect(fused.args).toEqual([col('a'), col('b')]);
    const sum = slotAggregate(call('SUM'));
    const next = random(5);
    for (let trial = 0; trial < 300; trial++) {
      const [x, y]: Slots[] = [[], []];
      fused.aggregate.init(x, 0);
      sum.init(y, 0);
      for (let i = 0; i < 8; i++) {
        const [a, b] = [randomValue(next, trial % 2 === 0), randomValue(next, false)];
        const outcome = (f: () => void) => {
          try {
            f();
            return 'added';
          } catch (e) {
            return (e as Error).message; // e.g. an Integer product beyond 64 bits
          }
        };
        expect(outcome(() => fused.aggregate.add(x, 0, [a, b]))).toBe(
          outcome(() => sum.add(y, 0, [multiply(a, b)])),
        );
      }
      const [got, want] = [fused.aggregate.result(x, 0), sum.result(y, 0)];
      if (!same(got, want)) throw new Error(`${String(got)} ≠ ${String(want)}`);
    }
  });

  test('SUM rejects a String as the accumulator does, and keeps its total', () => {
    const sum = slotAggregate(call('SUM'));
    const slots: Slots = [];
    sum.init(slots, 0);
    sum.add(slots, 0, [new Scaled(150, 2)]);
    expect(() => sum.add(slots, 0, ['x'])).toThrow(/SUM expects numbers/);
    sum.add(slots, 0, [1]);
    expect(sum.result(slots, 0)).toEqual(new Scaled(250, 2));
  });

  test('SUM turns Float for good once a Float arrives, continuing from the exact total', () => {
    const sum = slotAggregate(call('SUM'));
    const slots: Slots = [];
    sum.init(slots, 0);
    sum.add(slots, 0, [new Scaled(10, 1)]);
    sum.add(slots, 0, [0.25]);
    sum.add(slots, 0, [new Scaled(5, 1)]);
    expect(sum.result(slots, 0)).toBe(1.75);
  });
});

describe('single GROUP BY keys', () => {
  const values: Value[] = [
    'AAPL',
    '',
    '\u0001x',
    's\u0001x',
    'sx',
    'n12',
    'N',
    12,
    -0,
    0,
    12.5,
    12.0,
    2 ** 60,
    2n ** 60n,
    12n,
    new Scaled(1200, 2),
    new Scaled(1250, 2),
    new Scaled(0, 3),
    null,
    true,
    false,
    new Timestamp(12),
    new Interval(12),
  ];

  test('two values share a map key exactly when they share a groupKey', () => {
    for (const a of values)
      for (const b of values)
        expect([a, b, Object.is(singleGroupKey(a), singleGroupKey(b))]).toEqual([
          a,
          b,
          groupKey(a) === groupKey(b),
        ]);
  });

  test('Strings and integers are their own keys (nothing built per record)', () => {
    expect(singleGroupKey('AAPL')).toBe('AAPL');
    expect(singleGroupKey(123456)).toBe(123456);
    expect(singleGroupKey(new Scaled(1200, 2))).toBe(12);
  });
});
