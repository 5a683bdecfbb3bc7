/**
 * The Plotly figure for a result (kernel spec §3.5, extension spec §2): one pure function of the
 * model and the theme, so updates can hand a fresh figure to `Plotly.react`. `uirevision` is the
 * display id: Plotly keeps zoom and legend selection across updates of the same display.
 */
import { cellNumber, labelText } from './cells';
import { isTimeColumn, type Cell, type ResultColumn, type ResultJson } from './types';

export const SERIES_LIMIT = 10;
export const BAR_LIMIT = 20;
export const PIE_LIMIT = 10;

export interface ChartTheme {
  text: string;
  grid: string;
  font: string;
  colorway: string[];
}

export type Trace = Record<string, unknown>;

export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
}

interface Axis {
  index: number;
  column: ResultColumn;
}

/** The figure for `model`, or null when its viz draws nothing or no row has a value to draw. */
export function resultFigure(model: ResultJson, theme: ChartTheme): Figure | null {
  const data = traces(model);
  if (!data || data.length === 0) return null;
  const { viz } = model;
  const x = axis(model, viz.x);
  const timeX = x !== null && isTimeColumn(x.column);
  const cartesian = viz.kind !== 'pie' && viz.kind !== 'gauge';
  return {
    data,
    layout: {
      title: { text: viz.title ?? defaultTitle(model), font: { size: 13 } },
      uirevision: model.display_id,
      autosize: true,
      height: 300,
      margin: { l: 56, r: 16, t: 36, b: 40 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { family: theme.font, color: theme.text, size: 11 },
      colorway: theme.colorway,
      showlegend: data.length > 1 || viz.kind === 'pie',
      legend: { orientation: 'v' },
      ...(cartesian
        ? {
            xaxis: { title: { text: viz.kind === 'heatmap' || viz.x ? (viz.x ?? '') : '' }, gridcolor: theme.grid, type: timeX ? 'date' : undefined, automargin: true },
            yaxis: { title: { text: viz.kind === 'heatmap' ? (viz.series ?? '') : viz.y.join(', ') }, gridcolor: theme.grid, automargin: true },
          }
        : {}),
    },
  };
}

function defaultTitle(model: ResultJson): string {
  const y = model.viz.y.join(', ');
  if (model.viz.kind === 'gauge' || model.viz.kind === 'pie' || !model.viz.x) return y;
  return `${y} by ${model.viz.x}`;
}

function axis(model: ResultJson, name: string | null): Axis | null {
  if (name === null) return null;
  const index = model.columns.findIndex((c) => c.name === name);
  return index < 0 ? null : { index, column: model.columns[index] };
}

function traces(model: ResultJson): Trace[] | null {
  const { viz, rows } = model;
  const x = axis(model, viz.x);
  const ys = viz.y.map((name) => axis(model, name)).filter((a): a is Axis => a !== null);
  switch (viz.kind) {
    case 'line':
    case 'area':
    case 'scatter':
      return x && ys.length ? xyTraces(viz.kind, x, ys, axis(model, viz.series), rows) : null;
    case 'bar':
      return x && ys.length ? barTraces(x, ys, axis(model, viz.series), rows) : null;
    case 'pie':
      return x && ys.length ? pieTraces(x, ys[0], rows) : null;
    case 'gauge':
      return ys.length ? gaugeTraces(ys[0], rows) : null;
    case 'heatmap':
      return x && ys.length ? heatmapTraces(x, ys[0], axis(model, viz.series), rows) : null;
    default:
      return null;
  }
}

/** Rows grouped by the series column's label, in first-seen order ('' when there is no series). */
function groupBySeries(rows: readonly Cell[][], series: Axis | null): Map<string, Cell[][]> {
  const groups = new Map<string, Cell[][]>();
  for (const row of rows) {
    const label = series ? labelText(row[series.index], series.column) : '';
    const group = groups.get(label);
    if (group) group.push(row);
    else groups.set(label, [row]);
  }
  return groups;
}

/** The top SERIES_LIMIT groups by the first y value at their greatest x. */
function topSeries(groups: Map<string, Cell[][]>, x: Axis, y: Axis): [string, Cell[][]][] {
  const latest = (group: Cell[][]) => {
    let best = group[0];
    let bestX = -Infinity;
    for (const row of group) {
      const at = cellNumber(row[x.index], x.column) ?? -Infinity;
      if (at >= bestX) [best, bestX] = [row, at];
    }
    return cellNumber(best[y.index], y.column) ?? -Infinity;
  };
  return [...groups.entries()].sort((a, b) => latest(b[1]) - latest(a[1])).slice(0, SERIES_LIMIT);
}

function xyTraces(kind: 'line' | 'area' | 'scatter', x: Axis, ys: Axis[], series: Axis | null, rows: readonly Cell[][]): Trace[] {
  const out: Trace[] = [];
  for (const [label, group] of topSeries(groupBySeries(rows, series), x, ys[0])) {
    for (const y of ys) {
      const points = group
        .map((row, i) => ({ x: cellNumber(row[x.index], x.column) ?? labelText(row[x.index], x.column) ?? i, y: cellNumber(row[y.index], y.column) }))
        .filter((p) => p.y !== null);
      if (typeof points[0]?.x === 'number') points.sort((a, b) => (a.x as number) - (b.x as number));
      if (points.length === 0) continue;
      out.push({
        type: 'scatter',
        mode: kind === 'scatter' ? 'markers' : 'lines+markers',
        ...(kind === 'area' ? { fill: ys.length > 1 || series ? 'tonexty' : 'tozeroy', stackgroup: 'area' } : {}),
        name: [label, ys.length > 1 || !label ? y.column.name : ''].filter(Boolean).join(' '),
        x: points.map((p) => p.x),
        y: points.map((p) => p.y),
        marker: { size: kind === 'scatter' ? 6 : 4 },
      });
    }
  }
  return out;
}

/** Latest value per label (later rows override earlier ones), largest first. */
function latestByLabel(rows: readonly Cell[][], label: Axis, value: Axis, limit: number): { label: string; value: number }[] {
  const latest = new Map<string, number>();
  for (const row of rows) {
    const n = cellNumber(row[value.index], value.column);
    if (n !== null) latest.set(labelText(row[label.index], label.column), n);
  }
  return [...latest.entries()]
    .map(([l, v]) => ({ label: l, value: v }))
    .sort((a, b) => b.value - a.value)
    .slice(0, limit);
}

function barTraces(x: Axis, ys: Axis[], series: Axis | null, rows: readonly Cell[][]): Trace[] {
  if (series) {
    return [...groupBySeries(rows, series).entries()].slice(0, SERIES_LIMIT).map(([label, group]) => {
      const items = latestByLabel(group, x, ys[0], BAR_LIMIT);
      return { type: 'bar', name: label, x: items.map((i) => i.label), y: items.map((i) => i.value) };
    });
  }
  const order = latestByLabel(rows, x, ys[0], BAR_LIMIT).map((i) => i.label);
  return ys.map((y) => {
    const values = new Map(latestByLabel(rows, x, y, Infinity).map((i) => [i.label, i.value]));
    return { type: 'bar', name: y.column.name, x: order, y: order.map((label) => values.get(label) ?? null) };
  });
}

function pieTraces(label: Axis, value: Axis, rows: readonly Cell[][]): Trace[] {
  const items = latestByLabel(rows, label, value, PIE_LIMIT).filter((i) => i.value > 0);
  if (items.length === 0) return [];
  return [{ type: 'pie', labels: items.map((i) => i.label), values: items.map((i) => i.value), hole: 0.35, sort: false }];
}

function gaugeTraces(value: Axis, rows: readonly Cell[][]): Trace[] {
  const last = rows[rows.length - 1];
  const n = last ? cellNumber(last[value.index], value.column) : null;
  if (n === null) return [];
  const magnitude = Math.pow(10, Math.ceil(Math.log10(Math.abs(n) || 1)));
  return [
    {
      type: 'indicator',
      mode: 'gauge+number',
      value: n,
      title: { text: value.column.name },
      gauge: { axis: { range: n < 0 ? [-magnitude, 0] : [0, magnitude] } },
    },
  ];
}

function heatmapTraces(x: Axis, z: Axis, series: Axis | null, rows: readonly Cell[][]): Trace[] {
  if (!series) return [];
  const xs: (number | string)[] = [];
  const ys: string[] = [];
  const cells = new Map<string, number>();
  const xKey = (row: Cell[]) => cellNumber(row[x.index], x.column) ?? labelText(row[x.index], x.column);
  for (const row of rows) {
    const at = xKey(row);
    const label = labelText(row[series.index], series.column);
    const value = cellNumber(row[z.index], z.column);
    if (value === null) continue;
    if (!xs.includes(at)) xs.push(at);
    if (!ys.includes(label)) ys.push(label);
    cells.set(`${at}\u0000${label}`, value);
  }
  if (typeof xs[0] === 'number') xs.sort((a, b) => (a as number) - (b as number));
  ys.sort();
  return [
    {
      type: 'heatmap',
      x: xs,
      y: ys,
      z: ys.map((label) => xs.map((at) => cells.get(`${at}\u0000${label}`) ?? null)),
      colorscale: 'Viridis',
    },
  ];
}
