/** Plotly, loaded once on the first chart (webpack puts it in its own chunk, ~4.5 MB that only charts pay for). */
import type { Figure } from './figure';

export interface PlotlyApi {
  react(element: HTMLElement, data: Figure['data'], layout: Figure['layout'], config: Record<string, unknown>): Promise<unknown>;
  purge(element: HTMLElement): void;
  Plots: { resize(element: HTMLElement): void };
}

let loading: Promise<PlotlyApi> | null = null;

export function loadPlotly(): Promise<PlotlyApi> {
  loading ??= import('plotly.js-dist-min').then((module) => ((module as { default?: PlotlyApi }).default ?? module) as PlotlyApi);
  return loading;
}
