/**
 * Which chart a result gets (§3.5): an `@viz` annotation or `--chart` option, else inference from
 * the query's shape. Defaults for x and y follow dialect §13.6.
 */
import type { DisplayMode, ResultColumn, ResultKeys, VizKind, VizSpec } from './types';
import { isNumericType } from './types';

export const VIZ_KINDS: readonly VizKind[] = [
  'line',
  'bar',
  'area',
  'scatter',
  'pie',
  'gauge',
  'heatmap',
  'table',
  'none',
];

export interface VizInput {
  columns: readonly ResultColumn[];
  mode: DisplayMode;
  keys: ResultKeys;
  /** The statement's annotations (lower-case keys without `@`). */
  annotations: readonly { key: string; value: string }[];
  /** `%%sql --chart K`. */
  option?: string;
  /** `%config chart`: `none` turns inference off. */
  inference: 'auto' | 'none';
}

export type VizResult = { ok: true; viz: VizSpec } | { ok: false; message: string };

export const NO_CHART: VizSpec = {
  kind: 'none',
  x: null,
  y: [],
  series: null,
  title: null,
  origin: 'inferred',
};

/** Latest-value ranking limits of inferred charts. */
export const LINE_SERIES_LIMIT = 10;
export const BAR_LIMIT = 20;
const LINE_Y_LIMIT = 4;

export function chooseViz(input: VizInput): VizResult {
  const explicit = explicitViz(input);
  if (explicit) return explicit;
  return { ok: true, viz: input.inference === 'none' ? NO_CHART : inferViz(input) };
}

/** `@viz` / `@viz_*` annotations (the option overrides the annotated kind). */
function explicitViz(input: VizInput): VizResult | undefined {
  const notes = new Map(input.annotations.map((a) => [a.key, a.value.trim()]));
  const inline = (notes.get('viz') ?? '').split(/\s+/).filter(Boolean);
  const kindText = input.option ?? inline[0];
  if (kindText === undefined && ![...notes.keys()].some((k) => k.startsWith('viz_')))
    return undefined;

  const kind = parseKind(kindText ?? 'line');
  if (!kind) return { ok: false, message: `unknown chart kind '${kindText}' (${VIZ_KINDS.join(', ')})` };
  const settings = new Map<string, string>();
  for (const word of inline.slice(1)) {
    const [key, ...rest] = word.split('=');
    if (rest.length === 0) return { ok: false, message: `@viz expects key=value, found '${word}'` };
    settings.set(key.toLowerCase(), rest.join('='));
  }
  for (const key of ['x', 'y', 'series', 'title'])
    if (notes.has(`viz_${key}`)) settings.set(key, notes.get(`viz_${key}`)!);

  const names = new Set(input.columns.map((c) => c.name));
  const x = settings.get('x') ?? defaultX(input);
  const y = settings.has('y')
    ? settings.get('y')!.split(',').map((s) => s.trim()).filter(Boolean)
    : numericColumns(input.columns, [x]);
  const series = settings.get('series') ?? null;
  const unknown = [x, ...y, series].filter((n): n is string => n !== null && !names.has(n));
  if (names.size > 0 && unknown.length > 0)
    return { ok: false, message: `@viz names unknown column ${unknown.join(', ')}` };
  return {
    ok: true,
    viz: {
      kind,
      x,
      y,
      series,
      title: settings.get('title') ?? null,
      origin: input.option !== undefined ? 'option' : 'annotation',
    },
  };
}

function parseKind(text: string): VizKind | undefined {
  const lower = text.toLowerCase();
  if (lower === 'indicator') return 'gauge';
  return VIZ_KINDS.find((kind) => kind === lower);
}

/** Dialect §13.6: the window start for windowed output, else the first column. */
function defaultX(input: VizInput): string | null {
  const start = input.columns.find((c) => c.role === 'window_start');
  return start?.name ?? input.columns[0]?.name ?? null;
}

/** Numeric value columns other than `exclude` (and other than keys and window bounds). */
function numericColumns(columns: readonly ResultColumn[], exclude: (string | null)[]): string[] {
  return columns
    .filter((c) => c.role === 'value' && isNumericType(c.type) && !exclude.includes(c.name))
    .map((c) => c.name);
}

/** The inference table of §3.5, first match wins. */
export function inferViz(input: VizInput): VizSpec {
  const { columns, mode, keys } = input;
  const values = numericColumns(columns, []);
  const groupKey = columns.find((c) => c.role === 'group_key')?.name ?? null;
  const chart = (kind: VizKind, x: string | null, y: string[], series: string | null): VizSpec => ({
    kind,
    x,
    y,
    series,
    title: null,
    origin: 'inferred',
  });

  if (mode === 'single') {
    const first = values[0] ?? columns.find((c) => isNumericType(c.type))?.name;
    return first ? chart('gauge', null, [first], null) : NO_CHART;
  }
  const windowBound =
    columns.find((c) => c.role === 'window_start') ?? columns.find((c) => c.role === 'window_end');
  if (windowBound && values.length > 0)
    return chart('line', windowBound.name, values.slice(0, LINE_Y_LIMIT), groupKey);
  if (!keys.window && keys.group.length === 1 && groupKey && values.length > 0)
    return chart('bar', groupKey, [values[0]], null);
  const time = columns.find((c) => c.type === 'TIMESTAMP' || c.role === 'event_time');
  const overTime = numericColumns(columns, [time?.name ?? null]);
  if (mode === 'append' && time && overTime.length > 0)
    return chart('line', time.name, overTime.slice(0, LINE_Y_LIMIT), groupKey);
  return NO_CHART;
}
