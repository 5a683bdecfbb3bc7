/**
 * The O(1) sliding aggregates give exactly what recomputing the frame gives: same type, same
 * scale, same bits — on seeded random data with NULLs, mixed scales, bigints, Floats and ties.
 */
import { Scaled, type Value } from '../../types/values/types';
import { lookupFunction } from '../../types/functions/catalogue';
import type { AggregateFunction } from '../../types/functions/types';
import { BufferedRows, type BufferedConfig } from './buffered';
import type { Entry } from './call';
import { slidingAggregate } from './sliding';
import { Random } from '../../types/prng';

/** The engine's seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.nextFloat();
}

type Mix = 'exact' | 'withFloats' | 'strings';

function randomValue(next: () => number, mix: Mix): Value {
  const r = next();
  const small = Math.floor(next() * 2000) - 1000;
  if (r < 0.1) return null;
  if (r < 0.35) return small; // Integer
  if (r < 0.45) return new Scaled(small * 10, 1); // ties with Integers of the same value
  if (r < 0.7) return new Scaled(small, 2);
  if (r < 0.8) return new Scaled(small * 7, 3);
  if (r < 0.85) return 2n ** 60n + BigInt(small); // beyond 2^53
  if (r < 0.9) return new Scaled(2n ** 58n * BigInt(small), 4);
  if (mix === 'withFloats' && r < 0.95) return small / 8 + 0.1;
  if (mix === 'strings' && r < 0.92) return 'x';
  return Math.floor(small / 3);
}

const aggregate = (name: string) => lookupFunction(name) as AggregateFunction;

function recompute(name: string, rows: Value[][]): Value {
  const acc = aggregate(name).create({ distinct: false, constantArgs: [] });
  for (const args of rows) acc.add(args);
  return acc.result();
}

/** Value, type and (for ScaledIntegers) scale and unscaled representation. */
function same(actual: Value | undefined, expected: Value): boolean {
  if (actual instanceof Scaled && expected instanceof Scaled)
    return actual.scale === expected.scale && actual.unscaled === expected.unscaled;
  return Object.is(actual, expected);
}

const NAMES = ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX'];

describe('sliding aggregates equal the recomputed aggregate over the same rows', () => {
  for (const name of NAMES) {
    for (const mix of ['exact', 'withFloats', 'strings'] as Mix[]) {
      test(`${name}, ${mix} values, windows of 1–40 rows`, () => {
        const next = random(name.length * 7919 + mix.length);
        let answered = 0;
        for (let width = 1; width <= 40; width += 3) {
          const sliding = slidingAggregate(name)!();
          const rows: Value[][] = [];
          for (let i = 0; i < 400; i++) {
            const args = name === 'COUNT' && i % 5 === 0 ? [] : [randomValue(next, mix)];
            rows.push(args);
            sliding.add(args);
            if (rows.length > width) sliding.remove(rows.shift()!);
            const value = sliding.result(true);
            if (value === undefined) continue; // it defers to recomputation
            answered++;
            const expected = recompute(name, rows);
            if (!same(value, expected))
              throw new Error(
                `${name} row ${i} width ${width}: ${String(value)} ≠ ${String(expected)}`,
              );
          }
        }
        // Exact data is always answered without recomputation.
        if (mix === 'exact') expect(answered).toBe(14 * 400);
        else expect(answered).toBeGreaterThan(0);
      });
    }
  }

  test('SUM and AVG defer to recomputation exactly while a Float is in the set', () => {
    for (const name of ['SUM', 'AVG']) {
      const s = slidingAggregate(name)!();
      s.add([new Scaled(110, 2)]);
      s.add([0.5]);
      expect(s.result(true)).toBeUndefined();
      s.remove([new Scaled(110, 2)]);
      s.add([3]);
      s.remove([0.5]);
      expect(s.result(true)).toBe(3);
    }
  });

  test('SUM drops back to the scale of the values still in the set', () => {
    const s = slidingAggregate('SUM')!();
    const a = [new Scaled(1234, 3)]; // 1.234
    s.add(a);
    s.add([new Scaled(5, 1)]); // 0.5
    s.add([2]);
    expect(s.result(true)).toEqual(new Scaled(3734, 3));
    s.remove(a);
    expect(s.result(true)).toEqual(new Scaled(25, 1)); // 2.5, as SUM(0.5, 2) gives
  });

  test('MIN and MAX keep the first of equal values, and recompute when the view is re-sorted', () => {
    const s = slidingAggregate('MIN')!();
    const one = new Scaled(10, 1);
    s.add([one]);
    s.add([1]);
    expect(s.result(true)).toBe(one);
    s.remove([one]);
    expect(s.result(true)).toBe(1);
    expect(s.result(false)).toBeUndefined();
  });

  test('the variances have no sliding form (Welford removal would change the last bits)', () => {
    expect(slidingAggregate('STDDEV')).toBeNull();
    expect(slidingAggregate('VARIANCE')).toBeNull();
    expect(slidingAggregate('FIRST_VALUE')).toBeNull();
  });
});

describe('a buffer with the sliding form answers like one that recomputes every frame', () => {
  function run(config: BufferedConfig, entries: Entry[]): Value[] {
    const rows = new BufferedRows(config);
    return entries.map((e) => {
      try {
        return rows.accept(e);
      } catch (err) {
        return `error: ${(err as Error).message}`;
      }
    });
  }

  const frames: [string, BufferedConfig['frame'], number, boolean][] = [
    ['buffer of 25, no frame, re-sorted when out of order', null, 25, true],
    [
      'ROWS 9 PRECEDING',
      {
        units: 'rows',
        start: { kind: 'preceding', offset: 9 },
        end: { kind: 'currentRow' },
      },
      10,
      false,
    ],
  ];

  for (const name of NAMES) {
    for (const [label, frame, capacity, sortView] of frames) {
      test(`${name}: ${label}`, () => {
        const next = random(31 + name.length);
        const entries: Entry[] = Array.from({ length: 600 }, (_, i) => ({
          args: [randomValue(next, i < 300 ? 'exact' : 'strings')],
          // Every 17th row arrives late (out of ORDER BY order).
          order: [i % 17 === 0 ? i - 30 : i],
          time: i,
        }));
        const base = {
          fn: { kind: 'aggregate' as const, fn: aggregate(name) },
          capacity,
          sortView,
          descending: [false],
          frame,
          dropBeforeFrame: false,
        };
        const recomputed = run({ ...base, sliding: null }, entries);
        const slid = run({ ...base, sliding: slidingAggregate(name) }, entries);
        slid.forEach((v, i) => {
          if (!same(v, recomputed[i] as Value))
            throw new Error(`row ${i}: ${String(v)} ≠ ${String(recomputed[i])}`);
        });
      });
    }
  }
});
