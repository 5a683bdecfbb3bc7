/**
 * Statistical aggregates (dialect spec §11.1): STDDEV/VARIANCE (sample and population), MEDIAN,
 * PERCENTILE_CONT/DISC, CORR, COVAR_POP/SAMP, REGR_SLOPE/INTERCEPT/R2. Moments use Welford's
 * update and Chan's pairwise merge, so panes combine without revisiting rows.
 */
import type { Value } from '../values/types';
import { orderCompare } from '../values/compare';
import { argumentError } from './args';
import { aggregate, sameAs } from './define';
import { numericValue } from './aggregates';
import type { Accumulator, AggregateFunction } from './types';

// ------------------------------------------------------------------------------- variance

export class Moments implements Accumulator {
  n = 0;
  mean = 0;
  m2 = 0; // sum of squared deviations from the mean

  constructor(private readonly finish: (m: Moments) => Value) {}

  add(args: Value[]): void {
    const v = args[0];
    if (v === null) return;
    const x = typeof v === 'number' ? v : numericValue(v);
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  merge(other: Accumulator): void {
    const o = other as Moments;
    if (o.n === 0) return;
    const n = this.n + o.n;
    const d = o.mean - this.mean;
    this.m2 += o.m2 + (d * d * this.n * o.n) / n;
    this.mean += (d * o.n) / n;
    this.n = n;
  }

  result(): Value {
    return this.finish(this);
  }
}

const sampleVariance = (m: Moments): Value => (m.n < 2 ? null : m.m2 / (m.n - 1));
const populationVariance = (m: Moments): Value => (m.n === 0 ? null : m.m2 / m.n);
const root = (f: (m: Moments) => Value) => (m: Moments): Value => {
  const v = f(m);
  return v === null ? null : Math.sqrt(v as number);
};

// ------------------------------------------------------------------------------- order statistics

/** Keeps the numeric inputs; sorts lazily, once per batch of additions. */
class SortedNumbers implements Accumulator {
  private readonly values: number[] = [];
  private sorted = true;

  constructor(private readonly finish: (sorted: number[]) => Value) {}

  add(args: Value[]): void {
    const v = args[0];
    if (v === null) return;
    this.values.push(typeof v === 'number' ? v : numericValue(v));
    this.sorted = false;
  }
  merge(other: Accumulator): void {
    for (const x of (other as SortedNumbers).values) this.values.push(x);
    this.sorted = false;
  }
  result(): Value {
    if (this.values.length === 0) return null;
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.finish(this.values);
  }
}

/** Linear interpolation between the closest ranks (PERCENTILE_CONT; MEDIAN is p = 0.5). */
export function percentileCont(sorted: number[], p: number): number {
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** PERCENTILE_DISC: the smallest value whose cumulative share reaches p; keeps the input type. */
class DiscretePercentile implements Accumulator {
  private readonly values: Value[] = [];
  constructor(private readonly p: number) {}
  add(args: Value[]): void {
    if (args[0] !== null) this.values.push(args[0]);
  }
  merge(other: Accumulator): void {
    for (const v of (other as DiscretePercentile).values) this.values.push(v);
  }
  result(): Value {
    const n = this.values.length;
    if (n === 0) return null;
    this.values.sort(orderCompare);
    return this.values[Math.max(0, Math.ceil(this.p * n) - 1)];
  }
}

function percentileArg(fn: string, constantArgs: Value[]): number {
  const p = constantArgs[0];
  const x = p === undefined || p === null ? NaN : numericValue(p);
  if (!(x >= 0 && x <= 1)) throw argumentError(fn, 'the percentile must be a constant between 0 and 1');
  return x;
}

// ------------------------------------------------------------------------------- two-variable

/** Co-moments of (y, x) pairs; pairs with a NULL are ignored. */
export class CoMoments implements Accumulator {
  n = 0;
  meanX = 0;
  meanY = 0;
  m2x = 0;
  m2y = 0;
  cxy = 0; // sum of (x − meanX)(y − meanY)

  constructor(private readonly finish: (c: CoMoments) => Value) {}

  add(args: Value[]): void {
    const yv = args[0];
    const xv = args[1];
    if (yv === null || xv === null || yv === undefined || xv === undefined) return;
    const y = numericValue(yv);
    const x = numericValue(xv);
    this.n++;
    const dx = x - this.meanX;
    const dy = y - this.meanY;
    this.meanX += dx / this.n;
    this.meanY += dy / this.n;
    this.m2x += dx * (x - this.meanX);
    this.m2y += dy * (y - this.meanY);
    this.cxy += dx * (y - this.meanY);
  }

  merge(other: Accumulator): void {
    const o = other as CoMoments;
    if (o.n === 0) return;
    const n = this.n + o.n;
    const dx = o.meanX - this.meanX;
    const dy = o.meanY - this.meanY;
    const w = (this.n * o.n) / n;
    this.m2x += o.m2x + dx * dx * w;
    this.m2y += o.m2y + dy * dy * w;
    this.cxy += o.cxy + dx * dy * w;
    this.meanX += (dx * o.n) / n;
    this.meanY += (dy * o.n) / n;
    this.n = n;
  }

  result(): Value {
    return this.finish(this);
  }
}

const slope = (c: CoMoments): Value => (c.n < 2 || c.m2x === 0 ? null : c.cxy / c.m2x);

// ------------------------------------------------------------------------------- catalogue

const momentAggregate = (name: string, aliases: string[], doc: string, finish: (m: Moments) => Value): AggregateFunction =>
  aggregate({
    name, aliases, min: 1, valueArgs: 1, allowedWithOver: true, signature: `${name}(x)`, returns: 'float', doc,
    create: () => new Moments(finish),
  });

const pairAggregate = (name: string, doc: string, finish: (c: CoMoments) => Value): AggregateFunction =>
  aggregate({
    name, min: 2, valueArgs: 2, signature: `${name}(y, x)`, returns: 'float',
    doc: `${doc} Pairs containing NULL are ignored.`, create: () => new CoMoments(finish),
  });

export const statisticalAggregates: AggregateFunction[] = [
  momentAggregate('STDDEV', ['STDDEV_SAMP'], 'Sample standard deviation (Float); NULL for fewer than 2 values.', root(sampleVariance)),
  momentAggregate('STDDEV_POP', [], 'Population standard deviation (Float); 0 for one value.', root(populationVariance)),
  momentAggregate('VARIANCE', ['VAR_SAMP'], 'Sample variance (Float); NULL for fewer than 2 values.', sampleVariance),
  momentAggregate('VAR_POP', [], 'Population variance (Float); 0 for one value.', populationVariance),
  aggregate({
    name: 'MEDIAN', min: 1, valueArgs: 1, signature: 'MEDIAN(x)', returns: 'float',
    doc: 'Middle value as a Float; the mean of the middle two for an even count.',
    create: () => new SortedNumbers((sorted) => percentileCont(sorted, 0.5)),
  }),
  aggregate({
    name: 'PERCENTILE_CONT', min: 1, valueArgs: 0, withinGroup: true, extension: 'X18', returns: 'float',
    signature: 'PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)',
    doc: 'The p-th percentile of x (p between 0 and 1), linearly interpolated, as a Float.',
    example: 'PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency_ms)',
    create: (constantArgs) => {
      const p = percentileArg('PERCENTILE_CONT', constantArgs);
      return new SortedNumbers((sorted) => percentileCont(sorted, p));
    },
  }),
  aggregate({
    name: 'PERCENTILE_DISC', min: 1, valueArgs: 0, withinGroup: true, extension: 'X18', returns: sameAs(1),
    signature: 'PERCENTILE_DISC(p) WITHIN GROUP (ORDER BY x)',
    doc: 'The smallest x whose cumulative share of the group is at least p (an actual input value).',
    create: (constantArgs) => new DiscretePercentile(percentileArg('PERCENTILE_DISC', constantArgs)),
  }),
  pairAggregate('CORR', 'Pearson correlation coefficient of y and x.', (c) =>
    c.n < 2 || c.m2x === 0 || c.m2y === 0 ? null : c.cxy / Math.sqrt(c.m2x * c.m2y),
  ),
  pairAggregate('COVAR_POP', 'Population covariance of y and x.', (c) => (c.n === 0 ? null : c.cxy / c.n)),
  pairAggregate('COVAR_SAMP', 'Sample covariance of y and x; NULL for fewer than 2 pairs.', (c) => (c.n < 2 ? null : c.cxy / (c.n - 1))),
  pairAggregate('REGR_SLOPE', 'Slope of the least-squares line y = slope·x + intercept.', slope),
  pairAggregate('REGR_INTERCEPT', 'Intercept of the least-squares line y = slope·x + intercept.', (c) => {
    const s = slope(c);
    return s === null ? null : c.meanY - (s as number) * c.meanX;
  }),
  pairAggregate('REGR_R2', 'Coefficient of determination of the least-squares line.', (c) => {
    if (c.n < 2 || c.m2x === 0) return null;
    return c.m2y === 0 ? 1 : (c.cxy * c.cxy) / (c.m2x * c.m2y);
  }),
];
