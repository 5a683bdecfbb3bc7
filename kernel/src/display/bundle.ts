/**
 * The MIME bundle of a result (§3.2): text/plain, text/html and the versioned JSON, all three in
 * every display and update so the frontend's chosen renderer never changes.
 */
import type { MimeBundle } from '../session/executor';
import { renderChart } from './chart-svg';
import { htmlResult } from './html';
import { RESULT_MIME, resultJson } from './result-json';
import { liveSummary, staticSummary } from './summary';
import { textTable } from './text-table';
import type { ResultView } from './types';

/** A live result (display_data / update_display_data). */
export function liveBundle(view: ResultView): MimeBundle {
  return bundle(view, liveSummary(view));
}

/** A result that cannot change (execute_result): the summary is only the row count. */
export function staticBundle(view: ResultView): MimeBundle {
  return bundle(view, staticSummary(view.shown.length, view.rowLimit));
}

function bundle(view: ResultView, summary: string): MimeBundle {
  const { columns, viz } = view.meta;
  const shown = view.shown.slice(0, view.rowLimit);
  const table = textTable(columns, shown);
  return {
    'text/plain': table ? `${summary}\n${table}` : summary,
    'text/html': htmlResult(summary, renderChart(viz, columns, view.rows), columns, shown),
    [RESULT_MIME]: resultJson(view),
  };
}
