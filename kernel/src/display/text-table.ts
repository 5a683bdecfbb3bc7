/**
 * text/plain tables (§3.3): columns joined by ` | `, a rule of `-` joined by `-+-`, numbers
 * right-aligned, cells at most 40 characters wide, trailing spaces trimmed.
 */
import type { Value } from '@velostream/engine';
import type { ResultColumn } from './types';
import { alignsRight } from './types';
import { columnText, cut } from './values';

export const MAX_CELL_WIDTH = 40;

/** Width in code points (what a monospace terminal shows for the text we print). */
const width = (text: string) => Array.from(text).length;

export function textTable(columns: readonly ResultColumn[], rows: readonly Value[][]): string {
  if (columns.length === 0) return '';
  const cells = rows.map((row) =>
    columns.map((column, i) => cut(oneLine(columnText(row[i], column)), MAX_CELL_WIDTH)),
  );
  const headers = columns.map((column) => cut(column.name, MAX_CELL_WIDTH));
  const widths = headers.map((header, i) =>
    Math.max(width(header), ...cells.map((row) => width(row[i]))),
  );
  const pad = (text: string, i: number, right: boolean) => {
    const gap = ' '.repeat(widths[i] - width(text));
    return right ? gap + text : text + gap;
  };
  const line = (parts: string[]) => parts.join(' | ').trimEnd();
  const numeric = columns.map(alignsRight);
  return [
    line(headers.map((header, i) => pad(header, i, numeric[i]))),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...cells.map((row) => line(row.map((cell, i) => pad(cell, i, numeric[i])))),
  ].join('\n');
}

/** Newlines and tabs inside a value would break the table's lines. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]/g, ' ');
}
