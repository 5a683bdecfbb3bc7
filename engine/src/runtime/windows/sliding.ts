/**
 * SLIDING(size, advance) (HOPPING): windows `[k·advance, k·advance + size)`; a record belongs to
 * every window containing it (§6.2).
 *
 * Pane-based: time is cut into panes of width gcd(size, advance), each record is added to the
 * accumulators of exactly one pane, and a window's row is the merge of its panes' accumulators
 * (`Accumulator.merge`) at emission — so the per-record cost does not grow with size/advance.
 *
 * A window CLOSES in `advance()` when the watermark reaches its end (fires under EMIT FINAL);
 * late records (window end ≤ watermark < end + size/2) re-emit their group's row of that window;
 * a pane is forgotten once every window containing it is past its lateness.
 */
import type { AggregateNode, WindowSpec } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import type { Operator, OperatorEnv } from '../operators/operator';
import { Group, type GroupKey } from '../aggregation/groups';
import { WindowedAggregate } from './windowed';

export type SlidingSpec = Extract<WindowSpec, { kind: 'sliding' }>;

export class Pane {
  readonly groups = new Map<GroupKey, Group>();
  constructor(readonly start: number) {}
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export class SlidingAggregate extends WindowedAggregate<SlidingSpec> {
  protected readonly paneWidth: number;
  protected readonly panes = new Map<number, Pane>();
  /** Starts of the panes held, ascending. */
  protected paneStarts: number[] = [];
  /** Every window starting at or before this has been closed (fired when it had data). */
  private closedThrough = -Infinity;

  constructor(node: AggregateNode, window: SlidingSpec, env: OperatorEnv, downstream: Operator) {
    super(node, window, env, downstream);
    this.paneWidth = gcd(window.sizeMs, window.advanceMs);
  }

  /** First window start containing the pane starting at `p`. */
  protected firstWindowOf(p: number): number {
    const { sizeMs, advanceMs } = this.window;
    return Math.ceil((p + this.paneWidth - sizeMs) / advanceMs) * advanceMs;
  }

  /** Last window start containing the pane starting at `p`. */
  protected lastWindowOf(p: number): number {
    return Math.floor(p / this.window.advanceMs) * this.window.advanceMs;
  }

  protected accept(r: StreamRecord, t: number): void {
    const { sizeMs, advanceMs } = this.window;
    const wm = this.watermark;
    const p = Math.floor(t / this.paneWidth) * this.paneWidth;
    const last = this.lastWindowOf(p);
    if (last + sizeMs + this.lateness <= wm) {
      this.dropTooLate(r);
      return;
    }
    const pane = this.panes.get(p) ?? this.openPane(p);
    const { grouping, ctx } = this;
    const key = grouping.keyOf(r, ctx);
    let group = pane.groups.get(key);
    if (group === undefined) {
      group = grouping.newGroup();
      pane.groups.set(key, group);
      this.counters.groups++;
    }
    grouping.add(group, r, ctx, t);

    let late = false;
    for (let s = this.firstWindowOf(p); s <= last; s += advanceMs) {
      const end = s + sizeMs;
      if (end + this.lateness <= wm) continue; // too late for this window; later ones still take it
      const closed = end <= wm;
      late ||= closed;
      if (this.changes || closed) this.emitter.emit(this.windowRow(key, group, s), s, end);
    }
    if (late) this.counters.lateRecords++;
  }

  protected openPane(p: number): Pane {
    const pane = new Pane(p);
    this.panes.set(p, pane);
    const starts = this.paneStarts;
    let i = starts.length;
    while (i > 0 && starts[i - 1] > p) i--;
    starts.splice(i, 0, p);
    this.counters.windows++;
    this.nextDeadline = Math.min(this.nextDeadline, this.forgetAt(p));
    return pane;
  }

  /** When the pane starting at `p` is no longer needed by any window. */
  private forgetAt(p: number): number {
    return this.lastWindowOf(p) + this.window.sizeMs + this.lateness;
  }

  /** The group's row over window `[s, s + size)`: its pane accumulators merged. */
  protected windowRow(key: GroupKey, sample: Group, s: number): Group {
    const row = this.grouping.emptyLike(sample);
    const end = s + this.window.sizeMs;
    for (let i = this.firstPaneIndex(s); i < this.paneStarts.length && this.paneStarts[i] < end; i++) {
      const g = this.paneGroup(this.paneStarts[i], key);
      if (g !== undefined) this.grouping.merge(row, g);
    }
    return row;
  }

  /** The group of `key` in the pane starting at `p`, if it has one. */
  protected paneGroup(p: number, key: GroupKey): Group | undefined {
    return this.panes.get(p)!.groups.get(key);
  }

  /** The groups of the pane starting at `p`, by key in order of arrival. */
  protected paneGroups(p: number): Map<GroupKey, Group> {
    return this.panes.get(p)!.groups;
  }

  private firstPaneIndex(s: number): number {
    const starts = this.paneStarts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Fires window `[s, s + size)`: one merged row per group present in any of its panes. */
  protected fireWindow(s: number, firstPane: number): void {
    const end = s + this.window.sizeMs;
    const rows = new Map<GroupKey, Group>();
    for (let i = firstPane; i < this.paneStarts.length && this.paneStarts[i] < end; i++) {
      for (const [key, g] of this.paneGroups(this.paneStarts[i])) {
        let row = rows.get(key);
        if (row === undefined) {
          row = this.grouping.emptyLike(g);
          rows.set(key, row);
        }
        this.grouping.merge(row, g);
      }
    }
    this.fire(() => {
      for (const row of rows.values()) this.emitter.emit(row, s, end);
    });
  }

  /** Closes the windows ending at or before the watermark, in start order, skipping empty ranges. */
  private closeUpTo(lastStart: number): void {
    const { sizeMs, advanceMs } = this.window;
    if (!this.changes && this.paneStarts.length > 0) {
      let s = Math.max(this.closedThrough + advanceMs, this.firstWindowOf(this.paneStarts[0]));
      while (s <= lastStart) {
        const i = this.firstPaneIndex(s);
        if (i === this.paneStarts.length) break;
        if (this.paneStarts[i] >= s + sizeMs) {
          s = Math.max(s + advanceMs, this.firstWindowOf(this.paneStarts[i]));
          continue;
        }
        this.fireWindow(s, i);
        s += advanceMs;
      }
    }
    this.closedThrough = Math.max(this.closedThrough, lastStart);
  }

  protected advance(): void {
    const { sizeMs, advanceMs } = this.window;
    const wm = this.watermark;
    this.closeUpTo(Math.floor((wm - sizeMs) / advanceMs) * advanceMs);
    while (this.paneStarts.length > 0 && this.forgetAt(this.paneStarts[0]) <= wm) this.forgetPane(this.paneStarts.shift()!);
    const nextClose = this.closedThrough + advanceMs + sizeMs;
    this.nextDeadline = Math.min(nextClose, this.paneStarts.length > 0 ? this.forgetAt(this.paneStarts[0]) : Infinity);
  }

  /** Drops the pane starting at `p` (already out of `paneStarts`): no window needs it any more. */
  protected forgetPane(p: number): void {
    this.counters.groups -= this.panes.get(p)!.groups.size;
    this.counters.windows--;
    this.panes.delete(p);
  }

  protected closeAll(): void {
    if (this.paneStarts.length === 0) return;
    this.closeUpTo(this.lastWindowOf(this.paneStarts[this.paneStarts.length - 1]));
  }
}
