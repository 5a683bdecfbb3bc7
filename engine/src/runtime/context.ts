/**
 * The evaluation context handed to compiled expressions: one mutable object per operator,
 * reused for every record (no allocation per record). Operators set `record` (the record whose
 * headers header functions read and write) and, after aggregation, `keys`, `aggs` and the
 * window bounds of the row being emitted.
 */
import type { EvalContext } from '../types/functions/types';
import type { StreamRecord } from '../types/record';
import type { Value } from '../types/values/types';

export interface ExprContext extends EvalContext {
  /** GROUP BY values of the group being emitted (post-aggregation expressions only). */
  keys: Value[];
  /** Aggregate results of the group being emitted (post-aggregation expressions only). */
  aggs: Value[];
}

const EMPTY_RECORD: StreamRecord = {
  fields: {},
  timestamp: 0,
  eventTime: null,
  offset: 0,
  partition: 0,
  key: null,
  headers: null,
};

export class RowContext implements ExprContext {
  record: StreamRecord = EMPTY_RECORD;
  windowStart: number | null = null;
  windowEnd: number | null = null;
  keys: Value[] = [];
  aggs: Value[] = [];

  constructor(readonly now: () => number) {}
}

/** A record without payload: the post-aggregation context when no input column is needed. */
export function emptyRecord(): StreamRecord {
  return EMPTY_RECORD;
}
