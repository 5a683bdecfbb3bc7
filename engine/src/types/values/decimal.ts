/**
 * Exact decimal arithmetic on `Scaled` values (value = unscaled / 10^scale).
 *
 * Unscaled values stay plain `number`s while they are safe integers and move to `bigint` only
 * when a result would leave that range, so the common case (prices with 2–4 decimals) never
 * allocates a bigint. Every function returns normalised unscaled values: a `number` iff safe.
 */
import { Scaled } from './types';
import { formatFloat } from './format';

export type Unscaled = number | bigint;

export const POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact up to 10^22
const POW10_BIG: bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));

export function pow10Big(k: number): bigint {
  return k < POW10_BIG.length ? POW10_BIG[k] : 10n ** BigInt(k);
}

/** A bigint result back to `number` when it is safe. */
export function normalize(u: bigint): Unscaled {
  return u >= -9007199254740991n && u <= 9007199254740991n ? Number(u) : u;
}

export function toBig(u: Unscaled): bigint {
  return typeof u === 'bigint' ? u : BigInt(u);
}

/** u · 10^k, exact. */
export function shiftUp(u: Unscaled, k: number): Unscaled {
  if (k === 0) return u;
  if (typeof u === 'number' && k < POW10.length) {
    const r = u * POW10[k];
    if (Number.isSafeInteger(r)) return r; // exact: an inexact product is never a safe integer
  }
  return normalize(toBig(u) * pow10Big(k));
}

export function addUnscaled(a: Unscaled, b: Unscaled): Unscaled {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normalize(toBig(a) + toBig(b));
}

export function negateUnscaled(a: Unscaled): Unscaled {
  return typeof a === 'number' ? -a : normalize(-a);
}

export function mulUnscaled(a: Unscaled, b: Unscaled): Unscaled {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normalize(toBig(a) * toBig(b));
}

/** a / b truncated toward zero; b ≠ 0. */
export function divTrunc(a: Unscaled, b: Unscaled): Unscaled {
  if (typeof a === 'number' && typeof b === 'number') {
    // `%` is exact for integers, so (a − a % b) / b is the exact truncated quotient.
    return (a - (a % b)) / b + 0; // + 0 turns −0 into 0
  }
  return normalize(toBig(a) / toBig(b));
}

/** a mod b with the dividend's sign; b ≠ 0. */
export function remUnscaled(a: Unscaled, b: Unscaled): Unscaled {
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return normalize(toBig(a) % toBig(b));
}

/** u / 10^k rounded half away from zero. */
export function shiftDownRounded(u: Unscaled, k: number): Unscaled {
  if (k <= 0) return shiftUp(u, -k);
  if (typeof u === 'number' && k < POW10.length) {
    const p = POW10[k];
    const r = u % p;
    const q = (u - r) / p;
    return (Math.abs(r) * 2 >= p ? q + Math.sign(u) : q) + 0;
  }
  const big = toBig(u);
  const p = pow10Big(k);
  const r = big % p;
  const q = big / p;
  const abs = r < 0n ? -r : r;
  return normalize(abs * 2n >= p ? q + (big < 0n ? -1n : 1n) : q);
}

/** u / 10^k truncated toward zero. */
export function shiftDownTruncated(u: Unscaled, k: number): Unscaled {
  if (k <= 0) return shiftUp(u, -k);
  return divTrunc(u, k < POW10.length ? POW10[k] : normalize(pow10Big(k)));
}

export function signOf(u: Unscaled): number {
  return u > 0 ? 1 : u < 0 ? -1 : 0;
}

export function compareUnscaled(a: Unscaled, b: Unscaled): number {
  return a < b ? -1 : a > b ? 1 : 0; // JS compares number and bigint exactly
}

/** Both values at the larger scale (exact). */
export function align(a: Scaled, b: Scaled): [Unscaled, Unscaled, number] {
  if (a.scale === b.scale) return [a.unscaled, b.unscaled, a.scale];
  if (a.scale > b.scale) return [a.unscaled, shiftUp(b.unscaled, a.scale - b.scale), a.scale];
  return [shiftUp(a.unscaled, b.scale - a.scale), b.unscaled, b.scale];
}

export function compareScaled(a: Scaled, b: Scaled): number {
  const [x, y] = align(a, b);
  return compareUnscaled(x, y);
}

/** Rescale to `scale`: exact when growing, half away from zero when shrinking. */
export function rescaleRounded(s: Scaled, scale: number): Scaled {
  if (s.scale === scale) return s;
  return new Scaled(shiftDownRounded(s.unscaled, s.scale - scale), scale);
}

/** Nearest double of the exact decimal (correctly rounded in the common number case). */
export function scaledToNumber(s: Scaled): number {
  if (typeof s.unscaled === 'number' && s.scale < POW10.length) return s.unscaled / POW10[s.scale];
  return Number(formatScaledPlain(s));
}

function formatScaledPlain(s: Scaled): string {
  const u = toBig(s.unscaled);
  const neg = u < 0n;
  const digits = (neg ? -u : u).toString().padStart(s.scale + 1, '0');
  const point = digits.length - s.scale;
  return (neg ? '-' : '') + digits.slice(0, point) + (s.scale > 0 ? '.' + digits.slice(point) : '');
}

const DECIMAL_TEXT = /^\s*([+-]?)(\d+)(?:\.(\d*))?\s*$/;

/** `-12.50` → Scaled(−1250, 2); null when the text is not a plain decimal. */
export function parseDecimalText(text: string): Scaled | null {
  const m = DECIMAL_TEXT.exec(text);
  if (m === null) return null;
  const fraction = m[3] ?? '';
  const digits = m[2] + fraction;
  const magnitude = digits.length <= 15 ? Number(digits) : normalize(BigInt(digits));
  return new Scaled(m[1] === '-' ? negateUnscaled(magnitude) : magnitude, fraction.length);
}

/** The exact decimal a Float prints as (its shortest round-trip text); null for NaN/±Infinity. */
export function floatToDecimal(f: number): Scaled | null {
  if (!Number.isFinite(f)) return null;
  if (Number.isSafeInteger(f)) return new Scaled(f + 0, 0);
  return parseDecimalText(formatFloat(f));
}

/**
 * A Float rounded half away from zero to `scale` decimals (§5.4 "Float rounded … first").
 * Rounding works on the Float's printed decimal, so 1.005 rounds to 1.01 as a reader expects.
 */
export function floatToScaled(f: number, scale: number): Scaled | null {
  const exact = floatToDecimal(f);
  return exact === null ? null : rescaleRounded(exact, scale);
}
