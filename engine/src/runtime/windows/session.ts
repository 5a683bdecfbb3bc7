/**
 * SESSION(gap): per GROUP BY key (plus `partition_col`), a session is `[first, last + gap)` (§6.2,
 * D9). A record within `gap` of a key's session joins it (sessions it bridges merge); a record
 * with time ≥ last + gap starts a new session.
 *
 * A session CLOSES in `advance()` when the watermark reaches last + gap (fires under EMIT FINAL);
 * it is kept until watermark ≥ last + 2·gap (allowed lateness = gap), during which a record
 * joining it is late and re-emits the session's row. Deadlines live in a min-heap with lazy
 * entries, so closing is not a scan over all keys.
 */
import type { AggregateNode, WindowSpec } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import type { Operator, OperatorEnv } from '../operators/operator';
import { compileExpr, type CompiledExpr } from '../compile';
import { groupKey } from '../../types/values/compare';
import { Group, type GroupKey } from '../aggregation/groups';
import { WindowedAggregate } from './windowed';
import { DeadlineHeap } from './heap';

export type SessionSpec = Extract<WindowSpec, { kind: 'session' }>;

const NONE: readonly Session[] = [];

export class Session {
  closed = false;
  /** Merged into another session or forgotten: its heap entries are stale. */
  dead = false;
  /** Deadline of this session's live heap entry, or null when it has none. */
  queuedAt: number | null = null;

  constructor(
    readonly key: GroupKey,
    public start: number,
    public last: number,
    readonly group: Group,
  ) {}
}

export class SessionAggregate extends WindowedAggregate<SessionSpec> {
  /** Each key's sessions in order of creation (the Map in order of each key's first open session). */
  protected readonly sessions = new Map<GroupKey, Session[]>();
  protected heap = new DeadlineHeap<Session>();
  private readonly partitionBy: CompiledExpr | null;

  constructor(node: AggregateNode, window: SessionSpec, env: OperatorEnv, downstream: Operator) {
    super(node, window, env, downstream);
    this.partitionBy = window.partitionBy ? compileExpr(window.partitionBy, env.compile) : null;
  }

  protected get gap(): number {
    return this.window.gapMs;
  }

  /** The watermark at which the session must next be looked at: close, then forget. */
  private deadlineOf(s: Session): number {
    return s.last + this.gap + (s.closed ? this.lateness : 0);
  }

  private schedule(s: Session): void {
    const d = this.deadlineOf(s);
    if (s.queuedAt !== null && s.queuedAt <= d) return; // the pending entry comes first; re-queued then
    s.queuedAt = d;
    this.heap.push(d, s);
    this.nextDeadline = Math.min(this.nextDeadline, d);
  }

  protected accept(r: StreamRecord, t: number): void {
    const { grouping, ctx, gap } = this;
    const wm = this.watermark;
    let key = grouping.keyOf(r, ctx);
    if (this.partitionBy) key += '\u0001' + groupKey(this.partitionBy(r, ctx));
    let list = this.sessions.get(key);
    const overlaps = (s: Session): boolean => t < s.last + gap && t > s.start - gap;
    const overlapping = list === undefined ? NONE : list.length === 1 ? (overlaps(list[0]) ? list : NONE) : list.filter(overlaps);

    let session: Session;
    let late: boolean;
    if (overlapping.length === 0) {
      if (t + gap + this.lateness <= wm) {
        this.dropTooLate(r);
        return;
      }
      session = new Session(key, t, t, grouping.newGroup());
      if (!list) {
        list = [];
        this.sessions.set(key, list);
      }
      list.push(session);
      this.counters.windows++;
      this.counters.groups++;
      late = t + gap <= wm;
    } else {
      session = overlapping[0];
      late = session.closed;
      for (const other of overlapping.slice(1)) {
        late ||= other.closed;
        this.absorb(session, other, list!);
      }
    }
    grouping.add(session.group, r, ctx, t);
    session.start = Math.min(session.start, t);
    session.last = Math.max(session.last, t);
    session.closed = session.last + gap <= wm;
    this.schedule(session);
    if (late) this.counters.lateRecords++;
    if (this.changes || late) this.emitter.emit(session.group, session.start, session.last + gap);
  }

  /** Merges `other` into `into` (a record bridged them) and drops it from the key's list. */
  private absorb(into: Session, other: Session, list: Session[]): void {
    this.grouping.merge(into.group, other.group);
    into.start = Math.min(into.start, other.start);
    into.last = Math.max(into.last, other.last);
    other.dead = true;
    list.splice(list.indexOf(other), 1);
    this.counters.windows--;
    this.counters.groups--;
  }

  protected advance(): void {
    const wm = this.watermark;
    const closing: Session[] = [];
    const heap = this.heap;
    while (heap.peekDeadline() <= wm) {
      const deadline = heap.peekDeadline();
      const s = heap.pop();
      if (s.dead || s.queuedAt !== deadline) continue; // superseded entry
      s.queuedAt = null;
      if (this.deadlineOf(s) > wm) this.schedule(s); // session grew since it was queued
      else if (!s.closed) {
        s.closed = true;
        closing.push(s);
        this.schedule(s);
      } else this.forget(s);
    }
    if (closing.length > 0 && !this.changes) this.fireSessions(closing);
    this.nextDeadline = this.heap.peekDeadline();
  }

  private fireSessions(sessions: Session[]): void {
    sessions.sort((a, b) => a.last - b.last);
    this.fire(() => {
      for (const s of sessions) this.emitter.emit(s.group, s.start, s.last + this.gap);
    });
  }

  private forget(s: Session): void {
    s.dead = true;
    const list = this.sessions.get(s.key)!;
    list.splice(list.indexOf(s), 1);
    if (list.length === 0) this.sessions.delete(s.key);
    this.counters.windows--;
    this.counters.groups--;
  }

  protected closeAll(): void {
    const open: Session[] = [];
    for (const list of this.sessions.values()) for (const s of list) if (!s.closed) open.push(s);
    for (const s of open) s.closed = true;
    if (open.length > 0) this.fireSessions(open);
  }
}
