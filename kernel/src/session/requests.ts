/** Typed readers for request content: clients omit keys and send nulls, so every field has a default. */
import type { JsonObject } from '../protocol/messages';
import type { ExecuteRequestInfo } from './executor';
import type { HistoryQuery } from './history';

export function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

export function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function int(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
}

export function parseExecuteRequest(
  content: JsonObject,
  metadata: JsonObject,
): ExecuteRequestInfo & {
  userExpressions: Record<string, string>;
} {
  const silent = bool(content.silent, false);
  const expressions =
    typeof content.user_expressions === 'object' && content.user_expressions !== null
      ? (content.user_expressions as Record<string, unknown>)
      : {};
  return {
    code: str(content.code),
    silent,
    storeHistory: silent ? false : bool(content.store_history, true),
    allowStdin: bool(content.allow_stdin, true),
    stopOnError: bool(content.stop_on_error, true),
    cellId: typeof metadata.cellId === 'string' ? metadata.cellId : undefined,
    deletedCells: Array.isArray(metadata.deletedCells)
      ? metadata.deletedCells.filter((c): c is string => typeof c === 'string')
      : [],
    metadata,
    userExpressions: Object.fromEntries(Object.entries(expressions).map(([k, v]) => [k, str(v)])),
  };
}

export function parseHistoryRequest(content: JsonObject): HistoryQuery | undefined {
  switch (content.hist_access_type) {
    case 'tail':
      return { kind: 'tail', n: int(content.n, 10) };
    case 'range':
      return {
        kind: 'range',
        session: int(content.session, 0),
        start: int(content.start, 0),
        stop: typeof content.stop === 'number' ? content.stop : null,
      };
    case 'search':
      return {
        kind: 'search',
        pattern: str(content.pattern, '*'),
        n: typeof content.n === 'number' ? content.n : null,
        unique: bool(content.unique, false),
      };
    default:
      return undefined;
  }
}
