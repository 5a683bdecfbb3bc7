/**
 * Error values of the connector layer. Nothing here throws at a user: configuration mistakes
 * become `ConnectorError`s (returned), record-level problems become `ConnectorProblem`s
 * (reported through the context while the source keeps going).
 */

/** A failure to configure, open or run a connector. `code` is stable; `message` is for people. */
export interface ConnectorError {
  code: ConnectorErrorCode;
  message: string;
  /** One short sentence on how to fix it, when there is one. */
  hint?: string;
  /** The source/sink name the error concerns. */
  object?: string;
}

export type ConnectorErrorCode =
  | 'CONNECTOR_NOT_AVAILABLE'
  | 'MISSING_TYPE'
  | 'MISSING_PROPERTY'
  | 'INVALID_PROPERTY'
  | 'CONFIG_FILE'
  | 'ENV_UNSET'
  | 'IO';

export type Result<T, E = ConnectorError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E = ConnectorError>(error: E): { ok: false; error: E } => ({ ok: false, error });

/**
 * A problem with one record (bad CSV row, unparseable event time). The record is skipped or
 * kept with a NULL, and processing continues.
 */
export interface ConnectorProblem {
  code: 'BAD_ROW' | 'BAD_EVENT_TIME' | 'DROPPED_FIELD' | 'FILE_TRUNCATED';
  /** Source or sink name. */
  object: string;
  /** File and 1-based line, when the record came from a file. */
  file?: string;
  line?: number;
  /** 1-based column (field position) and its name, when one field is at fault. */
  column?: number;
  field?: string;
  /** What the reader expected there, e.g. "integer", "9 fields". */
  expected?: string;
  message: string;
}

/** `file:line: message` — the one place that decides how a problem reads on a console. */
export function describeProblem(p: ConnectorProblem): string {
  const where = p.file ? `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ` : '';
  return `${where}${p.message}`;
}

/** Wraps an unexpected Node I/O error (ENOENT, EACCES…) as a value. */
export function ioError(object: string, path: string, cause: unknown): ConnectorError {
  const code = (cause as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : String((cause as Error)?.message ?? cause);
  return { code: 'IO', object, message: `${object}: cannot open '${path}': ${reason}` };
}

/**
 * Rejection value of `Source.poll` / `Sink.write` when the connector as a whole fails at run time
 * (file vanished, broker gone). The runtime unwraps `error` into a job error.
 */
export class ConnectorFailure extends Error {
  constructor(readonly error: ConnectorError) {
    super(error.message);
  }
}
