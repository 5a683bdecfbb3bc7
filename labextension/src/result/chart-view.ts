/**
 * The chart of one display. Every update hands a new figure to `Plotly.react`, which diffs it
 * against the drawn one (no flicker; zoom and legend kept through `uirevision`). Updates that
 * arrive while Plotly is drawing are folded into one: only the latest figure is drawn next, and
 * not before three times as long as the last draw took (up to the frame that shows it: style,
 * layout and paint of an SVG chart cost more than the script), so a chart that is slow to draw
 * (many points, a busy machine) redraws less often and takes at most about a quarter of the
 * main thread (extension spec §2).
 */
import { resultFigure, type ChartTheme } from './figure';
import { loadPlotly } from './plotly';
import type { ResultJson } from './types';

/** Idle time after a draw, in multiples of the draw's own time: draws take ≤ 1/(1 + 3) of the main thread. */
const IDLE_PER_DRAW = 3;

/** Resolves after the browser has produced the frame that shows the DOM changed before the call. */
function painted(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

/** Okabe–Ito, the kernel's SVG palette; its black becomes the theme's text colour. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

export function currentTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const text = read('--jp-ui-font-color1', '#212121');
  return {
    text,
    grid: read('--jp-border-color2', '#e0e0e0'),
    font: read('--jp-ui-font-family', 'sans-serif'),
    colorway: [...PALETTE, text],
  };
}

export class ChartView {
  readonly node = document.createElement('div');
  private latest: ResultJson | null = null;
  private drawing: Promise<void> | null = null;
  private drawn = false;

  constructor() {
    this.node.className = 'jp-VeloChart';
  }

  /** Whether `model` draws anything (no chart for `none`/`table` or without data). */
  static draws(model: ResultJson): boolean {
    return resultFigure(model, currentTheme()) !== null;
  }

  update(model: ResultJson): void {
    this.latest = model;
    this.drawing ??= this.drawLatest();
  }

  /** Redraws with the current theme colours (after a theme switch). */
  restyle(): void {
    if (this.latest) this.update(this.latest);
  }

  resize(): void {
    if (this.drawn) void loadPlotly().then((plotly) => plotly.Plots.resize(this.node));
  }

  dispose(): void {
    if (this.drawn) void loadPlotly().then((plotly) => plotly.purge(this.node));
  }

  private async drawLatest(): Promise<void> {
    const plotly = await loadPlotly();
    while (this.latest) {
      const figure = resultFigure(this.latest, currentTheme());
      this.latest = null;
      if (!figure) continue;
      const started = performance.now();
      await plotly.react(this.node, figure.data, figure.layout, { responsive: true, displaylogo: false });
      this.drawn = true;
      await painted();
      const took = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, took * IDLE_PER_DRAW));
    }
    this.drawing = null;
  }
}
