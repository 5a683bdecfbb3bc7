/**
 * The partitions of one OVER call (dialect §7): its compiled inputs (PARTITION BY, ORDER BY,
 * arguments), which evaluation model its partitions use, and buffer expiry.
 *
 * Model choice: the buffer form (§7.1) always keeps its n rows. The standard form (§7.2) keeps
 * O(1) running state for ranking/offset functions and for frames starting UNBOUNDED PRECEDING,
 * the last k + 1 rows for `ROWS k PRECEDING` frames, and the rows still inside the frame for
 * RANGE frames. FOLLOWING bounds of the standard form behave as CURRENT ROW (no look-ahead).
 *
 * Expiry (§7.1, buffer form only): a partition whose next row comes more than `expireAfterMs`
 * of event time after its latest row starts from an empty buffer; partitions idle that long
 * relative to the latest time this call has seen are forgotten.
 */
import type { FrameBound, OverCall } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import type { RowContext } from '../context';
import { compileExpr, type CompileOptions, type CompiledExpr } from '../compile';
import { compositeKey } from '../../types/values/compare';
import { defaultRecordTime } from '../joins/time';
import { overFunction, type Entry, type OverFunction, type PartitionState } from './call';
import { BufferedRows } from './buffered';
import type { Frame } from './frame';
import { RunningFrame, RunningPosition } from './running';
import { slidingAggregate } from './sliding';

interface Partition {
  state: PartitionState;
  lastTime: number;
}

/** The inputs of one call for one record, evaluated before any state changes. */
export interface CallInput {
  key: string;
  entry: Entry;
}

export class OverPartitions {
  readonly field: string;
  /** EMIT ON BUFFER FULL: rows are emitted only while this call's buffer is full. */
  readonly emitOnlyWhenFull: boolean;
  /** Whether the last accepted row's partition buffer was full. */
  lastFull = true;
  private readonly partitions = new Map<string, Partition>();
  private readonly partitionBy: CompiledExpr[];
  private readonly orderBy: CompiledExpr[];
  private readonly args: CompiledExpr[];
  private readonly newState: () => PartitionState;
  private readonly expireAfterMs: number | null;
  private latestTime = -Infinity;

  constructor(call: OverCall, options: CompileOptions) {
    this.field = call.outputField;
    this.emitOnlyWhenFull = call.buffer?.emit === 'onBufferFull';
    this.expireAfterMs = call.buffer?.expireAfterMs ?? null;
    this.partitionBy = call.partitionBy.map((e) => compileExpr(e, options));
    this.orderBy = call.orderBy.map((k) => compileExpr(k.expr, options));
    this.args = call.args.map((e) => compileExpr(e, options));
    this.newState = stateFactory(call, overFunction(call));
  }

  /** May raise a ValueError (then nothing has changed). */
  input(r: StreamRecord, ctx: RowContext): CallInput {
    const key =
      this.partitionBy.length === 0 ? '' : compositeKey(this.partitionBy.map((f) => f(r, ctx)));
    const entry: Entry = {
      args: this.args.map((f) => f(r, ctx)),
      order: this.orderBy.map((f) => f(r, ctx)),
      time: defaultRecordTime(r, ctx),
    };
    return { key, entry };
  }

  /** Adds the row to its partition; returns the call's value for it and sets `lastFull`. */
  accept({ key, entry }: CallInput): Value {
    let partition = this.partitions.get(key);
    if (this.expireAfterMs !== null) {
      if (partition && entry.time - partition.lastTime > this.expireAfterMs) partition = undefined;
      // Re-inserting keeps the map in last-activity order for `forgetIdle`.
      this.partitions.delete(key);
      this.latestTime = Math.max(this.latestTime, entry.time);
    }
    if (!partition) partition = { state: this.newState(), lastTime: entry.time };
    this.partitions.set(key, partition);
    partition.lastTime = Math.max(partition.lastTime, entry.time);
    const value = partition.state.accept(entry);
    this.lastFull = partition.state.full;
    return value;
  }

  /**
   * Takes over a partition from the columnar path (over/columnar.ts): its kept rows, oldest
   * first, become its state; `lastTime` is its latest time and `latestTime` the call's. Called
   * in last-activity order, so the map keeps that order for `forgetIdle`.
   */
  restore(rows: Iterable<StreamRecord>, lastTime: number, latestTime: number, ctx: RowContext): void {
    const state = this.newState();
    let key = '';
    for (const r of rows) {
      ctx.record = r;
      const input = this.input(r, ctx);
      key = input.key;
      state.accept(input.entry);
    }
    this.partitions.set(key, { state, lastTime });
    this.latestTime = latestTime;
  }

  /** Forgets partitions idle for longer than the expiry (their next row would start afresh anyway). */
  forgetIdle(): void {
    if (this.expireAfterMs === null) return;
    for (const [key, partition] of this.partitions) {
      if (this.latestTime - partition.lastTime <= this.expireAfterMs) break;
      this.partitions.delete(key);
    }
  }
}

function stateFactory(call: OverCall, fn: OverFunction): () => PartitionState {
  const descending = call.orderBy.map((k) => k.descending);
  const sliding = fn.kind === 'aggregate' ? slidingAggregate(fn.fn.name) : null;
  if (call.buffer) {
    const capacity = call.buffer.rows;
    return () =>
      new BufferedRows({
        fn,
        capacity,
        sortView: true,
        descending,
        frame: call.frame,
        dropBeforeFrame: false,
        sliding,
      });
  }
  if (fn.kind === 'positional' && fn.name !== 'NTH_VALUE') {
    const name = fn.name;
    return () => new RunningPosition(name, descending);
  }
  const frame = call.frame && withoutLookAhead(call.frame);
  if (
    !frame ||
    (frame.start.kind === 'unboundedPreceding' &&
      (frame.units === 'rows' || frame.end.kind !== 'preceding'))
  ) {
    const heldBack = frame?.end.kind === 'preceding' ? frame.end.offset : 0;
    return () => new RunningFrame(fn, heldBack);
  }
  const rows = { fn, sortView: false, descending, frame, sliding };
  if (frame.units === 'rows') {
    const reach =
      frame.start.kind === 'preceding'
        ? frame.start.offset
        : frame.start.kind === 'unboundedPreceding'
          ? Infinity
          : 0;
    return () => new BufferedRows({ ...rows, capacity: reach + 1, dropBeforeFrame: false });
  }
  // RANGE: later rows have later ORDER BY values, so rows before a frame's start never re-enter.
  return () =>
    new BufferedRows({
      ...rows,
      capacity: Infinity,
      dropBeforeFrame: frame.start.kind !== 'unboundedPreceding',
    });
}

/** §7.2: the standard form has no look-ahead; FOLLOWING bounds act as CURRENT ROW. */
function withoutLookAhead(frame: Frame): Frame {
  const bound = (b: FrameBound): FrameBound =>
    b.kind === 'following' || b.kind === 'unboundedFollowing' ? { kind: 'currentRow' } : b;
  return { units: frame.units, start: bound(frame.start), end: bound(frame.end) };
}
