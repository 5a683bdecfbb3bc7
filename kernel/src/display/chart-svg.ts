/**
 * Static SVG charts for text/html (§3.5): 640×200, `role="img"` with a `<title>`, labelled axes
 * with round ticks, at most 1,000 points per series,
 * the Okabe–Ito colour-blind-safe palette, no fonts, scripts or external resources. Categories
 * (bars, slices, series) keep their key order, so a live chart does not reshuffle on every
 * update. Pure functions of the rows.
 */
import type { Value } from '@velostream/engine';
import { escapeMarkup } from './escape';
import type { ResultColumn, VizSpec } from './types';
import { type Axis, niceCeiling, timeAxis, valueAxis, valueTickText } from './ticks';
import { cellText, compareValues, cut, floatText, numericValue, timestampText } from './values';
import { BAR_LIMIT, LINE_SERIES_LIMIT } from './viz';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 200;
export const MAX_POINTS = 1000;
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const PLOT = { left: 60, right: 130, top: 22, bottom: 34 };
const PLOT_W = CHART_WIDTH - PLOT.left - PLOT.right;
/** Bars have no legend, so their plot also takes the legend's column. */
const BAR_PLOT_W = CHART_WIDTH - PLOT.left - 20;
const PLOT_H = CHART_HEIGHT - PLOT.top - PLOT.bottom;
const PIE_SLICES = 10;

interface Point {
  x: number;
  y: number;
}

interface Series {
  label: string;
  points: Point[];
}

/** The chart for `viz` over `rows`, or null when the kind draws nothing or there is no data. */
export function renderChart(
  viz: VizSpec,
  columns: readonly ResultColumn[],
  rows: readonly Value[][],
): string | null {
  const index = (name: string | null) => (name === null ? -1 : columns.findIndex((c) => c.name === name));
  const title = chartTitle(viz);
  switch (viz.kind) {
    case 'line':
    case 'area':
    case 'scatter': {
      const xIndex = index(viz.x);
      if (xIndex < 0) return null;
      const series = xySeries(viz, xIndex, viz.y.map(index), index(viz.series), rows);
      if (series.length === 0) return null;
      const xColumn = columns[xIndex];
      const isTime = xColumn.type === 'TIMESTAMP' || xColumn.role.startsWith('window');
      return xyChart(viz.kind, title, xColumn.name, viz.y.join(', '), isTime, series);
    }
    case 'bar':
    case 'pie': {
      const labelIndex = index(viz.x);
      const valueIndex = index(viz.y[0] ?? null);
      if (labelIndex < 0 || valueIndex < 0) return null;
      const limit = viz.kind === 'bar' ? BAR_LIMIT : PIE_SLICES;
      const items = latestByLabel(rows, labelIndex, valueIndex, limit, viz.kind === 'pie');
      if (items.length === 0) return null;
      return viz.kind === 'bar'
        ? barChart(title, columns[labelIndex].name, columns[valueIndex].name, items)
        : pieChart(title, items);
    }
    case 'gauge': {
      const valueIndex = index(viz.y[0] ?? null);
      const last = rows[rows.length - 1];
      const value = valueIndex < 0 || !last ? null : numericValue(last[valueIndex]);
      if (value === null) return null;
      return gaugeChart(title, columns[valueIndex].name, value, cellText(last[valueIndex]));
    }
    default:
      return null;
  }
}

/** The annotated title, else `y by x`. */
export function chartTitle(viz: VizSpec): string {
  if (viz.title) return viz.title;
  const y = viz.y.join(', ');
  if (viz.kind === 'gauge' || viz.kind === 'pie') return y;
  return viz.x ? `${y} by ${viz.x}` : y;
}

/** One series per (series value × y column); top series by their latest value of the first y. */
function xySeries(
  viz: VizSpec,
  xIndex: number,
  yIndexes: number[],
  seriesIndex: number,
  rows: readonly Value[][],
): Series[] {
  const groups = new Map<string, Value[][]>();
  for (const row of rows) {
    const label = seriesIndex < 0 ? '' : cellText(row[seriesIndex]);
    const group = groups.get(label);
    if (group) group.push(row);
    else groups.set(label, [row]);
  }
  /** The first y at the greatest x: rows arrive in snapshot order, not necessarily by x. */
  const latest = (group: Value[][]) => {
    let best: Value[] = group[0];
    for (const row of group)
      if ((numericValue(row[xIndex]) ?? -Infinity) >= (numericValue(best[xIndex]) ?? -Infinity)) best = row;
    return numericValue(best[yIndexes[0]]) ?? -Infinity;
  };
  const top = topInKeyOrder(
    [...groups.entries()].map(([label, group]) => ({ key: seriesIndex < 0 ? null : group[0][seriesIndex], rank: latest(group), label, group })),
    LINE_SERIES_LIMIT,
  );

  const series: Series[] = [];
  for (const { label, group } of top) {
    yIndexes.forEach((yIndex, k) => {
      if (yIndex < 0) return;
      const points = group
        .map((row, i) => ({ x: numericValue(row[xIndex]) ?? i, y: numericValue(row[yIndex]) }))
        .filter((p): p is Point => p.y !== null)
        .sort((a, b) => a.x - b.x);
      if (points.length === 0) return;
      const name = [label, yIndexes.length > 1 || !label ? viz.y[k] : ''].filter(Boolean).join(' ');
      series.push({ label: name, points: downsample(points, MAX_POINTS) });
    });
  }
  return series.slice(0, PALETTE.length);
}

/** Bucket downsampling: averages of consecutive buckets, so the shape of the series is kept. */
export function downsample(points: Point[], max: number): Point[] {
  if (points.length <= max) return points;
  const out: Point[] = [];
  const size = points.length / max;
  for (let b = 0; b < max; b++) {
    const bucket = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (bucket.length === 0) continue;
    out.push({
      x: bucket.reduce((s, p) => s + p.x, 0) / bucket.length,
      y: bucket.reduce((s, p) => s + p.y, 0) / bucket.length,
    });
  }
  return out;
}

interface LabelledValue {
  label: string;
  value: number;
}

/**
 * The `limit` categories ranked highest when there are more, always listed in key order: a
 * category keeps its place (and colour) while its value changes.
 */
function topInKeyOrder<T extends { key: Value; rank: number }>(items: T[], limit: number): T[] {
  const kept = items.length > limit ? [...items].sort((a, b) => b.rank - a.rank).slice(0, limit) : items;
  return [...kept].sort((a, b) => compareValues(a.key, b.key));
}

/** The latest value per label, top `limit` by value when there are more, in key order. */
function latestByLabel(
  rows: readonly Value[][],
  labelIndex: number,
  valueIndex: number,
  limit: number,
  positiveOnly: boolean,
): LabelledValue[] {
  const latest = new Map<string, { key: Value; rank: number }>();
  for (const row of rows) {
    const value = numericValue(row[valueIndex]);
    if (value !== null) latest.set(cellText(row[labelIndex]), { key: row[labelIndex], rank: value });
  }
  const items = [...latest.entries()]
    .map(([label, { key, rank }]) => ({ label, key, rank }))
    .filter((item) => !positiveOnly || item.rank > 0);
  return topInKeyOrder(items, limit).map(({ label, rank }) => ({ label, value: rank }));
}

const coord = (n: number) => n.toFixed(1);

/** Labels of the x axis: `HH:MM:SS` on a time axis. */
function xTickText(axis: Axis, isTime: boolean): (value: number) => string {
  return isTime ? (value) => timestampText(Math.round(value)).slice(11, 19) : valueTickText(axis);
}

function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return Number(value.toPrecision(3)).toLocaleString('en-US');
  if (magnitude > 0 && magnitude < 1e-3) return value.toExponential(1);
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

function frame(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" ` +
      `viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${escapeMarkup(title)}" ` +
      `font-family="sans-serif" font-size="11">`,
    `<title>${escapeMarkup(title)}</title>`,
    `<text x="${PLOT.left}" y="14" font-size="12" font-weight="bold">${escapeMarkup(title)}</text>`,
    ...body,
    '</svg>',
  ].join('');
}

interface Tick {
  at: number;
  text: string;
}

/** Axis lines, tick labels with light grid lines across the plot, and the axis titles. */
function axes(xLabel: string, yLabel: string, xTicks: Tick[], yTicks: Tick[], width = PLOT_W): string[] {
  const bottom = PLOT.top + PLOT_H;
  const right = PLOT.left + width;
  const grid = yTicks.map(
    (t) =>
      `<line x1="${PLOT.left}" y1="${coord(t.at)}" x2="${right}" y2="${coord(t.at)}" stroke="#e4e4e4"/>` +
      `<text x="${PLOT.left - 4}" y="${coord(t.at + 3.5)}" text-anchor="end">${escapeMarkup(t.text)}</text>`,
  );
  const xs = xTicks.map(
    (t) =>
      `<line x1="${coord(t.at)}" y1="${bottom}" x2="${coord(t.at)}" y2="${bottom + 3}" stroke="#555"/>` +
      `<text x="${coord(t.at)}" y="${bottom + 13}" text-anchor="middle">${escapeMarkup(t.text)}</text>`,
  );
  return [
    ...grid,
    `<line x1="${PLOT.left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#555"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${bottom}" stroke="#555"/>`,
    ...xs,
    `<text x="${PLOT.left + width / 2}" y="${CHART_HEIGHT - 4}" text-anchor="middle">${escapeMarkup(xLabel)}</text>`,
    `<text x="12" y="${PLOT.top + PLOT_H / 2}" text-anchor="middle" transform="rotate(-90 12 ${PLOT.top + PLOT_H / 2})">${escapeMarkup(yLabel)}</text>`,
  ];
}

/** Ticks of `axis` placed by `scale`. */
function placed(axis: Axis, scale: (v: number) => number, text: (v: number) => string): Tick[] {
  return axis.ticks.map((v) => ({ at: scale(v), text: text(v) }));
}

function legend(labels: string[]): string[] {
  const x = PLOT.left + PLOT_W + 10;
  return labels.flatMap((label, i) => {
    if (!label) return [];
    const y = PLOT.top + 4 + i * 14;
    return [
      `<rect x="${x}" y="${y}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`,
      `<text x="${x + 14}" y="${y + 9}">${escapeMarkup(label.slice(0, 18))}</text>`,
    ];
  });
}

/** Value range padded so a flat series is still drawn mid-height. */
function range(values: number[], includeZero: boolean): [number, number] {
  let min = Math.min(...values, ...(includeZero ? [0] : []));
  let max = Math.max(...values, ...(includeZero ? [0] : []));
  if (min === max) {
    min -= 1;
    max += 1;
  }
  return [min, max];
}

function xyChart(
  kind: 'line' | 'area' | 'scatter',
  title: string,
  xLabel: string,
  yLabel: string,
  isTime: boolean,
  series: Series[],
): string {
  const all = series.flatMap((s) => s.points);
  const xAxis = (isTime ? timeAxis : valueAxis)(...range(all.map((p) => p.x), false));
  const yAxis = valueAxis(...range(all.map((p) => p.y), kind === 'area'));
  const sx = (x: number) => PLOT.left + ((x - xAxis.min) / (xAxis.max - xAxis.min)) * PLOT_W;
  const sy = (y: number) => PLOT.top + PLOT_H - ((y - yAxis.min) / (yAxis.max - yAxis.min)) * PLOT_H;
  const baseline = sy(Math.max(yAxis.min, Math.min(0, yAxis.max)));

  const marks = series.map((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const path = s.points.map((p) => `${coord(sx(p.x))},${coord(sy(p.y))}`);
    if (kind === 'scatter')
      return s.points
        .map((p) => `<circle cx="${coord(sx(p.x))}" cy="${coord(sy(p.y))}" r="2.5" fill="${colour}"/>`)
        .join('');
    if (kind === 'area') {
      const first = coord(sx(s.points[0].x));
      const last = coord(sx(s.points[s.points.length - 1].x));
      const polygon = [`${first},${coord(baseline)}`, ...path, `${last},${coord(baseline)}`];
      return `<polygon points="${polygon.join(' ')}" fill="${colour}" fill-opacity="0.35" stroke="${colour}"/>`;
    }
    return s.points.length === 1
      ? `<circle cx="${path[0].split(',')[0]}" cy="${path[0].split(',')[1]}" r="2.5" fill="${colour}"/>`
      : `<polyline points="${path.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.5"/>`;
  });
  return frame(title, [
    ...axes(xLabel, yLabel, placed(xAxis, sx, xTickText(xAxis, isTime)), placed(yAxis, sy, valueTickText(yAxis))),
    ...marks,
    ...legend(series.map((s) => s.label)),
  ]);
}

/** A bar label cut with `…` to its slot (9 px text is about 5.5 px per character). */
function fitLabel(label: string, slot: number): string {
  return cut(label, Math.max(2, Math.floor(slot / 5.5)));
}

function barChart(title: string, xLabel: string, yLabel: string, items: LabelledValue[]): string {
  const yAxis = valueAxis(...range(items.map((item) => item.value), true));
  const sy = (y: number) => PLOT.top + PLOT_H - ((y - yAxis.min) / (yAxis.max - yAxis.min)) * PLOT_H;
  const slot = BAR_PLOT_W / items.length;
  const zero = sy(0);
  const bars = items.map((item, i) => {
    const top = Math.min(sy(item.value), zero);
    const height = Math.abs(sy(item.value) - zero);
    const x = PLOT.left + i * slot + slot * 0.1;
    return (
      `<rect x="${coord(x)}" y="${coord(top)}" width="${coord(slot * 0.8)}" height="${coord(height)}" fill="${PALETTE[0]}">` +
      `<title>${escapeMarkup(`${item.label}: ${floatText(item.value)}`)}</title></rect>` +
      `<text x="${coord(x + slot * 0.4)}" y="${PLOT.top + PLOT_H + 12}" text-anchor="middle" font-size="9">${escapeMarkup(fitLabel(item.label, slot))}</text>`
    );
  });
  return frame(title, [...axes(xLabel, yLabel, [], placed(yAxis, sy, valueTickText(yAxis)), BAR_PLOT_W), ...bars]);
}

function pieChart(title: string, items: LabelledValue[]): string {
  const total = items.reduce((sum, item) => sum + item.value, 0);
  const cx = PLOT.left + PLOT_W / 2;
  const cy = PLOT.top + PLOT_H / 2 + 4;
  const r = PLOT_H / 2;
  let angle = -Math.PI / 2;
  const slices = items.map((item, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const sweep = (item.value / total) * 2 * Math.PI;
    const label = `<title>${escapeMarkup(`${item.label}: ${floatText(item.value)}`)}</title>`;
    if (items.length === 1) return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${colour}">${label}</circle>`;
    const start = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    angle += sweep;
    const end = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    const large = sweep > Math.PI ? 1 : 0;
    return (
      `<path d="M${coord(cx)},${coord(cy)} L${coord(start[0])},${coord(start[1])} ` +
      `A${r},${r} 0 ${large} 1 ${coord(end[0])},${coord(end[1])} Z" fill="${colour}">${label}</path>`
    );
  });
  return frame(title, [...slices, ...legend(items.map((item) => item.label))]);
}

/** A semicircle filled to `value` on a 0…nice-maximum scale, with the value as text. */
function gaugeChart(title: string, label: string, value: number, text: string): string {
  const max = niceCeiling(Math.abs(value));
  const fraction = Math.min(1, Math.abs(value) / max);
  const cx = CHART_WIDTH / 2;
  const cy = CHART_HEIGHT - 40;
  const r = 110;
  const arc = (to: number) => {
    const angle = Math.PI * (1 - to);
    return `M${cx - r},${cy} A${r},${r} 0 0 1 ${coord(cx + r * Math.cos(angle))},${coord(cy - r * Math.sin(angle))}`;
  };
  return frame(title, [
    `<path d="${arc(1)}" fill="none" stroke="#ddd" stroke-width="18"/>`,
    fraction > 0 ? `<path d="${arc(fraction)}" fill="none" stroke="${PALETTE[0]}" stroke-width="18"/>` : '',
    `<text x="${cx}" y="${cy - 10}" text-anchor="middle" font-size="28">${escapeMarkup(text)}</text>`,
    `<text x="${cx}" y="${cy + 16}" text-anchor="middle">${escapeMarkup(label)}</text>`,
    `<text x="${cx - r}" y="${cy + 16}" text-anchor="middle">0</text>`,
    `<text x="${cx + r}" y="${cy + 16}" text-anchor="middle">${escapeMarkup(formatTick(value < 0 ? -max : max))}</text>`,
  ]);
}
