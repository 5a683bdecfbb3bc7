/**
 * Metric assertions (harness spec §7.8) against the run's metrics registry: counters summed
 * over the matching series, gauges per series (every series must satisfy without labels),
 * and existence with an optional kind.
 */
import type { AssertionContext, AssertionResult } from './output';
import { fail, formatNumber, pass, type Fields } from './record-assertions';
import type { MetricSeries } from '../metrics/registry';

type Check = (f: Fields, ctx: AssertionContext) => AssertionResult;

function compare(value: number, f: Fields, tolerance: number): { ok: boolean; expected: string } {
  const op = (f.operator as string | undefined) ?? 'greater_than';
  const v = f.value as number;
  switch (op) {
    case 'equals':
      return { ok: Math.abs(value - v) <= tolerance, expected: `== ${v}` };
    case 'greater_than':
      return { ok: value > v, expected: `> ${v}` };
    case 'greater_than_or_equal':
      return { ok: value >= v, expected: `>= ${v}` };
    case 'less_than':
      return { ok: value < v, expected: `< ${v}` };
    case 'less_than_or_equal':
      return { ok: value <= v, expected: `<= ${v}` };
    default: {
      const [a, b] = f.between as number[];
      return { ok: value >= a && value <= b, expected: `between ${a} and ${b}` };
    }
  }
}

function matching(series: MetricSeries[], labels: Record<string, string> | undefined): MetricSeries[] {
  if (!labels) return series;
  return series.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

export const METRIC_ASSERTIONS: Readonly<Record<string, Check>> = {
  metric_counter(f, ctx) {
    const type = 'metric_counter';
    const name = String(f.name);
    if (ctx.metrics.typeOf(name) !== 'counter') return fail(type, `Counter '${name}' not found or not registered`, `counter '${name}'`, ctx.metrics.typeOf(name) ?? 'not registered');
    const total = matching(ctx.metrics.series(name), f.labels as Record<string, string> | undefined).reduce((s, x) => s + x.value, 0);
    const { ok, expected } = compare(total, f, 0);
    return ok ? pass(type, `Counter '${name}' = ${formatNumber(total)} (${expected})`) : fail(type, `Counter '${name}' = ${formatNumber(total)} does not satisfy ${expected}`, expected, formatNumber(total));
  },

  metric_gauge(f, ctx) {
    const type = 'metric_gauge';
    const name = String(f.name);
    if (ctx.metrics.typeOf(name) !== 'gauge') return fail(type, `Gauge '${name}' not found or not registered`, `gauge '${name}'`, ctx.metrics.typeOf(name) ?? 'not registered');
    const series = matching(ctx.metrics.series(name), f.labels as Record<string, string> | undefined);
    if (series.length === 0) return fail(type, `Gauge '${name}' has no series${f.labels ? ' matching the labels' : ''}`, 'a value', 'no series');
    const tolerance = typeof f.tolerance === 'number' ? f.tolerance : 1e-4;
    const values = series.map((s) => s.value);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const failing = values.filter((v) => !compare(v, f, tolerance).ok);
    const { expected } = compare(values[0], f, tolerance);
    const range = values.length === 1 ? formatNumber(values[0]) : `min ${formatNumber(min)}, max ${formatNumber(max)} over ${values.length} series`;
    if (failing.length === 0) return pass(type, `Gauge '${name}' ${range} (${expected})`);
    return fail(type, `Gauge '${name}' does not satisfy ${expected} (${failing.length}/${values.length} series)`, expected, range);
  },

  metric_exists(f, ctx) {
    const type = 'metric_exists';
    const name = String(f.name);
    const kind = ctx.metrics.typeOf(name);
    if (kind === undefined) return fail(type, `Metric '${name}' not found or not registered`, `metric '${name}'`, `registered: ${ctx.metrics.names().join(', ') || '(none)'}`);
    if (f.metric_type !== undefined && f.metric_type !== kind) return fail(type, `Metric '${name}' is a ${kind}`, String(f.metric_type), kind);
    return pass(type, `Metric '${name}' exists (${kind})`);
  },
};
