/**
 * TUMBLING(size): epoch-aligned windows `[k·size, (k+1)·size)` (§6.2).
 *
 * A window CLOSES in `advance()` when the watermark reaches its end (a record with time ≥ end
 * arrived); under EMIT FINAL it fires then. It is kept until watermark ≥ end + size/2 (allowed
 * lateness): a record for it meanwhile is late — added, and its group's row emitted again; after
 * that the window is forgotten and records for it are dropped as too late.
 *
 * At the end of a bounded input a window of many groups may fire in slices when the pipeline
 * paces it (`Pace`, given when no node above needs whole firings): every FINAL_SLICE_ROWS
 * groups the rows so far go downstream as a batch and the driver yields to the event loop
 * before the next slice, so the host takes each slice while it is young garbage instead of a
 * million rows surviving garbage collections until the firing ends (docs/decisions.md).
 */
import type { AggregateNode, WindowSpec } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import type { Operator, OperatorEnv, Pace } from '../operators/operator';
import { Group, type GroupKey } from '../aggregation/groups';
import { WindowedAggregate } from './windowed';

export type TumblingSpec = Extract<WindowSpec, { kind: 'tumbling' }>;

export class TumblingWindow {
  readonly groups = new Map<GroupKey, Group>();
  closed = false;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}
}

/** Groups per slice of a paced firing: a few MB of output rows, well within the young generation. */
export const FINAL_SLICE_ROWS = 4096;

export class TumblingAggregate extends WindowedAggregate<TumblingSpec> {
  protected readonly windows = new Map<number, TumblingWindow>();
  /** The window of the previous record: most records fall into the newest window. */
  protected current: TumblingWindow | null = null;

  constructor(
    node: AggregateNode,
    window: TumblingSpec,
    env: OperatorEnv,
    downstream: Operator,
    private readonly pace: Pace | null = null,
  ) {
    super(node, window, env, downstream);
  }

  override flush(endOfInput: boolean): void {
    const pace = this.pace;
    if (!endOfInput || this.changes || pace === null) return super.flush(endOfInput);
    // closeAll, one slice at a time; the flush goes on downstream after the last one.
    const slices = this.finalSlices();
    const next = (): void => {
      if (slices.next().done === true) this.emitter.flush(true);
      else pace(next);
    };
    next();
  }

  /** Fires every open window as `closeAll` does, pausing after each full slice (the rows so far delivered). */
  private *finalSlices(): Generator<void> {
    for (const w of this.openWindows()) {
      w.closed = true;
      this.emitter.endStep();
      const rows = this.windowRows(w);
      while (rows.next().done !== true) {
        this.emitter.deliver();
        yield;
      }
      this.emitter.endStep();
    }
  }

  protected accept(r: StreamRecord, t: number): void {
    const size = this.window.sizeMs;
    const start = Math.floor(t / size) * size;
    let w = this.current !== null && this.current.start === start ? this.current : this.windows.get(start);
    const end = start + size;
    const late = end <= this.watermark;
    if (late && this.watermark >= end + this.lateness) {
      this.dropTooLate(r);
      return;
    }
    if (w === undefined) w = this.openWindow(start, end, late);
    this.current = w;

    const { grouping, ctx } = this;
    const key = grouping.keyOf(r, ctx);
    let group = w.groups.get(key);
    if (group === undefined) {
      group = grouping.newGroup();
      w.groups.set(key, group);
      this.counters.groups++;
    }
    grouping.add(group, r, ctx, t);
    if (late) this.counters.lateRecords++;
    if (this.changes || late) this.emitter.emit(group, start, end);
  }

  protected openWindow(start: number, end: number, closed: boolean): TumblingWindow {
    const w = new TumblingWindow(start, end);
    w.closed = closed;
    this.windows.set(start, w);
    this.counters.windows++;
    this.nextDeadline = Math.min(this.nextDeadline, closed ? end + this.lateness : end);
    return w;
  }

  protected advance(): void {
    const wm = this.watermark;
    const closing = [...this.windows.values()].filter((w) => !w.closed && w.end <= wm).sort((a, b) => a.start - b.start);
    for (const w of closing) this.close(w);
    let deadline = Infinity;
    for (const w of this.windows.values()) {
      if (w.closed && w.end + this.lateness <= wm) this.forget(w);
      else deadline = Math.min(deadline, w.closed ? w.end + this.lateness : w.end);
    }
    this.nextDeadline = deadline;
  }

  private close(w: TumblingWindow): void {
    w.closed = true;
    if (this.changes) return;
    this.fire(() => {
      const rows = this.windowRows(w);
      while (rows.next().done !== true); // unpaced: the slices stay one batch
    });
  }

  /**
   * Emits the rows of a closing window, one per group in order of arrival, pausing after every
   * FINAL_SLICE_ROWS groups (when the window has more).
   */
  protected *windowRows(w: TumblingWindow): Generator<void> {
    let n = 0;
    for (const group of w.groups.values()) {
      this.emitter.emit(group, w.start, w.end);
      if (++n % FINAL_SLICE_ROWS === 0 && n < w.groups.size) yield;
    }
  }

  protected forget(w: TumblingWindow): void {
    this.windows.delete(w.start);
    if (this.current === w) this.current = null;
    this.counters.windows--;
    this.counters.groups -= w.groups.size;
  }

  protected closeAll(): void {
    for (const w of this.openWindows()) this.close(w);
  }

  private openWindows(): TumblingWindow[] {
    return [...this.windows.values()].filter((w) => !w.closed).sort((a, b) => a.start - b.start);
  }
}
