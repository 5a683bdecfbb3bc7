/**
 * SESSION(gap) … EMIT FINAL over columnar batches (the shapes plan/columnar.ts accepts: no
 * `partition_col`). Session bounds, merging, the watermark, closing, lateness and emission are
 * the record path's (SessionAggregate); what changes is where sessions live. A session is an
 * index of the struct-of-arrays `GroupTable` (its accumulators) and of the typed arrays below
 * (bounds, state, its key's list); each key's sessions are a linked list from its key
 * code; the close/forget schedule is the record path's `DeadlineHeap` over those indices. No
 * object is made per record or per session — only per output row.
 *
 * The same schedule as the record path, entry for entry (same pushes and pops, same heap), so
 * sessions close at the same rows and in the same order. A dead session's index is reused only
 * once no heap entry refers to it, so a stale entry can never be taken for a live session.
 *
 * Falls back to the record path for good at the first row the columns cannot hold (batch.ts) or
 * whose totals could pass 2^53: every live session becomes the record path's `Session` (in the
 * order its Map and lists would hold them), the heap is mapped onto them, and that row and all
 * later ones go through SessionAggregate.
 */
import type { AggregateNode } from '../../plan/logical';
import type { ColumnarShape } from '../../plan/columnar';
import type { Batch } from '../../types/record';
import { recordsOf } from '../../types/columns';
import type { Operator, OperatorEnv } from '../operators/operator';
import { Group } from '../aggregation/groups';
import { DeadlineHeap } from '../windows/heap';
import { Session, SessionAggregate, type SessionSpec } from '../windows/session';
import type { Columnizer } from './batch';
import { GroupTable, columnarParts, grown, columnarRest, type TableLayout } from './table';

/** End of a key's session list. */
const NIL = -1;

export class ColumnarSessionAggregate extends SessionAggregate {
  readonly takesDeferred = true;
  /** False once the operator fell back to the record path. */
  private columnar = true;
  private readonly columnizer: Columnizer;
  private readonly layout: TableLayout;
  /** Every session's accumulators, by session index. */
  private readonly table: GroupTable;
  /** The close/forget schedule over session indices (the record path's `heap` until a fallback). */
  private readonly slotHeap = new DeadlineHeap<number>();

  // Per session index.
  private start = new Float64Array(64);
  private last = new Float64Array(64);
  /** Deadline of the session's live heap entry; NaN when it has none. */
  private queuedAt = new Float64Array(64);
  private closed = new Uint8Array(64);
  /** 1 when merged away or forgotten (or never used): its heap entries are stale. */
  private dead = new Uint8Array(64).fill(1);
  /** Heap entries naming this index; it is reused only at 0. */
  private entries = new Int32Array(64);
  /** The next session of the same key, in order of creation; NIL at the end. */
  private next = new Int32Array(64);
  private code = new Int32Array(64);
  /** Creation order, to rebuild the record path's lists on a fallback or to fire at the end. */
  private created = new Float64Array(64);
  private sessionCount = 0;

  // Per key code.
  /** The key's first session; NIL when it has none. */
  private head = new Int32Array(64).fill(NIL);
  /** When the key's list was last started from empty: the record path's Map order. */
  private listSeq = new Float64Array(64);

  /** Overlapping sessions of the current row (scratch). */
  private readonly overlapping: number[] = [];
  private readonly closing: number[] = [];
  /** The sessions `emitFiring` emits, in order. */
  private firing: number[] = [];
  private readonly byLast = (a: number, b: number): number => this.last[a] - this.last[b];
  private readonly emitFiring = (): void => {
    for (const s of this.firing) this.emitSession(s);
  };

  constructor(node: AggregateNode, window: SessionSpec, shape: ColumnarShape, env: OperatorEnv, downstream: Operator) {
    super(node, window, env, downstream);
    ({ columnizer: this.columnizer, layout: this.layout } = columnarParts(shape, env));
    this.table = new GroupTable(this.layout, 0);
  }

  /** Whether this operator still runs columnar. */
  get isColumnar(): boolean {
    return this.columnar;
  }

  override push(batch: Batch): void {
    const rest = this.columnar ? columnarRest(this.columnizer, this.layout, batch, (rows, n) => this.addRows(rows, n), () => this.fallBack()) : recordsOf(batch);
    if (rest === null) this.emitter.endStep();
    else super.push(rest);
  }

  /** Adds the first `n` rows of the batch, now in the columns, as `accept` would; returns how many were added. */
  private addRows(batch: Batch, n: number): number {
    const { time, codes } = this.columnizer.columns;
    const { counters, table, gap, lateness, overlapping } = this;
    for (let j = 0; j < n; j++) {
      const t = time[j];
      if (t > this.watermark) {
        this.watermark = t;
        counters.watermark = t;
        if (t >= this.nextDeadline) this.advance();
      }
      const wm = this.watermark;
      const code = codes[j];
      if (code >= this.head.length) this.growCodes(code + 1);
      const { start, last, next } = this;
      let count = 0;
      for (let s = this.head[code]; s !== NIL; s = next[s]) if (t < last[s] + gap && t > start[s] - gap) overlapping[count++] = s;

      let s: number;
      let late: boolean;
      if (count === 0) {
        if (t + gap + lateness <= wm) {
          this.dropTooLate(recordsOf(batch)[j]);
          continue;
        }
        s = table.openGroup(code);
        if (!table.add(s, j, t)) {
          table.release(s);
          return j;
        }
        this.open(s, code, t);
        late = t + gap <= wm;
      } else {
        s = overlapping[0];
        if (count > 1 && !table.canCombine(overlapping, count, j)) return j;
        if (count === 1 && !table.add(s, j, t)) return j;
        late = this.closed[s] === 1;
        // As on the record path: the bridged sessions merge first, then the row is added (the
        // moments of STDDEV/VARIANCE depend on the order); after canCombine the add cannot fail.
        for (let k = 1; k < count; k++) late = this.absorbSlot(s, overlapping[k]) || late;
        if (count > 1) table.add(s, j, t);
      }
      const bounds = this.start;
      if (t < bounds[s]) bounds[s] = t;
      if (t > this.last[s]) this.last[s] = t;
      this.closed[s] = this.last[s] + gap <= wm ? 1 : 0;
      this.scheduleSlot(s);
      if (late) {
        counters.lateRecords++;
        this.emitSession(s);
      }
    }
    return n;
  }

  /** Starts session `s` of key `code` at time `t`, last in its key's list. */
  private open(s: number, code: number, t: number): void {
    if (s >= this.start.length) this.growSessions(s + 1);
    this.start[s] = this.last[s] = t;
    this.queuedAt[s] = NaN;
    this.closed[s] = 0;
    this.dead[s] = 0;
    this.entries[s] = 0;
    this.next[s] = NIL;
    this.code[s] = code;
    this.created[s] = this.sessionCount++;
    let at = this.head[code];
    if (at === NIL) {
      this.head[code] = s;
      this.listSeq[code] = this.created[s];
    } else {
      while (this.next[at] !== NIL) at = this.next[at];
      this.next[at] = s;
    }
    this.counters.windows++;
    this.counters.groups++;
  }

  /** Merges session `other` into `into` (a record bridged them); whether `other` was closed. */
  private absorbSlot(into: number, other: number): boolean {
    this.table.merge(into, other);
    if (this.start[other] < this.start[into]) this.start[into] = this.start[other];
    if (this.last[other] > this.last[into]) this.last[into] = this.last[other];
    this.drop(other);
    return this.closed[other] === 1;
  }

  /** Takes session `s` out of its key's list; its index is reused once no heap entry names it. */
  private drop(s: number): void {
    const code = this.code[s];
    if (this.head[code] === s) this.head[code] = this.next[s];
    else {
      let at = this.head[code];
      while (this.next[at] !== s) at = this.next[at];
      this.next[at] = this.next[s];
    }
    this.dead[s] = 1;
    if (this.entries[s] === 0) this.table.release(s);
    this.counters.windows--;
    this.counters.groups--;
  }

  /** The record path's `schedule`: a heap entry unless a pending one comes first. */
  private scheduleSlot(s: number): void {
    const d = this.last[s] + this.gap + (this.closed[s] === 1 ? this.lateness : 0);
    if (this.queuedAt[s] <= d) return; // NaN (no entry) compares false
    this.queuedAt[s] = d;
    this.slotHeap.push(d, s);
    this.entries[s]++;
    if (d < this.nextDeadline) this.nextDeadline = d;
  }

  protected override advance(): void {
    if (!this.columnar) return super.advance();
    const wm = this.watermark;
    const heap = this.slotHeap;
    const closing = this.closing;
    while (heap.peekDeadline() <= wm) {
      const deadline = heap.peekDeadline();
      const s = heap.pop();
      this.entries[s]--;
      if (this.dead[s] === 1 || this.queuedAt[s] !== deadline) {
        if (this.dead[s] === 1 && this.entries[s] === 0) this.table.release(s);
        continue; // superseded entry
      }
      this.queuedAt[s] = NaN;
      if (this.last[s] + this.gap + (this.closed[s] === 1 ? this.lateness : 0) > wm) this.scheduleSlot(s);
      else if (this.closed[s] === 0) {
        this.closed[s] = 1;
        closing.push(s);
        this.scheduleSlot(s);
      } else this.drop(s);
    }
    if (closing.length > 0) this.fireSlots(closing);
    this.nextDeadline = heap.peekDeadline();
  }

  /** Fires `sessions` in order of their last time (a stable sort, as the record path's), then empties the list. */
  private fireSlots(sessions: number[]): void {
    if (sessions.length > 1) sessions.sort(this.byLast);
    this.firing = sessions;
    this.fire(this.emitFiring);
    sessions.length = 0;
  }

  private emitSession(s: number): void {
    this.table.emit(s, this.columnizer.keys, this.emitter, this.start[s], this.last[s] + this.gap);
  }

  /** Live sessions in the record path's Map-then-list order. */
  private liveSessions(): number[] {
    const live: number[] = [];
    for (let s = 0; s < this.table.size; s++) if (this.dead[s] === 0) live.push(s);
    return live.sort((a, b) => this.listSeq[this.code[a]] - this.listSeq[this.code[b]] || this.created[a] - this.created[b]);
  }

  protected override closeAll(): void {
    if (!this.columnar) return super.closeAll();
    const open = this.liveSessions().filter((s) => this.closed[s] === 0);
    for (const s of open) this.closed[s] = 1;
    if (open.length > 0) this.fireSlots(open);
  }

  /** From here on the record path: every live session becomes a `Session`, the heap maps onto them. */
  private fallBack(): void {
    this.columnar = false;
    const bySlot = new Map<number, Session>();
    for (const s of this.liveSessions()) {
      const group = this.table.toGroup(s, this.columnizer.keys);
      const key = this.columnizer.keys.groupKey(this.table.codeOf(s));
      const session = new Session(key, this.start[s], this.last[s], group);
      session.closed = this.closed[s] === 1;
      session.queuedAt = Number.isNaN(this.queuedAt[s]) ? null : this.queuedAt[s];
      bySlot.set(s, session);
      let list = this.sessions.get(key);
      if (list === undefined) this.sessions.set(key, (list = []));
      list.push(session);
    }
    const stale = new Session('', 0, 0, new Group(null, []));
    stale.dead = true;
    this.heap = this.slotHeap.map((s) => bySlot.get(s) ?? stale);
  }

  private growSessions(n: number): void {
    const size = Math.max(n, this.start.length * 2);
    this.start = grown(this.start, size, 0);
    this.last = grown(this.last, size, 0);
    this.queuedAt = grown(this.queuedAt, size, NaN);
    this.closed = grown(this.closed, size, 0);
    this.dead = grown(this.dead, size, 1);
    this.entries = grown(this.entries, size, 0);
    this.next = grown(this.next, size, NIL);
    this.code = grown(this.code, size, 0);
    this.created = grown(this.created, size, 0);
  }

  private growCodes(n: number): void {
    const size = Math.max(n, this.head.length * 2);
    this.head = grown(this.head, size, NIL);
    this.listSeq = grown(this.listSeq, size, 0);
  }
}
