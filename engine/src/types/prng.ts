/**
 * The harness's seeded pseudo-random generator (harness spec §3.9): xoshiro128** on 32-bit
 * words via `Math.imul`, seeded through splitmix32. Every random consumer owns one `Random`
 * seeded from `"<seed>/<query>/<source>/<purpose>"`, so streams never disturb each other.
 */

const TWO_POW_26 = 67_108_864;
const TWO_POW_32 = 4_294_967_296;
const TWO_POW_53 = 9_007_199_254_740_992;

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The purposes a stream is drawn for (§3.9); `ref:<schema>` generates a referenced schema. */
export type StreamPurpose = 'values' | 'nulls' | 'time' | `ref:${string}`;

/** The generator of one random stream of the run. */
export function streamRandom(seed: number, query: string, source: string, purpose: StreamPurpose): Random {
  return new Random(fnv1a32(`${seed}/${query}/${source}/${purpose}`));
}

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller yields normals in pairs; the second waits here. */
  private spareNormal = 0;
  private hasSpareNormal = false;

  /** A generator with an explicit xoshiro state (known-answer tests of the algorithm). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Random {
    const rng = new Random(0);
    rng.s0 = s0 | 0;
    rng.s1 = s1 | 0;
    rng.s2 = s2 | 0;
    rng.s3 = s3 | 0;
    return rng;
  }

  constructor(seed32: number) {
    let state = seed32 | 0;
    const splitmix32 = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.s0 = splitmix32();
    this.s1 = splitmix32();
    this.s2 = splitmix32();
    this.s3 = splitmix32();
  }

  /** Next raw output, an unsigned 32-bit integer. */
  nextU32(): number {
    const s1 = this.s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits taken from two outputs. */
  nextFloat(): number {
    const high = this.nextU32() >>> 5;
    const low = this.nextU32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /** Uniform integer in [0, n) for small n (≤ 2^16), from one output; the bias is below 2^-16. */
  below(n: number): number {
    return Math.floor((this.nextU32() * n) / TWO_POW_32);
  }

  /** Uniform integer in [min, max], both inclusive integers. */
  intBetween(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  floatBetween(min: number, max: number): number {
    return min + this.nextFloat() * (max - min);
  }

  /** Standard normal by Box–Muller. */
  standardNormal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat()));
    const angle = 2 * Math.PI * this.nextFloat();
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return radius * Math.cos(angle);
  }
}
