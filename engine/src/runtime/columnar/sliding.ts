/**
 * SLIDING … EMIT FINAL over columnar batches (the shapes plan/columnar.ts accepts). Panes, the
 * watermark, closing, lateness and the order of output rows are the record path's own
 * (SlidingAggregate); what changes is where a pane's groups live: each pane is a
 * struct-of-arrays table (table.ts) found per row by its start, each row's group by its
 * key code. A closing window's rows are its panes' tables merged into one table, first
 * seen first, and emitted from its cells.
 *
 * Exact like the record path: a merge whose total would pass 2^53 emits that window from the
 * record path's `Group`s instead (built from the panes, merged as SlidingAggregate merges), and
 * so does a late row's re-emission of its group. Falls back to the record path for good at the
 * first row the columns cannot hold: every pane's table becomes its `Group`s.
 */
import type { AggregateNode } from '../../plan/logical';
import type { ColumnarShape } from '../../plan/columnar';
import type { Batch } from '../../types/record';
import { recordsOf } from '../../types/columns';
import type { Operator, OperatorEnv } from '../operators/operator';
import type { Group, GroupKey } from '../aggregation/groups';
import { SlidingAggregate, type SlidingSpec } from '../windows/sliding';
import type { Columnizer } from './batch';
import { GroupTable, columnarParts, columnarRest, type TableLayout } from './table';

export class ColumnarSlidingAggregate extends SlidingAggregate {
  readonly takesDeferred = true;
  /** False once the operator fell back to the record path. */
  private columnar = true;
  private readonly columnizer: Columnizer;
  private readonly layout: TableLayout;
  /** The table of each pane held, by pane start. */
  private readonly tables = new Map<number, GroupTable>();

  constructor(node: AggregateNode, window: SlidingSpec, shape: ColumnarShape, env: OperatorEnv, downstream: Operator) {
    super(node, window, env, downstream);
    ({ columnizer: this.columnizer, layout: this.layout } = columnarParts(shape, env));
  }

  /** Whether this operator still runs columnar (tests). */
  get isColumnar(): boolean {
    return this.columnar;
  }

  override push(batch: Batch): void {
    const rest = this.columnar ? columnarRest(this.columnizer, this.layout, batch, (rows, n) => this.addRows(rows, n), () => this.fallBack()) : recordsOf(batch);
    if (rest === null) this.emitter.endStep();
    else super.push(rest);
  }

  /** Adds the first `n` rows of the batch, now in the columns; returns how many were added. */
  private addRows(batch: Batch, n: number): number {
    const { time, codes } = this.columnizer.columns;
    const { sizeMs, advanceMs } = this.window;
    const width = this.paneWidth;
    const counters = this.counters;
    let table: GroupTable | null = null;
    let tableStart = NaN;
    for (let j = 0; j < n; j++) {
      const t = time[j];
      if (t > this.watermark) {
        this.watermark = t;
        counters.watermark = t;
        if (t >= this.nextDeadline) {
          this.advance();
          table = null; // the pane may have been forgotten
          tableStart = NaN;
        }
      }
      const p = Math.floor(t / width) * width;
      const last = this.lastWindowOf(p);
      if (last + sizeMs + this.lateness <= this.watermark) {
        this.dropTooLate(recordsOf(batch)[j]);
        continue;
      }
      if (p !== tableStart) {
        table = this.tableOf(p);
        tableStart = p;
      }
      const before = table!.size;
      const g = table!.groupOf(codes[j]);
      if (table!.size !== before) counters.groups++;
      if (!table!.add(g, j, t)) return j;
      // As on the record path: a late row re-emits its group's row of every closed window it is in.
      let late = false;
      for (let s = this.firstWindowOf(p); s <= last; s += advanceMs) {
        const end = s + sizeMs;
        if (end + this.lateness <= this.watermark || end > this.watermark) continue;
        late = true;
        const keys = this.columnizer.keys;
        this.emitter.emit(this.windowRow(keys.groupKey(codes[j]), table!.toGroup(g, keys), s), s, end);
      }
      if (late) counters.lateRecords++;
    }
    return n;
  }

  /** The table of the pane starting at `p`, opening the pane. */
  private tableOf(p: number): GroupTable {
    let table = this.tables.get(p);
    if (table === undefined) {
      if (!this.panes.has(p)) this.openPane(p);
      table = new GroupTable(this.layout, this.columnizer.keys.size);
      this.tables.set(p, table);
    }
    return table;
  }

  /** A window's rows merged from its panes' tables, straight from the cells when every total stays exact. */
  protected override fireWindow(s: number, firstPane: number): void {
    if (!this.columnar) return super.fireWindow(s, firstPane);
    const end = s + this.window.sizeMs;
    const keys = this.columnizer.keys;
    const merged = new GroupTable(this.layout, keys.size);
    for (let i = firstPane; i < this.paneStarts.length && this.paneStarts[i] < end; i++) {
      const pane = this.tables.get(this.paneStarts[i]);
      if (pane === undefined) continue;
      for (let g = 0; g < pane.size; g++) {
        if (!merged.mergeFrom(merged.groupOf(pane.codeOf(g)), pane, g)) return super.fireWindow(s, firstPane);
      }
    }
    this.fire(() => {
      for (let g = 0; g < merged.size; g++) merged.emit(g, keys, this.emitter, s, end);
    });
  }

  /** A pane's group as the record path's (a late row's window row). */
  protected override paneGroup(p: number, key: GroupKey): Group | undefined {
    const table = this.tables.get(p);
    if (table === undefined) return super.paneGroup(p, key);
    const code = this.columnizer.keys.codeOfGroupKey(key);
    const g = code < 0 ? -1 : table.groupIndexOf(code);
    return g < 0 ? undefined : table.toGroup(g, this.columnizer.keys);
  }

  /** A pane's groups as the record path's (a window whose totals pass 2^53). */
  protected override paneGroups(p: number): Map<GroupKey, Group> {
    const table = this.tables.get(p);
    if (table === undefined) return super.paneGroups(p);
    const groups = new Map<GroupKey, Group>();
    table.moveInto(groups, this.columnizer.keys);
    return groups;
  }

  protected override forgetPane(p: number): void {
    const table = this.tables.get(p);
    if (table !== undefined) {
      this.counters.groups -= table.size;
      this.tables.delete(p);
    }
    super.forgetPane(p);
  }

  /** From here on the record path: every pane's groups become `Group`s in its `groups`. */
  private fallBack(): void {
    this.columnar = false;
    for (const [p, table] of this.tables) {
      this.tables.delete(p);
      table.moveInto(this.panes.get(p)!.groups, this.columnizer.keys);
    }
  }
}
