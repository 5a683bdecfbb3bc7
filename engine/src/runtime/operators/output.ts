/**
 * Building output records from a Projection (select list): payload fields in select order, the
 * message key (§10.4), event time from an `AS _EVENT_TIME` item (§10.2) and headers that
 * SET_HEADER/REMOVE_HEADER may change without touching the input record's map.
 */
import type { Projection } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import type { ExprContext } from '../context';
import { compileExpr, writesHeaders, type CompileOptions, type CompiledExpr } from '../compile';
import { formatValue } from '../../types/values/format';
import { instantMs, typeName } from '../../types/values/kinds';
import { typeError } from '../../types/values/errors';

/** The `fields` of an output record under construction, until `OutputProjection.fill` sets them. */
export const PENDING_FIELDS: Readonly<Record<string, Value>> = Object.freeze({});

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

/** Evaluates a select list's items over a record into its payload object. */
type FieldsEvaluator = (input: StreamRecord, ctx: ExprContext) => Record<string, Value>;

/**
 * Output records and payloads are built by constructors, not object literals: V8 gives a
 * literal an allocation site and, when the objects of one site mostly outlive a young-generation
 * GC (as a large firing's rows do until the host takes them), allocates all later ones straight
 * in the old generation for the process's life — their payload values stay young, so every
 * later GC copies them and old-space garbage piles up until a full GC. Objects of a constructor
 * have no allocation site; with `Object.prototype` as their prototype they are plain objects
 * like a literal's, with one hidden class per constructor.
 */
interface OutputRecordConstructor {
  new (timestamp: number, headers: Map<string, string> | null): StreamRecord;
}

export const OutputRecord = function OutputRecord(this: StreamRecord, timestamp: number, headers: Map<string, string> | null) {
  this.fields = PENDING_FIELDS;
  this.timestamp = timestamp;
  this.eventTime = null;
  this.offset = 0;
  this.partition = 0;
  this.key = null;
  this.headers = headers;
} as unknown as OutputRecordConstructor;
OutputRecord.prototype = Object.prototype;

/**
 * A function evaluating the items in select order and building the payload object from their
 * values with fixed keys, so every output record shares one hidden class (dynamic
 * `fields[name] =` stores are several times slower on the EMIT CHANGES hot path): a generated
 * constructor (see `OutputRecord`), the names embedded as JSON string literals. Each item is
 * called from its own call site, which V8 can inline (one loop over all items would call a
 * different function from one site every time).
 */
function fieldsEvaluator(names: string[], values: CompiledExpr[]): FieldsEvaluator {
  if (names.includes('__proto__')) {
    return (input, ctx) => {
      const fields: Record<string, Value> = {};
      names.forEach((name, i) => Object.defineProperty(fields, name, { value: values[i](input, ctx), enumerable: true, writable: true }));
      return fields;
    };
  }
  const params = names.map((_, i) => `v${i}`).join(', ');
  const body = names.map((name, i) => `this[${JSON.stringify(name)}] = v${i};`).join(' ');
  const calls = names.map((_, i) => `f${i}(r, ctx)`).join(', ');
  const make = new Function(...names.map((_, i) => `f${i}`), `function Fields(${params}) { ${body} } Fields.prototype = Object.prototype; return (r, ctx) => new Fields(${calls});`);
  return make(...values) as FieldsEvaluator;
}

export class OutputProjection {
  private readonly fields: FieldsEvaluator;
  private readonly eventTime: CompiledExpr | null;
  private readonly keyNames: string[];
  /** True when an item calls SET_HEADER/REMOVE_HEADER: each output record gets its own header map. */
  readonly setsHeaders: boolean;

  constructor(projection: Projection, options: CompileOptions) {
    const values = projection.items.map((item) => compileExpr(item.expr, options));
    this.fields = fieldsEvaluator(projection.items.map((item) => item.name), values);
    this.eventTime = projection.eventTime ? compileExpr(projection.eventTime, options) : null;
    this.keyNames = projection.items.filter((item) => item.primaryKey).map((item) => item.name);
    const exprs = [...projection.items.map((item) => item.expr), ...(projection.eventTime ? [projection.eventTime] : [])];
    this.setsHeaders = exprs.some(writesHeaders);
  }

  get hasPrimaryKey(): boolean {
    return this.keyNames.length > 0;
  }

  /** Headers for an output record: shared with the input unless this projection writes headers. */
  headersFor(input: Map<string, string> | null): Map<string, string> | null {
    return this.setsHeaders ? new Map(input ?? []) : input;
  }

  /**
   * Evaluates the items over `input` and sets `out.fields`, then sets `out.key` (PRIMARY KEY items,
   * else `defaultKey`) and `out.eventTime` when an item is `AS _EVENT_TIME`. `ctx.record` must be
   * `out` when header functions should see/modify the output headers.
   */
  fill(out: StreamRecord, input: StreamRecord, ctx: ExprContext, defaultKey: Value): void {
    const fields = this.fields(input, ctx);
    out.fields = fields;
    out.key = this.keyNames.length === 0 ? defaultKey : messageKey(this.keyNames.map((name) => fields[name]));
    if (this.eventTime) out.eventTime = eventTimeValue(this.eventTime(input, ctx));
  }
}
