/**
 * Errors of building or running a query, as values with codes (the edge prints them).
 * Per-record evaluation problems are `ValueError`s (types/values/errors.ts): they are counted and the
 * record is skipped; a `QueryError` stops the query.
 */
export type QueryErrorCode =
  /** The plan uses something this runtime cannot execute (e.g. an operator not built yet). */
  | 'VR601'
  /** The plan is inconsistent (a post-aggregation reference outside an aggregate, …): a planner bug. */
  | 'VR602';

export class QueryError extends Error {
  constructor(
    readonly code: QueryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export function unsupported(what: string): QueryError {
  return new QueryError('VR601', `${what} is not supported by this runtime yet`);
}
