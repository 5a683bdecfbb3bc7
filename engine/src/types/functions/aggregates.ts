/**
 * Core aggregates (dialect spec §11.1): COUNT, SUM, AVG, MIN/MAX, FIRST/LAST_VALUE, STRING_AGG,
 * LISTAGG, DELTA, COUNT_DISTINCT. Accumulators are mergeable (`a.merge(b)` ≡ having added b's
 * rows after a's), allocate nothing per `add` for plain numbers, and ignore NULL inputs except
 * in COUNT(*).
 */
import { Scaled, type Value } from '../values/types';
import { addUnscaled, normalize, scaledToNumber, shiftUp, type Unscaled } from '../values/decimal';
import { subtract } from '../values/arith';
import { groupKey, orderCompare } from '../values/compare';
import { typeError } from '../values/errors';
import { formatValue } from '../values/format';
import { typeName } from '../values/kinds';
import { aggregate, numericResult, sameAs } from './define';
import type { Accumulator, AggregateFunction } from './types';

// ------------------------------------------------------------------------------- COUNT

/** COUNT(*) is called with no value argument and counts rows; COUNT(x) counts non-NULL x. */
export class CountAccumulator implements Accumulator {
  count = 0;
  add(args: Value[]): void {
    if (args.length === 0 || args[0] !== null) this.count++;
  }
  merge(other: Accumulator): void {
    this.count += (other as CountAccumulator).count;
  }
  result(): Value {
    return this.count;
  }
}

/** Exact distinct count by grouping key (also serves APPROX_COUNT_DISTINCT: exact conforms). */
class CountDistinctAccumulator implements Accumulator {
  private readonly keys = new Set<string>();
  add(args: Value[]): void {
    if (args[0] !== null) this.keys.add(groupKey(args[0]));
  }
  merge(other: Accumulator): void {
    for (const k of (other as CountDistinctAccumulator).keys) this.keys.add(k);
  }
  result(): Value {
    return this.keys.size;
  }
}

// ------------------------------------------------------------------------------- SUM / AVG

const EMPTY = 0;
const INTEGER = 1;
const DECIMAL = 2;
const FLOAT = 3;

/**
 * SUM: Integer while every input is an Integer; exact ScaledInteger at the largest scale once a
 * ScaledInteger arrives (0.10 + 0.20 = 0.30); Float once a Float arrives; NULL without input.
 * The exact total is one unscaled number (bigint only beyond 2^53) plus a scale.
 */
export class SumAccumulator implements Accumulator {
  private mode = EMPTY;
  private unscaled: Unscaled = 0;
  private scale = 0;
  private float = 0;

  add(args: Value[]): void {
    const v = args[0];
    if (typeof v === 'number') {
      if (this.mode === FLOAT) {
        this.float += v;
        return;
      }
      if (this.scale === 0 && typeof this.unscaled === 'number' && Number.isSafeInteger(v)) {
        const total = this.unscaled + v;
        if (Number.isSafeInteger(total)) {
          this.unscaled = total;
          if (this.mode === EMPTY) this.mode = INTEGER;
          return;
        }
      }
    }
    if (v !== null) this.addValue(v, false);
  }

  /** `asFloat`: a Float total merged from another pane (it may happen to be integral). */
  private addValue(v: Value, asFloat: boolean): void {
    if (asFloat || this.mode === FLOAT || (typeof v === 'number' && !Number.isSafeInteger(v))) {
      const x = numericValue(v);
      if (this.mode !== FLOAT) this.float = this.exactAsFloat();
      this.mode = FLOAT;
      this.float += x;
      return;
    }
    if (typeof v === 'number' || typeof v === 'bigint') {
      this.unscaled = addUnscaled(this.unscaled, shiftUp(typeof v === 'bigint' ? normalize(v) : v, this.scale));
      if (this.mode === EMPTY) this.mode = INTEGER;
      return;
    }
    if (v instanceof Scaled) {
      if (v.scale > this.scale) {
        this.unscaled = shiftUp(this.unscaled, v.scale - this.scale);
        this.scale = v.scale;
      }
      this.unscaled = addUnscaled(this.unscaled, shiftUp(v.unscaled, this.scale - v.scale));
      this.mode = DECIMAL;
      return;
    }
    throw typeError(`SUM expects numbers, got ${typeName(v)}`);
  }

  private exactAsFloat(): number {
    if (this.mode === EMPTY) return 0;
    return this.mode === INTEGER ? Number(this.unscaled) : scaledToNumber(new Scaled(this.unscaled, this.scale));
  }

  merge(other: Accumulator): void {
    const o = other as SumAccumulator;
    if (o.mode === EMPTY) return;
    this.addValue(o.result(), o.mode === FLOAT);
  }

  /** The total as a Float (AVG); 0 when empty. */
  asFloat(): number {
    return this.mode === FLOAT ? this.float : this.exactAsFloat();
  }

  result(): Value {
    switch (this.mode) {
      case EMPTY:
        return null;
      case INTEGER:
        return this.unscaled;
      case DECIMAL:
        return new Scaled(this.unscaled, this.scale);
      default:
        return this.float;
    }
  }
}

/** A numeric input as a double; Strings and other types are errors (§11.1). */
export function numericValue(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Scaled) return scaledToNumber(v);
  throw typeError(`numeric aggregate expects numbers, got ${typeName(v)}`);
}

/** AVG: the exact SUM divided by the count, as a Float (AVG(0.1, 0.2) = 0.15). */
class AvgAccumulator implements Accumulator {
  private readonly sum = new SumAccumulator();
  private count = 0;
  add(args: Value[]): void {
    if (args[0] === null) return;
    this.sum.add(args);
    this.count++;
  }
  merge(other: Accumulator): void {
    const o = other as AvgAccumulator;
    this.sum.merge(o.sum);
    this.count += o.count;
  }
  result(): Value {
    return this.count === 0 ? null : this.sum.asFloat() / this.count;
  }
}

// ------------------------------------------------------------------------------- MIN / MAX / DELTA

/** MIN (direction −1) or MAX (+1) by the total order (numbers across types, Strings by code point, instants). */
export class ExtremeAccumulator implements Accumulator {
  private best: Value = null;
  constructor(private readonly direction: 1 | -1) {}

  add(args: Value[]): void {
    this.offer(args[0]);
  }
  private offer(v: Value): void {
    if (v === null) return;
    const best = this.best;
    if (best === null) this.best = v;
    else if (typeof v === 'number' && typeof best === 'number') {
      if (this.direction === 1 ? v > best : v < best) this.best = v;
    } else if (orderCompare(v, best) * this.direction > 0) this.best = v;
  }
  merge(other: Accumulator): void {
    this.offer((other as ExtremeAccumulator).best);
  }
  result(): Value {
    return this.best;
  }
}

class DeltaAccumulator implements Accumulator {
  private readonly min = new ExtremeAccumulator(-1);
  private readonly max = new ExtremeAccumulator(1);
  add(args: Value[]): void {
    this.min.add(args);
    this.max.add(args);
  }
  merge(other: Accumulator): void {
    this.min.merge((other as DeltaAccumulator).min);
    this.max.merge((other as DeltaAccumulator).max);
  }
  result(): Value {
    return subtract(this.max.result(), this.min.result());
  }
}

// ------------------------------------------------------------------------------- FIRST / LAST

class FirstValueAccumulator implements Accumulator {
  private value: Value = null;
  add(args: Value[]): void {
    if (this.value === null) this.value = args[0];
  }
  merge(other: Accumulator): void {
    if (this.value === null) this.value = (other as FirstValueAccumulator).value;
  }
  result(): Value {
    return this.value;
  }
}

class LastValueAccumulator implements Accumulator {
  private value: Value = null;
  add(args: Value[]): void {
    if (args[0] !== null) this.value = args[0];
  }
  merge(other: Accumulator): void {
    const v = (other as LastValueAccumulator).value;
    if (v !== null) this.value = v;
  }
  result(): Value {
    return this.value;
  }
}

// ------------------------------------------------------------------------------- STRING_AGG

class StringAggAccumulator implements Accumulator {
  private readonly parts: string[] = [];
  constructor(private readonly separator: string) {}
  add(args: Value[]): void {
    const v = args[0];
    if (v !== null) this.parts.push(typeof v === 'string' ? v : formatValue(v));
  }
  merge(other: Accumulator): void {
    for (const p of (other as StringAggAccumulator).parts) this.parts.push(p);
  }
  result(): Value {
    return this.parts.length === 0 ? null : this.parts.join(this.separator);
  }
}

function separatorOf(constantArgs: Value[], fallback: string): string {
  const sep = constantArgs[0];
  return sep === undefined || sep === null ? fallback : typeof sep === 'string' ? sep : formatValue(sep);
}

// ------------------------------------------------------------------------------- catalogue

export const coreAggregates: AggregateFunction[] = [
  aggregate({
    name: 'COUNT', min: 0, max: 1, valueArgs: 1, allowedWithOver: true, signature: 'COUNT(*) | COUNT(x)', returns: 'integer',
    doc: 'Number of rows (COUNT(*)) or of non-NULL values; COUNT(DISTINCT x) counts distinct values.',
    create: () => new CountAccumulator(),
  }),
  aggregate({
    name: 'COUNT_DISTINCT', min: 1, valueArgs: 1, signature: 'COUNT_DISTINCT(x)', returns: 'integer',
    doc: 'Exact number of distinct non-NULL values (12.5 and 12.50 count once).',
    create: () => new CountDistinctAccumulator(),
  }),
  aggregate({
    name: 'APPROX_COUNT_DISTINCT', min: 1, valueArgs: 1, signature: 'APPROX_COUNT_DISTINCT(x)', returns: 'integer',
    doc: 'Number of distinct non-NULL values (computed exactly).',
    create: () => new CountDistinctAccumulator(),
  }),
  aggregate({
    name: 'SUM', min: 1, valueArgs: 1, allowedWithOver: true, signature: 'SUM(x)', returns: (args) => numericResult(args),
    doc: 'Total of the non-NULL values: Integer for Integers, exact ScaledInteger at the largest scale when decimals are involved (0.10 + 0.20 = 0.30), Float if any input is a Float.',
    example: 'SUM(qty), SUM(DISTINCT price)',
    create: () => new SumAccumulator(),
  }),
  aggregate({
    name: 'AVG', min: 1, valueArgs: 1, allowedWithOver: true, signature: 'AVG(x)', returns: 'float',
    doc: 'Mean of the non-NULL values, as a Float.', create: () => new AvgAccumulator(),
  }),
  aggregate({
    name: 'MIN', min: 1, valueArgs: 1, allowedWithOver: true, signature: 'MIN(x)', returns: sameAs(0),
    doc: 'Smallest value (numbers, Strings by code point, Timestamps).', create: () => new ExtremeAccumulator(-1),
  }),
  aggregate({
    name: 'MAX', min: 1, valueArgs: 1, allowedWithOver: true, signature: 'MAX(x)', returns: sameAs(0),
    doc: 'Largest value (numbers, Strings by code point, Timestamps).', create: () => new ExtremeAccumulator(1),
  }),
  aggregate({
    name: 'DELTA', min: 1, valueArgs: 1, signature: 'DELTA(x)', returns: sameAs(0),
    doc: 'MAX(x) − MIN(x).', create: () => new DeltaAccumulator(),
  }),
  aggregate({
    name: 'FIRST_VALUE', aliases: ['FIRST'], min: 1, valueArgs: 1, allowedWithOver: true, signature: 'FIRST_VALUE(x)', returns: sameAs(0),
    doc: 'The first non-NULL value in arrival order.', create: () => new FirstValueAccumulator(),
  }),
  aggregate({
    name: 'LAST_VALUE', aliases: ['LAST'], min: 1, valueArgs: 1, allowedWithOver: true, signature: 'LAST_VALUE(x)', returns: sameAs(0),
    doc: 'The last non-NULL value in arrival order.', create: () => new LastValueAccumulator(),
  }),
  aggregate({
    name: 'STRING_AGG', aliases: ['GROUP_CONCAT'], min: 2, valueArgs: 1, ordered: true, signature: 'STRING_AGG(x, separator [ORDER BY y])', returns: 'string',
    doc: 'The non-NULL values as text joined with the separator, in arrival order, or sorted by ORDER BY inside the parentheses.',
    example: "STRING_AGG(symbol, ',' ORDER BY ts DESC)",
    create: (constantArgs) => new StringAggAccumulator(separatorOf(constantArgs, ',')),
  }),
  aggregate({
    name: 'LISTAGG', aliases: ['COLLECT'], min: 1, max: 2, valueArgs: 1, ordered: true, signature: 'LISTAGG(x[, separator] [ORDER BY y])', returns: 'string',
    doc: "The non-NULL values as text joined with the separator (default ','), in arrival order, or sorted by ORDER BY inside the parentheses.",
    create: (constantArgs) => new StringAggAccumulator(separatorOf(constantArgs, ',')),
  }),
];
