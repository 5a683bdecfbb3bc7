/**
 * TUMBLING … EMIT FINAL or CHANGES over columnar batches (the shapes plan/columnar.ts accepts). Windows,
 * the watermark, closing, lateness and emission are the record path's own (TumblingAggregate);
 * what changes is where an open window's groups live and how rows reach them: each input batch
 * is turned into typed columns (batch.ts) and each row's group is found by its key code (group-keys.ts)
 * in the window's struct-of-arrays table (table.ts) — no per-record closures, boxed values or
 * per-group objects. Rows are still taken in order, so windows close at the same rows as on the
 * record path and the output batches are the same.
 *
 * Falls back to the record path for good, at the first row the columns cannot hold exactly (see
 * batch.ts) or whose total would pass 2^53: every open window's groups become the record path's
 * `Group`s with the same state, and that row and all later ones go through TumblingAggregate.
 * A window keeps its table until it is forgotten (late rows are added to it and re-emit their
 * group, as on the record path); an emitted row is built straight from the table's cells.
 */
import type { AggregateNode } from '../../plan/logical';
import type { ColumnarShape } from '../../plan/columnar';
import type { Batch } from '../../types/record';
import { recordsOf } from '../../types/columns';
import type { Operator, OperatorEnv, Pace } from '../operators/operator';
import { FINAL_SLICE_ROWS, TumblingAggregate, type TumblingSpec, type TumblingWindow } from '../windows/tumbling';
import type { Columnizer } from './batch';
import { GroupTable, columnarParts, columnarRest, type TableLayout } from './table';

export class ColumnarTumblingAggregate extends TumblingAggregate {
  readonly takesDeferred = true;
  /** False once the operator fell back to the record path. */
  private columnar = true;
  private readonly columnizer: Columnizer;
  private readonly layout: TableLayout;
  /** The table of each open window, by window start. */
  private readonly tables = new Map<number, GroupTable>();

  constructor(node: AggregateNode, window: TumblingSpec, shape: ColumnarShape, env: OperatorEnv, downstream: Operator, pace: Pace | null = null) {
    super(node, window, env, downstream, pace);
    ({ columnizer: this.columnizer, layout: this.layout } = columnarParts(shape, env));
  }

  /** Whether this operator still runs columnar (tests, explain of a running query). */
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
    const size = this.window.sizeMs;
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
          table = null; // the window may have been forgotten
          tableStart = NaN;
        }
      }
      const start = Math.floor(t / size) * size;
      const late = start + size <= this.watermark;
      if (late && this.watermark >= start + size + this.lateness) {
        this.dropTooLate(recordsOf(batch)[j]);
        continue;
      }
      if (start !== tableStart) {
        table = this.tableOf(start, late);
        tableStart = start;
      }
      const before = table!.size;
      const g = table!.groupOf(codes[j]);
      if (table!.size !== before) counters.groups++;
      if (!table!.add(g, j, t)) return j;
      if (late) counters.lateRecords++;
      // As on the record path: under EMIT CHANGES every row, and a late one always, emits its group's row at once.
      if (this.changes || late) table!.emit(g, this.columnizer.keys, this.emitter, start, start + size);
    }
    return n;
  }

  /** The table of the window starting at `start`, opening the window (already closed when `late`). */
  private tableOf(start: number, late: boolean): GroupTable {
    let table = this.tables.get(start);
    if (table === undefined) {
      const w = this.windows.get(start) ?? this.openWindow(start, start + this.window.sizeMs, late);
      this.current = w;
      table = new GroupTable(this.layout, this.columnizer.keys.size);
      this.tables.set(start, table);
    }
    return table;
  }

  protected override *windowRows(w: TumblingWindow): Generator<void> {
    const table = this.tables.get(w.start);
    if (table === undefined) return yield* super.windowRows(w);
    const keys = this.columnizer.keys;
    for (let from = 0; from < table.size; from += FINAL_SLICE_ROWS) {
      if (from > 0) yield; // as the record path: after each full slice with more to come
      const to = Math.min(table.size, from + FINAL_SLICE_ROWS);
      for (let g = from; g < to; g++) table.emit(g, keys, this.emitter, w.start, w.end);
    }
  }

  protected override forget(w: TumblingWindow): void {
    const table = this.tables.get(w.start);
    if (table !== undefined) {
      this.counters.groups -= table.size;
      this.tables.delete(w.start);
    }
    super.forget(w);
  }

  /** From here on the record path: every window's groups become `Group`s in `w.groups`. */
  private fallBack(): void {
    this.columnar = false;
    const keys = this.columnizer.keys;
    for (const w of this.windows.values()) {
      const table = this.tables.get(w.start);
      if (table === undefined) continue;
      this.tables.delete(w.start);
      table.moveInto(w.groups, keys);
    }
  }
}
