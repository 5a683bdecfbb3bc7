/**
 * The time of a record for event-time operators other than windows — interval joins (§4.4) and
 * OVER buffer expiry (§7.1): the given time column, else `_EVENT_TIME`, else `_TIMESTAMP`.
 */
import type { PlanExpr } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import { compileExpr, type CompileOptions } from '../compile';
import type { RowContext } from '../context';
import { instantMs, typeName } from '../../types/values/kinds';
import { typeError } from '../../types/values/errors';

export type RecordTime = (record: StreamRecord, ctx: RowContext) => number;

export const defaultRecordTime: RecordTime = (r) => r.eventTime ?? r.timestamp;

export function compileRecordTime(column: PlanExpr | null, options: CompileOptions): RecordTime {
  if (column === null) return defaultRecordTime;
  const value = compileExpr(column, options);
  return (r, ctx) => {
    const v = value(r, ctx);
    const ms = instantMs(v);
    if (ms === null)
      throw typeError(
        `a time column must be an epoch-ms Integer or a Timestamp, got ${typeName(v)}`,
      );
    return ms;
  };
}
