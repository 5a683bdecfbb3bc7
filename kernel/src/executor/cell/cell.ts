/**
 * The cell grammar (kernel spec §4.1): one cell magic on the first non-blank line, or a sequence
 * of line magics and SQL statements. Statements end at `;` outside strings and comments (the last
 * may omit it); a `%` line is a magic only between statements. Offsets are UTF-16 indices into the
 * cell text, so errors can point back into it.
 */
import { cellError, type CellError } from '../errors';
import { lineEnd, SqlScanner } from './sql-scanner';

export interface CellMagic {
  kind: 'cell-magic';
  name: string;
  args: string;
  argsStart: number;
  /** Where the name starts (after `%%`). */
  nameStart: number;
  body: string;
  bodyStart: number;
}

export interface LineMagicItem {
  kind: 'magic';
  name: string;
  args: string;
  nameStart: number;
  argsStart: number;
}

/** A statement with the comments before it (its annotations), up to and including its `;`. */
export interface StatementItem {
  kind: 'statement';
  text: string;
  start: number;
}

export type CellItem = LineMagicItem | StatementItem;

export type CellShape = CellMagic | { kind: 'items'; items: CellItem[] };

const MAGIC_NAME = /^%%?([A-Za-z_][\w-]*)?/;

export function splitCell(code: string): CellShape | CellError {
  const firstLine = /^(\s*)%%/.exec(code);
  if (firstLine) return cellMagic(code, firstLine[1].length);
  const items = splitItems(code, 0);
  return Array.isArray(items) ? { kind: 'items', items } : items;
}

function cellMagic(code: string, at: number): CellMagic {
  const newline = code.indexOf('\n', at);
  const header = code.slice(at, newline < 0 ? code.length : newline);
  const name = MAGIC_NAME.exec(header)?.[1] ?? '';
  const nameStart = at + 2;
  const argsStart = nameStart + name.length;
  return {
    kind: 'cell-magic',
    name,
    args: header.slice(2 + name.length).trim(),
    nameStart,
    argsStart,
    body: newline < 0 ? '' : code.slice(newline + 1),
    bodyStart: newline < 0 ? code.length : newline + 1,
  };
}

/** Splits SQL text (a cell, or a cell magic's body starting at `base`) into magics and statements. */
export function splitItems(text: string, base: number): CellItem[] | CellError {
  const items: CellItem[] = [];
  let chunkStart = 0;
  let open = false; // a statement has tokens since the last `;`

  const pushStatement = (end: number) => {
    if (open) items.push({ kind: 'statement', text: text.slice(chunkStart, end), start: base + chunkStart });
    open = false;
    chunkStart = end;
  };

  const scanner = new SqlScanner(text);
  for (let lexeme = scanner.next(); lexeme; lexeme = scanner.next()) {
    if (lexeme.kind !== 'char') {
      if (lexeme.kind === 'quoted') open = true;
      continue;
    }
    const { char: c, at: i, lineStart } = lexeme;
    if (c === '%' && lineStart) {
      const end = lineEnd(text, i);
      const header = text.slice(i, end);
      const name = MAGIC_NAME.exec(header)?.[1] ?? '';
      const at = { start: base + i, end: base + i + 1 + name.length + (header[1] === '%' ? 1 : 0) };
      if (open)
        return cellError('SqlSyntaxError', `unexpected '%' inside a statement`, {
          at,
          hint: "end the statement with ';' before a magic line (magics go between statements)",
        });
      if (header.startsWith('%%'))
        return cellError('MagicError', `cell magic %%${name} must be on the first line of the cell`, { at });
      items.push({
        kind: 'magic',
        name,
        args: header.slice(1 + name.length).trim(),
        nameStart: base + i + 1,
        argsStart: base + i + 1 + name.length,
      });
      chunkStart = end;
      scanner.skipTo(end);
      continue;
    }
    open = true;
    if (c === ';') pushStatement(i + 1);
  }
  pushStatement(text.length);
  return items;
}
