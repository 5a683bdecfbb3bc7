/**
 * Sampling helpers over a `Random` (harness spec §5.5): normal, log-normal, zipf, weighted
 * choice and uuid v4. All randomness comes from the stream passed in, never from `Math.random`.
 */
import type { Random } from '../../types/prng';

export function normal(rng: Random, mean: number, stdDev: number): number {
  return mean + stdDev * rng.standardNormal();
}

/** exp of a normal with mean `mu` and standard deviation `sigma` (log-space parameters). */
export function logNormal(rng: Random, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * rng.standardNormal());
}

/** Skewed toward `min`: `min + (max − min)·(1 − u^(1/exponent))`. */
export function zipfInRange(rng: Random, min: number, max: number, exponent: number): number {
  return min + (max - min) * (1 - Math.pow(rng.nextFloat(), 1 / exponent));
}

/** Weights ∝ 1/rank^exponent for ranks 1…n (zipf over an enum). */
export function zipfWeights(n: number, exponent: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, exponent));
}

/** Draws indices with probability ∝ weight; weights must be ≥ 0 with a positive sum. */
export class WeightedChoice {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (const w of weights) total += w;
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w / total;
      this.cumulative[i] = sum;
    });
    // Rounding must never leave the last bucket short of 1.
    this.cumulative[weights.length - 1] = 1;
  }

  pick(rng: Random): number {
    const u = rng.nextFloat();
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < c[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(word: number): string {
  return HEX[word >>> 24] + HEX[(word >>> 16) & 0xff] + HEX[(word >>> 8) & 0xff] + HEX[word & 0xff];
}

/** A version-4, variant-1 uuid in lowercase text, from four outputs of the stream. */
export function uuidV4(rng: Random): string {
  const a = hex32(rng.nextU32());
  const b = hex32(((rng.nextU32() & 0xffff0fff) | 0x00004000) >>> 0);
  const c = hex32(((rng.nextU32() & 0x3fffffff) | 0x80000000) >>> 0);
  const d = hex32(rng.nextU32());
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}
