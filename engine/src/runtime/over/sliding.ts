/**
 * O(1)-per-row aggregates over a sliding set of rows (a buffer or a `ROWS k PRECEDING` frame):
 * each row is added once when it enters and removed once when it leaves, instead of the whole
 * frame being re-aggregated for every row.
 *
 * A sliding aggregate must give exactly the value the catalogue's accumulator would give over
 * the same rows, so one only answers when that is guaranteed and otherwise says `undefined`
 * (the caller then recomputes over the frame):
 *  - COUNT: always.
 *  - SUM, AVG: while every value in the set is an Integer or ScaledInteger (exact arithmetic
 *    is order-free and invertible; the result scale is the largest scale still in the set).
 *    A Float — or a value SUM rejects — makes them recompute while it is in the set, since float
 *    addition depends on order and cannot be undone exactly.
 *  - MIN, MAX: a monotonic deque. Equal values of different types (1 and 1.0) make the first one
 *    in view order win, so they answer only while the view is in arrival order; NaN recomputes.
 * Not sliding (always recomputed): the variances and standard deviations (Welford removal
 * would change the last bits of the float result), FIRST_VALUE/LAST_VALUE, and any other
 * aggregate.
 */
import { Scaled, type Value } from '../../types/values/types';
import {
  addUnscaled,
  negateUnscaled,
  normalize,
  scaledToNumber,
  shiftDownTruncated,
  shiftUp,
  type Unscaled,
} from '../../types/values/decimal';
import { orderCompare } from '../../types/values/compare';

export interface SlidingAggregate {
  add(args: Value[]): void;
  /** Removes a row added earlier; rows leave in the order they were added. */
  remove(args: Value[]): void;
  /**
   * The aggregate over the rows added and not removed, or `undefined` when only a
   * recomputation gives the exact result. `arrivalOrder`: the frame is viewed in the order the
   * rows were added.
   */
  result(arrivalOrder: boolean): Value | undefined;
}

/** The sliding form of a catalogue aggregate, or null when it has none. */
export function slidingAggregate(name: string): (() => SlidingAggregate) | null {
  switch (name) {
    case 'COUNT':
      return () => new SlidingCount();
    case 'SUM':
      return () => new SlidingSum(false);
    case 'AVG':
      return () => new SlidingSum(true);
    case 'MIN':
      return () => new SlidingExtreme(-1);
    case 'MAX':
      return () => new SlidingExtreme(1);
    default:
      return null;
  }
}

class SlidingCount implements SlidingAggregate {
  private count = 0;
  add(args: Value[]): void {
    if (args.length === 0 || args[0] !== null) this.count++;
  }
  remove(args: Value[]): void {
    if (args.length === 0 || args[0] !== null) this.count--;
  }
  result(): Value {
    return this.count;
  }
}

/** Exact SUM (or AVG = exact SUM as Float / count) of Integers and ScaledIntegers. */
class SlidingSum implements SlidingAggregate {
  /** The total, in units of 10^-`scale`. */
  private unscaled: Unscaled = 0;
  /** The largest scale ever added (the total's scale only grows). */
  private scale = 0;
  /** Non-NULL values in the set. */
  private count = 0;
  /** How many values of each scale ≥ 1 are in the set (index = scale). */
  private readonly scaleCounts: number[] = [];
  /** Values only a recomputation handles exactly (Floats, non-numbers). */
  private inexact = 0;

  constructor(private readonly average: boolean) {}

  add(args: Value[]): void {
    this.update(args[0], 1);
  }

  remove(args: Value[]): void {
    this.update(args[0], -1);
  }

  private update(v: Value, sign: 1 | -1): void {
    if (v === null) return;
    this.count += sign;
    let unscaled: Unscaled;
    let scale = 0;
    if (typeof v === 'number' && Number.isSafeInteger(v)) unscaled = v;
    else if (typeof v === 'bigint') unscaled = normalize(v);
    else if (v instanceof Scaled) {
      unscaled = v.unscaled;
      scale = v.scale;
      this.scaleCounts[scale] = (this.scaleCounts[scale] ?? 0) + sign;
    } else {
      this.inexact += sign;
      return;
    }
    if (scale > this.scale) {
      this.unscaled = shiftUp(this.unscaled, scale - this.scale);
      this.scale = scale;
    }
    const term = shiftUp(unscaled, this.scale - scale);
    this.unscaled = addUnscaled(this.unscaled, sign === 1 ? term : negateUnscaled(term));
  }

  result(): Value | undefined {
    if (this.inexact > 0) return undefined;
    if (this.count === 0) return null;
    const scale = this.frameScale();
    // Exact: every value in the set has a scale ≤ `scale`, so the total is a multiple of 10^(this.scale − scale).
    const unscaled = shiftDownTruncated(this.unscaled, this.scale - scale);
    if (!this.average)
      return scale === 0 && !this.anyDecimal() ? unscaled : new Scaled(unscaled, scale);
    const total = scale === 0 ? Number(unscaled) : scaledToNumber(new Scaled(unscaled, scale));
    return total / this.count;
  }

  /** The largest scale among the ScaledIntegers in the set (0 when there are none). */
  private frameScale(): number {
    const counts = this.scaleCounts;
    for (let s = counts.length - 1; s > 0; s--) if (counts[s] > 0) return s;
    return 0;
  }

  /** Whether a ScaledInteger is in the set (SUM is then a ScaledInteger, even at scale 0). */
  private anyDecimal(): boolean {
    return (this.scaleCounts[0] ?? 0) > 0 || this.frameScale() > 0;
  }
}

/**
 * MIN (direction −1) or MAX (+1) with a monotonic deque: the candidates in arrival order, each
 * strictly better than every later one, so the front is the first best value of the set.
 */
class SlidingExtreme implements SlidingAggregate {
  private readonly candidates: Value[] = [];
  private head = 0;
  /** NaNs in the set: they compare as neither smaller nor larger, so recompute. */
  private nans = 0;

  constructor(private readonly direction: 1 | -1) {}

  add(args: Value[]): void {
    const v = args[0];
    if (v === null) return;
    if (Number.isNaN(v)) this.nans++;
    const c = this.candidates;
    // A candidate worse than the newcomer can never be the best again; an equal earlier one stays first.
    while (c.length > this.head && orderCompare(v, c[c.length - 1]) * this.direction > 0) c.pop();
    c.push(v);
  }

  remove(args: Value[]): void {
    const v = args[0];
    if (v === null) return;
    if (Number.isNaN(v)) this.nans--;
    const c = this.candidates;
    // The leaving row is the oldest; it is a candidate iff it is still at the front.
    if (this.head < c.length && Object.is(c[this.head], v)) {
      this.head++;
      if (this.head > 32 && this.head * 2 > c.length) {
        c.splice(0, this.head);
        this.head = 0;
      }
    }
  }

  result(arrivalOrder: boolean): Value | undefined {
    if (!arrivalOrder || this.nans > 0) return undefined;
    return this.head < this.candidates.length ? this.candidates[this.head] : null;
  }
}
