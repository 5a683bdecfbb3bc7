/** The snapshot as CSV (RFC 4180, for download) or TSV (for the clipboard), full values, not the shortened ones. */
import type { Cell, ResultColumn } from './types';

function plain(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly ResultColumn[], rows: readonly Cell[][]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) lines.push(row.map((v) => csvField(plain(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function toTsv(columns: readonly ResultColumn[], rows: readonly Cell[][]): string {
  const field = (text: string) => text.replace(/[\t\r\n]/g, ' ');
  return [columns.map((c) => field(c.name)), ...rows.map((row) => row.map((v) => field(plain(v))))]
    .map((cells) => cells.join('\t'))
    .join('\n');
}
