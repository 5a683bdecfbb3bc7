/** `renderReport(report, format)` (harness spec §12): one entry point for the three formats. */
import { renderJunit } from './junit';
import { renderText } from './text';
import type { TestReport } from './types';

export type ReportFormat = 'text' | 'json' | 'junit';

export function renderReport(report: TestReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'junit':
      return renderJunit(report);
    default:
      return renderText(report);
  }
}
