/**
 * text/html of a result (§3.2): a summary `<div>`, the chart's inline `<svg>` when there is one,
 * then a `<table>` of at most `rowLimit` rows. No scripts, no external resources, every value
 * escaped, so nbconvert's HTML shows a picture and a table.
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
