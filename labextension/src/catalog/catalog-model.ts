/**
 * The schema browser's view model (extension spec §4): what each section shows for a catalog,
 * the text a double-click or "New query" inserts, and the last 60 s of each job's rate for its
 * sparkline. Pure: the widget turns it into DOM.
 */
import type { Catalog, CatalogJob, CatalogSource } from './types';

/** Why the panel shows no catalog, or that it does. */
export type PanelState = 'no-notebook' | 'no-kernel' | 'not-velostream' | 'connecting' | 'ready';

export const STATE_MESSAGES: Record<Exclude<PanelState, 'ready'>, string> = {
  'no-notebook': 'Open a notebook to browse its sources and jobs.',
  'no-kernel': 'This notebook has no running kernel.',
  'not-velostream': 'no Velostream kernel: this notebook runs another kernel.',
  connecting: 'Connecting to the Velostream kernel…',
};

export const SPARKLINE_SECONDS = 60;

export interface ColumnRow {
  name: string;
  type: string;
  /** `key`, `event time`, both, or none. */
  marks: string[];
  nullable: boolean;
}

export function columnRows(source: CatalogSource): ColumnRow[] {
  return source.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    marks: [
      ...(c.role === 'key' || c.name === source.key_field ? ['key'] : []),
      ...(c.name === source.event_time ? ['event time'] : []),
    ],
  }));
}

/** "stream · unbounded · synthetic", "table · bounded · file_source (trades.csv)". */
export function sourceSummary(source: CatalogSource): string {
  const bounded =
    source.bounded === null ? 'boundedness unknown' : source.bounded ? 'bounded' : 'unbounded';
  const where = source.topic ?? source.path;
  return [source.kind, bounded, where ? `${source.binding} (${where})` : source.binding].join(
    ' · ',
  );
}

/** The cell "New query" adds below the active one. */
export function newQueryCell(source: CatalogSource): string {
  const columns = source.columns.length ? source.columns.map((c) => c.name).join(', ') : '*';
  return `SELECT ${columns} FROM ${source.name} LIMIT 10;`;
}

export function isStoppable(job: CatalogJob): boolean {
  return job.status === 'running';
}

const COUNT = new Intl.NumberFormat('en-US');

/** "1,234 in · 56 out · 120/s". */
export function jobCounters(job: CatalogJob): string {
  return `${COUNT.format(job.records_in)} in · ${COUNT.format(job.records_out)} out · ${COUNT.format(job.rate)}/s`;
}

export interface MetricRow {
  name: string;
  job: string;
  labels: string;
  value: string;
}

export function metricRows(catalog: Catalog): MetricRow[] {
  return catalog.metrics.flatMap((m) =>
    m.series.map((s) => ({
      name: m.name,
      job: m.job,
      labels: Object.entries(s.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
      value: COUNT.format(s.value),
    })),
  );
}

interface RateSample {
  at: number;
  rate: number;
}

/**
 * Each job's rate as catalogs arrive (the kernel pushes job counters about once a second),
 * forgetting samples older than the sparkline's window and jobs the catalog no longer lists.
 */
export class RateHistory {
  private readonly samples = new Map<string, RateSample[]>();

  record(catalog: Catalog, now: number): void {
    const listed = new Set(catalog.jobs.map((j) => j.name));
    for (const name of this.samples.keys()) if (!listed.has(name)) this.samples.delete(name);
    for (const job of catalog.jobs) {
      const kept = (this.samples.get(job.name) ?? []).filter(
        (s) => s.at > now - SPARKLINE_SECONDS * 1000,
      );
      if (job.status === 'running') kept.push({ at: now, rate: job.rate });
      this.samples.set(job.name, kept);
    }
  }

  clear(): void {
    this.samples.clear();
  }

  /** SVG polyline points of the job's rate over the last 60 s (newest at the right edge), '' with under two samples. */
  sparkline(job: string, now: number, width: number, height: number): string {
    const samples = (this.samples.get(job) ?? []).filter(
      (s) => s.at > now - SPARKLINE_SECONDS * 1000,
    );
    if (samples.length < 2) return '';
    const top = Math.max(...samples.map((s) => s.rate), 1);
    const x = (at: number) =>
      (width * (at - (now - SPARKLINE_SECONDS * 1000))) / (SPARKLINE_SECONDS * 1000);
    // A pixel of margin top and bottom keeps a flat line inside the box.
    const y = (rate: number) => height - 1 - ((height - 2) * rate) / top;
    return samples.map((s) => `${round(x(s.at))},${round(y(s.rate))}`).join(' ');
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
