import { fnv1a32, Random, streamRandom } from '../../types/prng';
import { logNormal, normal, uuidV4, WeightedChoice, zipfInRange } from './distributions';

function draws(rng: Random, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextU32());
}

function meanAndStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Pearson chi-square of observed counts against expected probabilities. */
function chiSquare(counts: number[], probabilities: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((sum, c, i) => sum + (c - n * probabilities[i]) ** 2 / (n * probabilities[i]), 0);
}

describe('FNV-1a-32', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('Random (xoshiro128** seeded by splitmix32)', () => {
  it('computes xoshiro128** outputs (hand-computed from state 1, 2, 3, 4)', () => {
    expect(draws(Random.fromState(1, 2, 3, 4), 3)).toEqual([11520, 0, 5927040]);
  });

  it('repeats its sequence for the same seed and differs for another', () => {
    expect(draws(new Random(42), 50)).toEqual(draws(new Random(42), 50));
    expect(draws(new Random(42), 50)).not.toEqual(draws(new Random(43), 50));
  });

  it('gives each purpose of a source its own stream', () => {
    const values = draws(streamRandom(42, 'q', 'trades', 'values'), 10);
    expect(draws(streamRandom(42, 'q', 'trades', 'values'), 10)).toEqual(values);
    expect(draws(streamRandom(42, 'q', 'trades', 'nulls'), 10)).not.toEqual(values);
    expect(draws(streamRandom(42, 'q', 'orders', 'values'), 10)).not.toEqual(values);
  });

  it('keeps floats in [0, 1) and integers inside their inclusive bounds', () => {
    const rng = new Random(7);
    const floats = Array.from({ length: 20_000 }, () => rng.nextFloat());
    expect(floats.every((f) => f >= 0 && f < 1)).toBe(true);
    const ints = new Set(Array.from({ length: 1000 }, () => rng.intBetween(-2, 2)));
    expect([...ints].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('draws integers uniformly (chi-square, 9 degrees of freedom, p = 0.001 bound 27.88)', () => {
    const rng = new Random(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.intBetween(0, 9)]++;
    expect(chiSquare(counts, new Array(10).fill(0.1))).toBeLessThan(27.88);
  });
});

describe('distributions', () => {
  it('normal has the requested mean and standard deviation', () => {
    const rng = new Random(3);
    const { mean, std } = meanAndStd(Array.from({ length: 50_000 }, () => normal(rng, 100, 15)));
    expect(mean).toBeCloseTo(100, 0);
    expect(std).toBeGreaterThan(14.7);
    expect(std).toBeLessThan(15.3);
  });

  it('log-normal is the exponential of a normal with the given log-space parameters', () => {
    const rng = new Random(4);
    const logs = Array.from({ length: 50_000 }, () => Math.log(logNormal(rng, 2, 0.5)));
    const { mean, std } = meanAndStd(logs);
    expect(mean).toBeCloseTo(2, 1);
    expect(std).toBeCloseTo(0.5, 1);
  });

  it('weighted choice follows the weights (chi-square, 2 d.f., p = 0.001 bound 13.82)', () => {
    const rng = new Random(5);
    const choice = new WeightedChoice([5, 3, 2]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[choice.pick(rng)]++;
    expect(chiSquare(counts, [0.5, 0.3, 0.2])).toBeLessThan(13.82);
  });

  it('never picks a zero-weight value', () => {
    const rng = new Random(6);
    const choice = new WeightedChoice([0, 1, 0]);
    expect(new Set(Array.from({ length: 1000 }, () => choice.pick(rng)))).toEqual(new Set([1]));
  });

  it('zipf over a range skews toward the minimum', () => {
    const rng = new Random(8);
    const xs = Array.from({ length: 20_000 }, () => zipfInRange(rng, 0, 100, 2));
    expect(xs.every((x) => x >= 0 && x <= 100)).toBe(true);
    // 1 − sqrt(u) has mean 1/3.
    expect(meanAndStd(xs).mean).toBeCloseTo(33.3, 0);
  });

  it('produces lowercase version-4 uuids', () => {
    const rng = new Random(9);
    const ids = Array.from({ length: 1000 }, () => uuidV4(rng));
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(ids.filter((id) => !v4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(1000);
  });
});
