/**
 * Aggregation state and its two halves, shared by the unwindowed and the windowed aggregates:
 *  - `Grouping` (input side): GROUP BY key of a record, a new group's accumulators, adding a
 *    record to a group, merging groups (panes, sessions);
 *  - `AggregateEmitter` (output side): HAVING and the select list over a group's results,
 *    collected into batches — one batch per processing step (input batch or window firing),
 *    which is what ORDER BY sorts (§4.5); a large end-of-input firing below no ORDER BY may be
 *    delivered in slices (`deliver`, windows/tumbling.ts).
 *
 * Memory per group is one `Group` object plus one array of aggregate state (slots.ts); the map
 * key of a single GROUP BY value is the value itself when it is a String or an integer
 * (`GroupKey`), else a string built from the GROUP BY values (types/values/compare.ts `groupKey`).
 */
import type { AggregateNode } from '../../plan/logical';
import type { Batch, StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import { compileExpr, compilePredicate, type CompiledExpr, type CompiledPredicate } from '../compile';
import { readsInputAfterAggregation } from '../../plan/expr-reads';
import { emptyRecord, type RowContext } from '../context';
import { compositeKey, groupKey } from '../../types/values/compare';
import { messageKey, OutputProjection, OutputRecord } from '../operators/output';
import { newContext, recordError, type Operator, type OperatorEnv } from '../operators/operator';
import { planSlot, type SlotAggregate, type Slots } from './slots';

/**
 * One group's state (in one window, pane or session when windowed). Kept small — a million keys
 * must fit in ~250 bytes each: the GROUP BY value is stored bare when there is one, and the
 * processing time of an output is the emission's (not stored per group).
 */
export class Group {
  /** Header map of the last input record (§8); null when it had none. */
  headers: Map<string, string> | null = null;
  /** The last input record, kept only when the select list reads ungrouped columns. */
  last: StreamRecord | null = null;
  /**
   * Output event time: the latest event time of the group's records; -Infinity for none. Always
   * a number, so V8 keeps it as an in-place double instead of boxing a new one per record.
   */
  maxEventTime = -Infinity;
  /** Arrival sequence number of the last record, to pick the latest group when merging. */
  seq = 0;

  constructor(
    /** The GROUP BY value (one GROUP BY expression) or values (several); see `Grouping.keysOf`. */
    readonly key: Value | Value[],
    /** Every aggregate's state, flat (`Grouping` knows each one's offset and width). */
    readonly slots: Slots,
  ) {}
}

/**
 * A group's map key: equal iff the GROUP BY values' `groupKey`s are equal. A String or a number
 * that is an integer is its own key (no string built per record); any other value is
 * `\u0001` + its `groupKey`, which no bare String can be (one starting with `\u0001` is encoded).
 */
export type GroupKey = string | number;

export function singleGroupKey(v: Value): GroupKey {
  if (typeof v === 'string') return v.charCodeAt(0) === 1 ? '\u0001s' + v : v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v + 0; // −0 groups with 0
  const key = groupKey(v);
  if (key.charCodeAt(0) === 110 /* 'n': numbers of every type */) {
    // An integral decimal or bigint joins the Integer of the same value (12.0 and 12: one group).
    const n = Number(key.slice(1));
    if (Number.isSafeInteger(n) && String(n) === key.slice(1)) return n;
  }
  return '\u0001' + key;
}

export class Grouping {
  private readonly keyFns: CompiledExpr[];
  private readonly argFns: CompiledExpr[][];
  private readonly aggregates: SlotAggregate[];
  /** Where each aggregate's slots start in `Group.slots`. */
  private readonly offsets: number[];
  private readonly width: number;
  /** One argument array per aggregate call, refilled per record (accumulators must not keep it). */
  private readonly argScratch: Value[][];
  private readonly keyScratch: Value[];
  /** `keysOf` result for single-expression groups, refilled per call. */
  private readonly singleKey: Value[] = [null];
  private seq = 0;

  private readonly keepLast: boolean;

  constructor(
    node: AggregateNode,
    env: OperatorEnv,
  ) {
    this.keepLast = readsInputAfterAggregation(node);
    this.keyFns = node.groupBy.map((g) => compileExpr(g, env.compile));
    const planned = node.aggregates.map(planSlot);
    this.argFns = planned.map((p) => p.args.map((arg) => compileExpr(arg, env.compile)));
    this.aggregates = planned.map((p) => p.aggregate);
    this.offsets = [];
    let width = 0;
    for (const a of this.aggregates) {
      this.offsets.push(width);
      width += a.width;
    }
    this.width = width;
    this.argScratch = planned.map((p) => new Array<Value>(p.args.length));
    this.keyScratch = new Array<Value>(node.groupBy.length);
  }

  /**
   * Evaluates the GROUP BY expressions for `r` and returns the map key; `newGroup()` takes the
   * values from this call.
   */
  keyOf(r: StreamRecord, ctx: RowContext): GroupKey {
    const fns = this.keyFns;
    const n = fns.length;
    if (n === 0) return '';
    const keys = this.keyScratch;
    for (let i = 0; i < n; i++) keys[i] = fns[i](r, ctx);
    return n === 1 ? singleGroupKey(keys[0]) : compositeKey(keys);
  }

  /** A new group for the keys of the last `keyOf` call. */
  newGroup(): Group {
    const n = this.keyFns.length;
    const key = n === 0 ? null : n === 1 ? this.keyScratch[0] : this.keyScratch.slice();
    return new Group(key, this.newSlots());
  }

  /** An empty group with the same keys, to merge panes or sessions into. */
  emptyLike(group: Group): Group {
    return new Group(group.key, this.newSlots());
  }

  /** The GROUP BY values of a group, valid until the next call. */
  keysOf(group: Group): Value[] {
    const n = this.keyFns.length;
    if (n === 0) return this.keyScratch;
    if (n > 1) return group.key as Value[];
    this.singleKey[0] = group.key;
    return this.singleKey;
  }

  private newSlots(): Slots {
    const slots: Slots = new Array(this.width);
    const { aggregates, offsets } = this;
    for (let i = 0; i < aggregates.length; i++) aggregates[i].init(slots, offsets[i]);
    return slots;
  }

  /** Each aggregate's current result for `group`, into `out`. */
  results(group: Group, out: Value[]): void {
    const { aggregates, offsets } = this;
    for (let i = 0; i < aggregates.length; i++) out[i] = aggregates[i].result(group.slots, offsets[i]);
  }

  /** Adds `r` to `group`; `eventTime` is the record's window time (or its event time when unwindowed). */
  add(group: Group, r: StreamRecord, ctx: RowContext, eventTime: number | null): void {
    const { argFns, argScratch, aggregates, offsets } = this;
    const slots = group.slots;
    for (let i = 0; i < aggregates.length; i++) {
      const fns = argFns[i];
      const args = argScratch[i];
      for (let j = 0; j < fns.length; j++) args[j] = fns[j](r, ctx);
      aggregates[i].add(slots, offsets[i], args);
    }
    group.headers = r.headers;
    if (eventTime !== null && eventTime > group.maxEventTime) group.maxEventTime = eventTime;
    group.seq = ++this.seq;
    if (this.keepLast) group.last = r;
  }

  /** Merges `from` into `into` (accumulators, latest headers/record, max event time). */
  merge(into: Group, from: Group): void {
    const { aggregates, offsets } = this;
    for (let i = 0; i < aggregates.length; i++) aggregates[i].merge(into.slots, from.slots, offsets[i]);
    if (from.seq > into.seq) {
      into.seq = from.seq;
      into.headers = from.headers;
      into.last = from.last;
    }
    if (from.maxEventTime > into.maxEventTime) into.maxEventTime = from.maxEventTime;
  }
}

/** The header map of an aggregate output: the last input's headers without `_event_time` (§8). */
function outputHeaders(headers: Map<string, string> | null, copy: boolean): Map<string, string> | null {
  if (headers === null) return copy ? new Map() : null;
  if (!copy && !headers.has('_event_time')) return headers;
  const out = new Map(headers);
  out.delete('_event_time');
  return out;
}

export class AggregateEmitter {
  readonly projection: OutputProjection;
  private readonly having: CompiledPredicate | null;
  private readonly ctx: RowContext;
  /** The aggregate values of the row being emitted (filled by `emit`, or by the caller of `emitResults`). */
  readonly results: Value[];
  private pending: Batch = [];
  /** Processing time of the current step's outputs: read once per step, not per row. */
  private now: number | null = null;

  constructor(
    node: AggregateNode,
    private readonly env: OperatorEnv,
    private readonly grouping: Grouping,
    private readonly downstream: Operator,
  ) {
    this.projection = new OutputProjection(node, env.compile);
    this.having = node.having ? compilePredicate(node.having, env.compile) : null;
    this.ctx = newContext(env);
    this.results = new Array<Value>(node.aggregates.length);
  }


  /**
   * Candidate emission of `group` (§8): HAVING decides, then the output row joins the current
   * step's batch. Window bounds are null for unwindowed aggregates.
   */
  emit(group: Group, windowStart: number | null, windowEnd: number | null): void {
    this.grouping.results(group, this.results);
    this.emitResults(this.grouping.keysOf(group), group.headers, group.last, group.maxEventTime, windowStart, windowEnd);
  }

  /**
   * Candidate emission of a group whose state lives elsewhere (the columnar tables): its
   * aggregate values are already in `results`, in the order of the node's aggregates, and it
   * has the given GROUP BY values, last headers and record, and max event time (−Infinity: none).
   */
  emitResults(
    keys: Value[],
    headers: Map<string, string> | null,
    last: StreamRecord | null,
    maxEventTime: number,
    windowStart: number | null,
    windowEnd: number | null,
  ): void {
    const ctx = this.ctx;
    ctx.keys = keys;
    ctx.aggs = this.results;
    ctx.windowStart = windowStart;
    ctx.windowEnd = windowEnd;
    const out = new OutputRecord(this.stepTime(), outputHeaders(headers, this.projection.setsHeaders));
    // Assigned after creation: a double read straight into the constructor sends V8 into a deopt loop.
    if (maxEventTime !== -Infinity) out.eventTime = maxEventTime;
    ctx.record = out;
    const input = last ?? emptyRecord();
    try {
      if (this.having && !this.having(input, ctx)) return;
      this.projection.fill(out, input, ctx, this.projection.hasPrimaryKey ? null : messageKey(keys));
      this.pending.push(out);
    } catch (e) {
      recordError(this.env, e, input);
    }
  }

  private stepTime(): number {
    return (this.now ??= this.env.now());
  }

  /** Ends a processing step: the rows collected so far go downstream as one batch. */
  endStep(): void {
    this.now = null;
    this.deliver();
  }

  /** The rows collected so far go downstream as one batch; the step goes on (a slice of a paced firing). */
  deliver(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.downstream.push(batch);
  }

  flush(endOfInput: boolean): void {
    this.endStep();
    this.downstream.flush(endOfInput);
  }
}
