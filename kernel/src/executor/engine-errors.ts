/**
 * Engine error values → cell errors (kernel spec §7): the ename by error code, the position
 * mapped into the cell, and notebook-specific advice for a source without a binding.
 */
import type { Diagnostic, EngineError } from '@velostream/engine';
import type { ResultError } from '../display/types';
import { cellError, locate, type CellError, type CellRange, type ErrorName } from './errors';
import { rangeIn, type PreparedSql } from './cell/prepared';

export function enameOf(code: string): ErrorName {
  if (/^V[LS]\d/.test(code)) return 'SqlSyntaxError';
  if (/^V[VAP]|^API|^MISSING_|^INVALID_PROPERTY|^CONNECTOR_NOT_AVAILABLE|^ENV_UNSET|^CONFIG_FILE/.test(code))
    return 'SqlValidationError';
  if (code === 'IO') return 'SourceError';
  if (code === 'INTERNAL') return 'InternalError';
  return 'ExecutionError';
}

/** A statement's engine error as a cell error pointing into the cell. */
export function engineError(error: EngineError, diagnostics: readonly Diagnostic[], sql: PreparedSql): CellError {
  const diagnostic = diagnostics.find((d) => d.severity === 'error' && d.code === error.code);
  let at =
    error.line !== undefined && error.column !== undefined
      ? rangeIn(sql, error.line, error.column, diagnostic?.endLine, diagnostic?.endColumn)
      : undefined;
  let message = error.message;
  let hint = error.hint;
  if (error.code === 'MISSING_TYPE' && error.object) {
    message = `source '${error.object}' has no type and no binding`;
    hint = `define it with %%schema ${error.object}, %generate ${error.object}, or WITH ('${error.object}.type' = 'file_source', …)`;
  }
  if (!at && error.object) at = nameRange(sql, error.object);
  return cellError(enameOf(error.code), message, { ...(at ? { at } : {}), ...(hint ? { hint } : {}) });
}

/** The first use of `name` as a word in the statement (after its comments). */
function nameRange(sql: PreparedSql, name: string): CellRange | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const from = sql.statement.span.start.offset;
  const match = new RegExp(`(^|[^\\w'".])${escaped}(?![\\w'"])`).exec(sql.text.slice(from));
  if (!match) return undefined;
  const offset = from + (match.index ?? 0) + match[1].length;
  const start = sql.start + sql.substituted.toOriginal(offset);
  return { start, end: start + name.length };
}

/** What a failed result's display shows (§3.4 `error`). */
export function resultError(error: CellError, cell: string): ResultError {
  const position = error.at ? locate(cell, error.at.start) : null;
  return { ename: error.ename, evalue: error.message, line: position?.line ?? null, column: position?.column ?? null };
}
