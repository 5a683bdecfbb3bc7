/**
 * An in-process metrics registry for the harness's metric assertions (harness spec §7.8): the
 * `@metric` annotations of a statement (dialect spec §13.4) applied to its output records —
 * counters +1, gauges set to the field, histograms observe the field — plus built-in job
 * counters. Series are keyed by label values; a per-series timestamp watermark drops
 * out-of-order emissions as the dialect specifies.
 */
import type { MetricAnnotation, MetricType } from '../../sql/annotationModel';
import { Scaled, type Value } from '../../types/values/types';
import { formatScaled } from '../../types/values/format';

export interface MetricSeries {
  labels: Readonly<Record<string, string>>;
  /** Counter total, gauge value, or histogram sum. */
  value: number;
  /** Observations (histograms) or updates. */
  count: number;
  /** Latest timestamp applied (watermark). */
  lastTimestamp: number;
}

interface Metric {
  type: MetricType;
  help?: string;
  series: Map<string, MetricSeries>;
}

/** A record as the registry reads it: payload fields and a timestamp. */
export interface MetricRecord {
  fields: Record<string, Value>;
  timestamp: number;
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  define(name: string, type: MetricType, help?: string): void {
    if (!this.metrics.has(name)) this.metrics.set(name, { type, help, series: new Map() });
  }

  typeOf(name: string): MetricType | undefined {
    return this.metrics.get(name)?.type;
  }

  names(): string[] {
    return [...this.metrics.keys()].sort();
  }

  series(name: string): MetricSeries[] {
    return [...(this.metrics.get(name)?.series.values() ?? [])];
  }

  /** Adds `amount` to a counter series (creating the counter). */
  increment(name: string, labels: Record<string, string>, amount = 1, timestamp = 0): void {
    this.define(name, 'counter');
    this.update(name, labels, timestamp, (s) => {
      s.value += amount;
      s.count++;
    });
  }

  /**
   * Applies one metric annotation to a batch of output records, emitted at `emittedAt`
   * (processing time; default each record's own timestamp).
   */
  apply(metric: MetricAnnotation, records: readonly MetricRecord[], emittedAt?: number): void {
    this.define(metric.name, metric.type, metric.help);
    for (const record of records) {
      const at = emittedAt ?? record.timestamp;
      const labels = Object.fromEntries(metric.labels.map((l) => [l, labelValue(lookup(record.fields, l))]));
      if (metric.type === 'counter') {
        this.update(metric.name, labels, at, (s) => {
          s.value += 1;
          s.count++;
        });
        continue;
      }
      const value = metric.field === undefined ? undefined : numeric(lookup(record.fields, metric.field));
      if (value === undefined) continue;
      this.update(metric.name, labels, at, (s) => {
        s.value = metric.type === 'gauge' ? value : s.value + value;
        s.count++;
      });
    }
  }

  private update(name: string, labels: Record<string, string>, timestamp: number, change: (s: MetricSeries) => void): void {
    const metric = this.metrics.get(name)!;
    const key = JSON.stringify(Object.entries(labels).sort());
    let series = metric.series.get(key);
    if (!series) {
      series = { labels, value: 0, count: 0, lastTimestamp: Number.NEGATIVE_INFINITY };
      metric.series.set(key, series);
    }
    if (timestamp < series.lastTimestamp) return;
    series.lastTimestamp = timestamp;
    change(series);
  }
}

/** Dotted names reach into maps and structs (dialect spec §13.4). */
export function lookup(fields: Record<string, Value>, name: string): Value | undefined {
  if (name in fields) return fields[name];
  const [head, ...rest] = name.split('.');
  let v: Value | undefined = fields[head];
  for (const part of rest) {
    if (v instanceof Map) v = v.get(part);
    else return undefined;
  }
  return v;
}

/** A label's text (dialect spec §13.4: NULL/missing → `unknown`, Array → `[array]`, Map → `[map]`). */
export function labelValue(v: Value | undefined): string {
  if (v === null || v === undefined) return 'unknown';
  if (Array.isArray(v)) return '[array]';
  if (v instanceof Map) return '[map]';
  if (v instanceof Scaled) return formatScaled(v);
  return String(v);
}

/** The number a gauge or histogram takes from a field; undefined for non-numeric values (skipped). */
export function numeric(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Scaled) return Number(formatScaled(v));
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}
