/**
 * text/html of a result (§3.2): a summary `<div>`, the chart when there is one, then a `<table>`
 * of at most `rowLimit` rows. No scripts, no external resources, every value escaped, so
 * nbconvert's HTML shows a picture and a table.
 */
import type { Value } from '@velostream/engine';
import { escapeMarkup } from './escape';
import type { ResultColumn } from './types';
import { alignsRight } from './types';
import { columnText } from './values';

export function htmlResult(
  summary: string,
  chart: string | null,
  columns: readonly ResultColumn[],
  rows: readonly Value[][],
): string {
  return [
    '<div class="velostream-result">',
    `<div class="velostream-summary">${escapeMarkup(summary)}</div>`,
    chart ?? '',
    columns.length > 0 ? htmlTable(columns, rows) : '',
    '</div>',
  ].join('\n');
}

/** Drawn at the output's width, but not beyond 1.5 × the design size (its text would grow too). */
const MAX_CHART_WIDTH = 960;

/**
 * The SVG as an `<img>` with a data URI: JupyterLab's sanitizer removes inline `<svg>` from every
 * output it does not trust (notebooks run by nbconvert or papermill, or opened from someone
 * else), but keeps images; the image scales to the output width.
 */
export function chartImage(svg: string, title: string): string {
  const src = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
  return (
    `<img class="velostream-chart" src="${src}" alt="${escapeMarkup(title)}" width="100%" ` +
    `style="max-width:${MAX_CHART_WIDTH}px;height:auto;display:block"/>`
  );
}

function htmlTable(columns: readonly ResultColumn[], rows: readonly Value[][]): string {
  // Explicit on both sides: notebook stylesheets right-align every cell (JupyterLab) or none.
  const align = columns.map((c) => ` style="text-align:${alignsRight(c) ? 'right' : 'left'}"`);
  const head = columns
    .map((c, i) => `<th${align[i]} title="${escapeMarkup(c.type)}">${escapeMarkup(c.name)}</th>`)
    .join('');
  const body = rows
    .map(
      (row) =>
        '<tr>' +
        columns
          .map((c, i) => `<td${align[i]}>${escapeMarkup(columnText(row[i], c))}</td>`)
          .join('') +
        '</tr>',
    )
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
