/**
 * The pre-pass of a cell (kernel spec §4.1): every statement is substituted (`${}` with the SETs
 * of the cell applied in order to a scratch copy of the parameters) and parsed strictly before
 * anything runs. Positions of errors map back through substitution into the cell text.
 */
import { parse, type Diagnostic, type Statement } from '@velostream/engine';
import type { CellItem, LineMagicItem } from './cell';
import { cellError, offsetOf, type CellError, type CellRange } from '../errors';
import { parseSet, substitute, type Parameters, type SetStatement, type Substituted } from './params';

export interface PreparedSql {
  kind: 'sql';
  statement: Statement;
  /** The statement chunk after substitution (comments and annotations included). */
  text: string;
  /** Offset of the chunk in the cell. */
  start: number;
  substituted: Substituted;
  /** 1-based position among the cell's statements. */
  ordinal: number;
}

export type PreparedItem =
  | { kind: 'magic'; item: LineMagicItem }
  | { kind: 'set'; set: SetStatement; start: number }
  | PreparedSql;

export function prepareItems(items: readonly CellItem[], params: Parameters): PreparedItem[] | CellError {
  const scratch = params.clone();
  const prepared: PreparedItem[] = [];
  let ordinal = 0;
  for (const item of items) {
    if (item.kind === 'magic') {
      prepared.push({ kind: 'magic', item });
      continue;
    }
    const set = parseSet(item.text, item.start);
    if (set && 'ename' in set) return set;
    if (set) {
      if (set.kind === 'set') scratch.set(set.name, set.value);
      prepared.push({ kind: 'set', set, start: item.start });
      continue;
    }
    const substituted = substitute(item.text, scratch);
    const parsed = parse(substituted.text);
    const error = parsed.diagnostics.find((d) => d.severity === 'error');
    const sql = { substituted, text: substituted.text, start: item.start };
    if (error) return syntaxError(error, sql);
    const statement = parsed.statements[0];
    if (!statement) continue;
    prepared.push({ kind: 'sql', statement, ...sql, ordinal: ++ordinal });
  }
  return prepared;
}

type Located = Pick<PreparedSql, 'text' | 'start' | 'substituted'>;

/** The cell range of a 1-based line/column (UTF-16) in the substituted statement text. */
export function rangeIn(sql: Located, line: number, column: number, endLine?: number, endColumn?: number): CellRange {
  const from = offsetOf(sql.text, line, column);
  const to =
    endLine !== undefined && endColumn !== undefined && (endLine > line || endColumn > column)
      ? offsetOf(sql.text, endLine, endColumn)
      : from + (/^[\w$]+/.exec(sql.text.slice(from))?.[0].length ?? 1);
  const start = sql.start + sql.substituted.toOriginal(from);
  const end = sql.start + sql.substituted.toOriginal(Math.min(to, sql.text.length));
  return { start, end: Math.max(end, start + 1) };
}

function syntaxError(d: Diagnostic, sql: Located): CellError {
  const at = rangeIn(sql, d.line, d.column, d.endLine, d.endColumn);
  const dollar = sql.text.slice(offsetOf(sql.text, d.line, d.column)).match(/^\$\{([A-Za-z_]\w*)/);
  const hint = dollar
    ? `\${${dollar[1]}} is not a parameter (define it with SET ${dollar[1]} = …)`
    : d.hint || undefined;
  return cellError('SqlSyntaxError', d.message, { at, ...(hint ? { hint } : {}) });
}
