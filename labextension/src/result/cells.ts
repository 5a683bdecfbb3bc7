/**
 * How one JSON cell looks in the table and what number it is on a chart axis. Floats show at most
 * six decimals, the full value goes to the tooltip; DECIMAL strings keep their exact scale.
 */
import { isNumericType, isTimeColumn, type Cell, type ResultColumn } from './types';

export const FLOAT_DECIMALS = 6;

export interface CellView {
  text: string;
  /** The full value when `text` is shortened, else undefined. */
  title?: string;
  kind: 'null' | 'number' | 'text';
}

/** `YYYY-MM-DD HH:MM:SS.mmm` UTC, as the kernel's text/plain prints instants. */
export function instantText(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A float with at most FLOAT_DECIMALS decimals, trailing zeros dropped. */
export function shortFloat(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const fixed = value.toFixed(FLOAT_DECIMALS).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

export function cellView(value: Cell, column: ResultColumn): CellView {
  if (value === null) return { text: 'NULL', kind: 'null' };
  if (typeof value === 'number') {
    if (isTimeColumn(column) && column.type !== 'FLOAT') return { text: instantText(value), title: String(value), kind: 'text' };
    const text = column.type === 'FLOAT' ? shortFloat(value) : String(value);
    return { text, title: text === String(value) ? undefined : String(value), kind: 'number' };
  }
  if (typeof value === 'string') {
    if (column.type === 'TIMESTAMP') return { text: value.replace('T', ' ').replace('Z', ''), title: value, kind: 'text' };
    return { text: value, kind: isNumericType(column.type) ? 'number' : 'text' };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', kind: 'text' };
  return { text: JSON.stringify(value), kind: 'text' };
}

/**
 * The number a cell stands for on an axis or in a numeric sort: DECIMAL and big-integer strings
 * parse, ISO timestamps become epoch ms, anything else is null.
 */
export function cellNumber(value: Cell, column: ResultColumn): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  if (column.type === 'TIMESTAMP') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  if (!isNumericType(column.type)) return null;
  const n = Number(value);
  return Number.isNaN(n) ? null : n;
}

/** The text a series or category label shows. */
export function labelText(value: Cell, column: ResultColumn): string {
  return cellView(value, column).text;
}
