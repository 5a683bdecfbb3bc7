/**
 * The MIME bundle of a result (§3.2): text/plain, text/html and the versioned JSON, all three in
 * every display and update so the frontend's chosen renderer never changes.
 */
import type { MimeBundle } from '../session/executor';
import { chartTitle, renderChart } from './chart-svg';
import { chartImage, htmlResult } from './html';
import { RESULT_MIME, resultJson } from './result-json';
import { liveSummary, staticSummary } from './summary';
import { textTable } from './text-table';
import type { ResultView } from './types';

/** A live result (display_data / update_display_data). */
export function liveBundle(view: ResultView): MimeBundle {
  return bundle(view, (limit) => liveSummary(view, limit));
}

/** A result that cannot change (execute_result): the summary is only the row count. */
export function staticBundle(view: ResultView): MimeBundle {
  return bundle(view, (limit) => staticSummary(view.shown.length, limit));
}

/** text/plain and text/html may show different row counts, so each gets its own summary. */
function bundle(view: ResultView, summary: (limit: number) => string): MimeBundle {
  const { columns, viz } = view.meta;
  const plainSummary = summary(view.rowLimit);
  const table = textTable(columns, view.shown.slice(0, view.rowLimit));
  const htmlRows = view.shown.slice(0, view.htmlRowLimit);
  const svg = renderChart(viz, columns, view.rows);
  return {
    'text/plain': table ? `${plainSummary}\n${table}` : plainSummary,
    'text/html': htmlResult(summary(view.htmlRowLimit), svg && chartImage(svg, chartTitle(viz)), columns, htmlRows),
    [RESULT_MIME]: resultJson(view),
  };
}
