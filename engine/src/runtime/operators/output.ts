/**
 * Building output records from a Projection (select list): payload fields in select order, the
 * message key (§10.4), event time from an `AS _EVENT_TIME` item (§10.2) and headers that
 * SET_HEADER/REMOVE_HEADER may change without touching the input record's map.
 */
import type { Projection } from '../../plan/logical';
import type { StreamRecord } from '../record';
import type { Value } from '../values/types';
import type { ExprContext } from '../context';
import { compileExpr, readsInputRecord, writesHeaders, type CompileOptions, type CompiledExpr } from '../compile';
import { formatValue } from '../values/format';
import { instantMs, typeName } from '../values/kinds';
import { typeError } from '../values/errors';

/** One key column → its raw value; several → their texts joined with `|` ("AAPL|NYSE"); none → NULL. */
export function messageKey(values: readonly Value[]): Value {
  if (values.length === 0) return null;
  if (values.length === 1) return values[0];
  return values.map(formatValue).join('|');
}

/** `AS _EVENT_TIME` accepts an epoch-ms Integer or a Timestamp; NULL leaves the record without event time. */
export function eventTimeValue(v: Value): number | null {
  if (v === null) return null;
  const ms = instantMs(v);
  if (ms === null) throw typeError(`_EVENT_TIME must be an epoch-ms Integer or a Timestamp, got ${typeName(v)}`);
  return ms;
}

export class OutputProjection {
  private readonly names: string[];
  private readonly values: CompiledExpr[];
  private readonly eventTime: CompiledExpr | null;
  private readonly keyNames: string[];
  /** True when an item calls SET_HEADER/REMOVE_HEADER: each output record gets its own header map. */
  readonly setsHeaders: boolean;
  /** True when some item reads input columns or record system columns (aggregates then keep the last record). */
  readonly readsInput: boolean;

  constructor(projection: Projection, options: CompileOptions) {
    this.names = projection.items.map((item) => item.name);
    this.values = projection.items.map((item) => compileExpr(item.expr, options));
    this.eventTime = projection.eventTime ? compileExpr(projection.eventTime, options) : null;
    this.keyNames = projection.items.filter((item) => item.primaryKey).map((item) => item.name);
    const exprs = [...projection.items.map((item) => item.expr), ...(projection.eventTime ? [projection.eventTime] : [])];
    this.setsHeaders = exprs.some(writesHeaders);
    this.readsInput = exprs.some(readsInputRecord);
  }

  get hasPrimaryKey(): boolean {
    return this.keyNames.length > 0;
  }

  /** Headers for an output record: shared with the input unless this projection writes headers. */
  headersFor(input: Map<string, string> | null): Map<string, string> | null {
    return this.setsHeaders ? new Map(input ?? []) : input;
  }

  /**
   * Evaluates the items over `input` into `out.fields`, then sets `out.key` (PRIMARY KEY items,
   * else `defaultKey`) and `out.eventTime` when an item is `AS _EVENT_TIME`. `ctx.record` must be
   * `out` when header functions should see/modify the output headers.
   */
  fill(out: StreamRecord, input: StreamRecord, ctx: ExprContext, defaultKey: Value): void {
    const fields = out.fields;
    const { names, values } = this;
    for (let i = 0; i < names.length; i++) fields[names[i]] = values[i](input, ctx);
    out.key = this.keyNames.length === 0 ? defaultKey : messageKey(this.keyNames.map((name) => fields[name]));
    if (this.eventTime) out.eventTime = eventTimeValue(this.eventTime(input, ctx));
  }
}
