/**
 * Stream–stream interval join (dialect §4.4, D11): a symmetric hash join. Each side buffers its
 * records by join key; an arriving record probes the other side's buffer and joins every record
 * whose time satisfies `right.time − left.time ∈ [lower, upper]` (from WITHIN, a BETWEEN on the
 * two time columns, or the default [0, 1 h]) and the residual ON condition.
 *
 * State eviction and outer rows: a left record can still be matched by right records up to
 * `left.time + upper`, a right record by left records down to `right.time − lower`. A buffered
 * record is dropped once the *other* side's watermark (max time it has delivered; +∞ once it has
 * ended) passes that end of its interval; if it never matched and the join keeps that side
 * (LEFT/FULL for left records, RIGHT/FULL for right records), it is emitted with NULLs then.
 * Using the other side's watermark rather than the query-wide maximum keeps matches when one
 * input runs ahead of the other (a host reading two files one after the other).
 */
import type { JoinNode } from '../../plan/logical';
import type { Batch, StreamRecord } from '../../types/record';
import type { RowContext } from '../context';
import { newContext, recordError, type Operator, type OperatorEnv } from '../operators/operator';
import { DeadlineHeap } from '../windows/heap';
import { JoinedRecords } from './combine';
import { compileResidual, joinKeys, type KeyFunction } from './keys';
import { compileRecordTime, type RecordTime } from './time';

/** The reference's bound when ON has neither WITHIN nor a BETWEEN on the time columns. */
export const DEFAULT_JOIN_INTERVAL = { lowerMs: 0, upperMs: 3_600_000 };

interface Buffered {
  record: StreamRecord;
  time: number;
  key: string;
  matched: boolean;
}

class JoinSide {
  readonly buffers = new Map<string, Buffered[]>();
  /** Buffered records by the time after which the other side can no longer match them. */
  readonly expiry = new DeadlineHeap<Buffered>();
  watermark = -Infinity;
  ended = false;

  constructor(
    readonly key: KeyFunction,
    readonly time: RecordTime,
    /** Emit this side's unmatched records with NULLs for the other side. */
    readonly keepUnmatched: boolean,
  ) {}

  /** How far this side's input has progressed, as seen by the other side's state. */
  get progress(): number {
    return this.ended ? Infinity : this.watermark;
  }

  add(entry: Buffered, deadline: number): void {
    const bucket = this.buffers.get(entry.key);
    if (bucket) bucket.push(entry);
    else this.buffers.set(entry.key, [entry]);
    this.expiry.push(deadline, entry);
  }

  /** Removes the records whose deadline is before `otherProgress`; returns the unmatched ones to emit. */
  evict(otherProgress: number, unmatched: (entry: Buffered) => void): void {
    while (this.expiry.peekDeadline() < otherProgress) {
      const entry = this.expiry.popDue(Infinity)!.item;
      const bucket = this.buffers.get(entry.key)!;
      bucket.splice(bucket.indexOf(entry), 1);
      if (bucket.length === 0) this.buffers.delete(entry.key);
      if (!entry.matched && this.keepUnmatched) unmatched(entry);
    }
  }
}

export class IntervalJoin {
  /** Where the left and right inputs' batches go. */
  readonly leftInput: Operator;
  readonly rightInput: Operator;
  private readonly left: JoinSide;
  private readonly right: JoinSide;
  private readonly lower: number;
  private readonly upper: number;
  private readonly residual: (joined: StreamRecord, ctx: RowContext) => boolean;
  private readonly joined: JoinedRecords;
  private readonly ctx: RowContext;
  private downstreamEnded = false;

  constructor(
    node: JoinNode,
    private readonly env: OperatorEnv,
    private readonly downstream: Operator,
  ) {
    const keys = joinKeys(node, env.compile);
    const bound = node.interval ?? { leftTime: null, rightTime: null, ...DEFAULT_JOIN_INTERVAL };
    this.lower = bound.lowerMs;
    this.upper = bound.upperMs;
    const kind = node.joinKind;
    this.left = new JoinSide(
      keys.left,
      compileRecordTime(bound.leftTime, env.compile),
      kind === 'left' || kind === 'full',
    );
    this.right = new JoinSide(
      keys.right,
      compileRecordTime(bound.rightTime, env.compile),
      kind === 'right' || kind === 'full',
    );
    this.residual = compileResidual(node, env.compile);
    this.joined = new JoinedRecords(node);
    this.ctx = newContext(env);
    this.leftInput = this.sideInput(this.left);
    this.rightInput = this.sideInput(this.right);
  }

  private sideInput(side: JoinSide): Operator {
    return {
      push: (batch) => this.push(side, batch),
      flush: (endOfInput) => {
        if (endOfInput) side.ended = true;
        this.flushBoth(endOfInput);
      },
    };
  }

  private push(side: JoinSide, batch: Batch): void {
    const out: Batch = [];
    const isLeft = side === this.left;
    const other = isLeft ? this.right : this.left;
    const ctx = this.ctx;
    for (const record of batch) {
      ctx.record = record;
      try {
        const entry: Buffered = {
          record,
          time: side.time(record, ctx),
          key: side.key(record, ctx),
          matched: false,
        };
        const candidates = other.buffers.get(entry.key);
        if (candidates)
          for (const c of candidates) this.probe(isLeft ? entry : c, isLeft ? c : entry, out);
        side.watermark = Math.max(side.watermark, entry.time);
        side.add(entry, isLeft ? entry.time + this.upper : entry.time - this.lower);
      } catch (e) {
        recordError(this.env, e, record);
      }
    }
    this.evict(out);
    if (out.length > 0) this.downstream.push(out);
  }

  private probe(l: Buffered, r: Buffered, out: Batch): void {
    const delta = r.time - l.time;
    if (delta < this.lower || delta > this.upper) return;
    const joined = this.joined.combine(l.record, r.record);
    if (!this.residual(joined, this.ctx)) return;
    l.matched = true;
    r.matched = true;
    out.push(joined);
  }

  private evict(out: Batch): void {
    this.left.evict(this.right.progress, (e) => out.push(this.joined.combine(e.record, null)));
    this.right.evict(this.left.progress, (e) => out.push(this.joined.combine(null, e.record)));
  }

  /** The join's input ends when both sides have ended; by then every buffered record is evicted. */
  private flushBoth(endOfInput: boolean): void {
    const out: Batch = [];
    this.evict(out);
    if (out.length > 0) this.downstream.push(out);
    const bothEnded = this.left.ended && this.right.ended;
    if (endOfInput && !bothEnded) return;
    if (bothEnded && this.downstreamEnded) return;
    this.downstreamEnded = bothEnded;
    this.downstream.flush(bothEnded);
  }
}
