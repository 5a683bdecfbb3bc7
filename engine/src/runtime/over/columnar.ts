/**
 * `ROWS WINDOW BUFFER n ROWS` aggregates on typed columns (issue 15; the shape is chosen at plan
 * time, plan/columnar-over.ts). Per call and batch, the PARTITION BY value becomes a dictionary
 * code and the argument an exact integer in a `Float64Array` (an Integer, or a DECIMAL's
 * unscaled value at the one scale the column has; NaN marks NULL) — read from typed columns
 * attached to the batch (`withColumns`) or converted from the records. Each partition keeps its
 * last n rows in a ring over typed arrays: SUM / COUNT / AVG add the arriving row and subtract
 * the evicted one, MIN / MAX keep a monotonic deque of row numbers. No object per row besides
 * the output record.
 *
 * Same results as the record path (buffered.ts with sliding.ts): every value is bounded by
 * 2^53 / (n + 1), so a running sum is always an exact integer, and AVG divides it exactly as
 * SlidingSum does (total in units, scaled down by 10^scale, then / count). At the first row a
 * call cannot hold that way (a Float, a bigint, a second scale, -0, a key that is neither a
 * String nor an integer, a larger value), the operator hands over to the record path for good:
 * each partition's kept records are replayed into the record path's partitions, which then
 * take that row and the rest. Output batches keep the record path's boundaries.
 *
 * With the select list above fused in (plan/columnar-over.ts `overProjection`), each output
 * record is the projection's, built by one literal from the input record and the calls' values
 * — and a deferred batch (the CSV file source's, types/columns.ts) whose columns hold the calls
 * is run and emitted from its typed columns without building its records (column-fields.ts).
 * Its rows kept in the buffers are then remembered by their ORDER BY values and time, from
 * which a fallback rebuilds what the record path's partitions need of them.
 */
import type { OverNode } from '../../plan/logical';
import type { ColumnarOverCall, OverProjection } from '../../plan/columnar-over';
import type { Batch, StreamRecord } from '../../types/record';
import { Scaled, type Value } from '../../types/values/types';
import { columnsOf, INTEGER_VECTOR, isDeferred, recordsOf, type BatchColumns, type NumberVector, type UniformRecords } from '../../types/columns';
import type { Operator, OperatorEnv } from '../operators/operator';
import { INTEGER, UNSET } from '../columnar/batch';
import { Dictionary, KeyTranslation } from '../columnar/dictionary';
import { ColumnFields } from '../columnar/column-fields';
import { fieldRead, literalBuilder, type Fields } from '../operators/shape';
import { OverOperator } from './operator';
import type { OverPartitions } from './partitions';
import type { RowContext } from '../context';

export class ColumnarOverOperator extends OverOperator {
  /** The calls on typed columns; null once the operator fell back to the record path. */
  private columnar: ColumnarCall[] | null;
  /** The fused select list's output fields; null when the OVER emits its own records. */
  private readonly projection: ProjectedFields | null;
  readonly takesDeferred: boolean;

  constructor(node: OverNode, shape: ColumnarOverCall[], env: OperatorEnv, downstream: Operator, projection: OverProjection | null = null) {
    super(node, env, downstream);
    this.columnar = shape.map((call) => new ColumnarCall(call));
    this.projection = projection && new ProjectedFields(projection);
    this.takesDeferred = projection !== null;
  }

  /** Whether this operator still runs on typed columns. */
  get isColumnar(): boolean {
    return this.columnar !== null;
  }

  override push(batch: Batch): void {
    const columnar = this.columnar;
    if (columnar === null) return super.push(recordsOf(batch));
    if (isDeferred(batch) && this.pushColumns(batch.length, columnsOf(batch)!, columnar)) return;
    recordsOf(batch);
    let end = batch.length;
    for (const call of columnar) end = call.convert(batch, end);
    for (const call of columnar) call.run(batch, end);
    const out: Batch = [];
    for (let j = 0; j < end; j++) if (this.resultsOf(j, columnar)) out.push(this.output(batch[j]));
    if (end < batch.length) {
      this.fallBack(columnar);
      this.acceptRows(batch, end, out);
    }
    this.finishBatch(out);
  }

  /**
   * Runs the `n` rows of a deferred batch from its typed columns and emits the projected rows;
   * false, changing nothing, when the columns do not hold every call's inputs.
   */
  private pushColumns(n: number, columns: BatchColumns, columnar: ColumnarCall[]): boolean {
    const uniform = columns.uniform;
    const fields = this.projection!.fromColumns.forBatch(columns);
    if (uniform === undefined || fields === null || !columnar.every((call) => call.convertColumns(n, columns))) return false;
    for (const call of columnar) call.run(EMPTY, n, uniform);
    const out: Batch = [];
    const values = this.values;
    const { timestamp, partition, firstOffset } = uniform;
    for (let j = 0; j < n; j++) {
      if (this.resultsOf(j, columnar)) out.push({ fields: fields(j, values), timestamp, eventTime: null, offset: firstOffset + j, partition, key: null, headers: null });
    }
    this.finishBatch(out);
    return true;
  }

  /** Sets `values` to the calls' results for row `j` of the batch run; whether the row is emitted (EMIT ON BUFFER FULL). */
  private resultsOf(j: number, columnar: ColumnarCall[]): boolean {
    const values = this.values;
    let emit = true;
    for (let i = 0; i < columnar.length; i++) {
      const call = columnar[i];
      values[i] = call.results[j];
      if (call.onlyWhenFull && call.full[j] === 0) emit = false;
    }
    return emit;
  }

  /** The fused select list's record of `r`, or the OVER's own. */
  protected override output(r: StreamRecord): StreamRecord {
    const projection = this.projection;
    if (projection === null) return super.output(r);
    const fields = projection.fromRecord(r.fields, this.values);
    return { fields, timestamp: r.timestamp, eventTime: r.eventTime, offset: r.offset, partition: r.partition, key: null, headers: r.headers };
  }

  /** Hands every partition to the record path's partitions. */
  private fallBack(columnar: ColumnarCall[]): void {
    this.columnar = null;
    columnar.forEach((call, i) => call.handOver(this.calls[i], this.ctx));
  }

  protected override finishBatch(out: Batch): void {
    for (const call of this.columnar ?? []) call.forgetIdle();
    super.finishBatch(out);
  }
}

/** A deferred batch's rows are read from its columns only: `run` gets no records. */
const EMPTY: Batch = [];

/** The output fields of a select list fused into the OVER: from an input record, or from typed columns. */
class ProjectedFields {
  readonly fromRecord: (f: Fields, v: Value[]) => Fields;
  readonly fromColumns: ColumnFields<Value[]>;

  constructor(projection: OverProjection) {
    const { fields } = projection;
    // What the select list reads of the OVER record: the input field (absent: NULL) or the call's value.
    this.fromRecord = literalBuilder(
      ['f', 'v'],
      fields.map((f) => [f.name, 'column' in f ? `(${fieldRead('f', f.column)} ?? null)` : `v[${f.call}]`]),
    )!;
    this.fromColumns = new ColumnFields(fields.map((f) => ('column' in f ? f : { name: f.name, read: `x[${f.call}]` })));
  }
}

/** The rows one partition keeps: a ring of at most `capacity` rows, growing on demand. */
class Ring {
  /** Neighbours in last-activity order (expiry forgets the least recently active first). */
  before: Ring | null = null;
  after: Ring | null = null;
  /** The latest time of its rows (expiry). */
  lastTime: number;
  /** Arguments (NaN: NULL), oldest at `head`; never longer than the capacity. */
  values: Float64Array;
  records: (StreamRecord | undefined)[];
  /**
   * Per slot of a row that came without its record (a deferred batch): its time, then per ORDER
   * BY column its value and kind (INTEGER or a scale), `stride` numbers per slot; null until then.
   */
  details: Float64Array | null = null;
  head = 0;
  size = 0;
  /** Rows ever added: the number of the next row. */
  added = 0;
  /** Exact sum and count of the non-NULL arguments kept. */
  sum = 0;
  present = 0;
  /** MIN/MAX: numbers of the candidate rows, each strictly better than every later one. */
  deque = new Float64Array(8);
  dequeHead = 0;
  dequeEnd = 0;

  constructor(
    readonly code: number,
    capacity: number,
    time: number,
  ) {
    this.lastTime = time;
    const size = Math.min(8, capacity);
    this.values = new Float64Array(size);
    this.records = new Array<StreamRecord | undefined>(size);
  }

  /** The ring index of row number `row` (kept). */
  index(row: number): number {
    const i = this.head + (row - (this.added - this.size));
    return i >= this.values.length ? i - this.values.length : i;
  }

  grow(capacity: number): void {
    const size = Math.min(capacity, this.values.length * 2);
    const values = new Float64Array(size);
    const records = new Array<StreamRecord | undefined>(size);
    for (let k = 0; k < this.size; k++) {
      const i = this.index(this.added - this.size + k);
      values[k] = this.values[i];
      records[k] = this.records[i];
    }
    const details = this.details;
    if (details !== null) {
      const stride = details.length / this.values.length;
      const grown = new Float64Array(size * stride);
      for (let k = 0; k < this.size; k++) {
        const i = this.index(this.added - this.size + k) * stride;
        grown.set(details.subarray(i, i + stride), k * stride);
      }
      this.details = grown;
    }
    [this.values, this.records, this.head] = [values, records, 0];
  }

  /** The ring indices of the kept rows, oldest first. */
  *kept(): Iterable<number> {
    for (let k = 0; k < this.size; k++) yield this.index(this.added - this.size + k);
  }

  pushCandidate(row: number): void {
    if (this.dequeEnd === this.deque.length) {
      const kept = this.deque.subarray(this.dequeHead, this.dequeEnd);
      const deque = kept.length * 2 > this.deque.length ? new Float64Array(this.deque.length * 2) : this.deque;
      deque.set(kept);
      [this.deque, this.dequeHead, this.dequeEnd] = [deque, 0, kept.length];
    }
    this.deque[this.dequeEnd++] = row;
  }
}

/** The greatest |argument| a call with buffers of `capacity` rows keeps exact: n + 1 of them sum below 2^53. */
function argumentBound(call: ColumnarOverCall): number {
  return call.kind === 'sum' || call.kind === 'avg' ? Math.floor(Number.MAX_SAFE_INTEGER / (call.capacity + 1)) : Number.MAX_SAFE_INTEGER;
}

/** The largest DECIMAL scale whose 10^scale is an exact double (as decimal.ts divides by it). */
const MAX_EXACT_SCALE = 22;

/** Converts `batch[0…to)` into a call's columns while rows fit; returns the first row that does not. */
type FillRows = (batch: Batch, to: number, call: ColumnarCall) => number;

class ColumnarCall {
  readonly onlyWhenFull: boolean;
  /** Per row of the batch: the call's value, and whether its partition's buffer was full. */
  results: Value[] = [];
  full = new Uint8Array(1024);
  /** The argument's kind: UNSET, INTEGER, or a DECIMAL scale (fixed by its first value). */
  argumentKind = UNSET;
  readonly bound: number;
  readonly dictionary = new Dictionary();
  /** Per row of the batch: the partition's code (−1: NULL) and the argument (NaN: NULL). */
  codes = new Int32Array(1024);
  /** `ownArgs`, or an attached column's array (read only). */
  args: Float64Array;
  ownArgs = new Float64Array(1024);
  private readonly byCode: (Ring | undefined)[] = [];
  private nullPartition: Ring | undefined = undefined;
  /** The partitions, least recently active first. */
  private oldest: Ring | null = null;
  private newest: Ring | null = null;
  /** The latest time seen (expiry). */
  private latestTime = -Infinity;
  private readonly fillRows: FillRows;
  private readonly translation = new KeyTranslation(this.dictionary);
  /** The ORDER BY columns of the deferred batch `convertColumns` took last. */
  private orderVectors: NumberVector[] = [];

  constructor(private readonly shape: ColumnarOverCall) {
    this.onlyWhenFull = shape.onlyWhenFull;
    this.bound = argumentBound(shape);
    this.fillRows = compileFill(shape);
    this.args = this.ownArgs;
  }

  /** Fills the columns for `batch[0…to)` while its rows fit; returns the first row that does not. */
  convert(batch: Batch, to: number): number {
    this.ensureRows(batch.length);
    this.args = this.ownArgs;
    const attached = columnsOf(batch);
    if (to === batch.length && attached !== undefined && this.useAttached(batch.length, attached)) return to;
    return this.fillRows(batch, to, this);
  }

  /**
   * Fills the columns for the `n` rows of a deferred batch from its typed columns; false when they
   * do not hold the call's inputs (then the batch's records are needed).
   */
  convertColumns(n: number, columns: BatchColumns): boolean {
    this.ensureRows(n);
    this.args = this.ownArgs;
    const order: NumberVector[] = [];
    for (const name of this.shape.order) {
      const vector = columns.column(name);
      if (vector?.kind !== 'number') return false;
      order.push(vector);
    }
    if (!this.useAttached(n, columns)) return false;
    this.orderVectors = order;
    return true;
  }

  private ensureRows(n: number): void {
    if (this.codes.length < n) {
      this.codes = new Int32Array(n);
      this.ownArgs = new Float64Array(n);
      this.full = new Uint8Array(n);
    }
  }

  /** Takes the columns attached to the batch when they hold the call's columns exactly. */
  private useAttached(n: number, attached: BatchColumns): boolean {
    const { partition, argument, kind } = this.shape;
    const keys = partition === null ? null : attached.column(partition);
    if (partition !== null && (keys === null || (keys.kind === 'number' && (keys.type !== INTEGER_VECTOR || keys.values.some(isNegativeZero))))) return false;
    const values = argument === null ? null : attached.column(argument);
    if (argument !== null && values === null) return false;
    if (kind === 'count') this.args.fill(0, 0, n);
    else {
      const known = this.argumentKind;
      if (values?.kind !== 'number' || values.type > MAX_EXACT_SCALE || (known !== UNSET && known !== values.type)) return false;
      const bound = this.bound;
      if (values.values.some((x) => x > bound || x < -bound || isNegativeZero(x))) return false;
      this.argumentKind = values.type;
      this.args = values.values;
    }
    const codes = this.codes;
    if (keys === null) codes.fill(0, 0, n);
    else if (keys.kind === 'key') {
      const translate = this.translation.codesOf(keys.dictionary);
      for (let j = 0; j < n; j++) codes[j] = translate[keys.codes[j]];
    } else for (let j = 0; j < n; j++) codes[j] = this.dictionary.codeOfInteger(keys.values[j]);
    return true;
  }

  /**
   * Adds `batch[0…end)` (already converted) to their partitions, setting `results` and `full`;
   * with `uniform`, the rows of a deferred batch (`convertColumns`), whose records are not built.
   */
  run(batch: Batch, end: number, uniform?: UniformRecords): void {
    const { codes, args, results, full, shape } = this;
    const orderVectors = uniform === undefined ? null : this.orderVectors;
    const stride = 1 + 2 * shape.order.length;
    const { capacity, kind } = shape;
    const extreme = kind === 'min' ? -1 : kind === 'max' ? 1 : 0;
    const integer = this.argumentKind === INTEGER;
    const divisor = integer || this.argumentKind === UNSET ? 1 : 10 ** this.argumentKind;
    const expiry = shape.expireAfterMs;
    for (let j = 0; j < end; j++) {
      const time = uniform !== undefined ? uniform.timestamp : expiry === null ? 0 : (batch[j].eventTime ?? batch[j].timestamp);
      const p = expiry === null ? this.partitionOf(codes[j]) : this.activePartition(codes[j], time, expiry);
      const x = kind === 'count' && shape.argument === null ? 0 : args[j];
      // Evict the oldest row when the buffer is full (the record path adds first; exact sums and the deque do not mind).
      if (p.size === p.values.length && p.size < capacity) p.grow(capacity);
      let slot: number;
      if (p.size === capacity) {
        slot = p.head;
        const old = p.values[slot];
        if (old === old) {
          p.sum -= old;
          p.present--;
        }
        if (extreme !== 0 && p.dequeHead < p.dequeEnd && p.deque[p.dequeHead] === p.added - p.size) p.dequeHead++;
        p.head = slot + 1 === p.values.length ? 0 : slot + 1;
      } else {
        const i = p.head + p.size++;
        slot = i >= p.values.length ? i - p.values.length : i;
      }
      p.values[slot] = x;
      p.records[slot] = batch[j];
      if (orderVectors !== null) {
        const details = p.details ?? (p.details = new Float64Array(p.values.length * stride));
        const at = slot * stride;
        details[at] = time;
        for (let m = 0; m < orderVectors.length; m++) {
          details[at + 1 + 2 * m] = orderVectors[m].values[j];
          details[at + 2 + 2 * m] = orderVectors[m].type;
        }
      }
      const row = p.added++;
      if (x === x) {
        p.sum += x;
        p.present++;
        if (extreme !== 0) {
          // A candidate worse than the newcomer can never be the best again; an equal earlier one stays first.
          while (p.dequeEnd > p.dequeHead && worse(p.values[p.index(p.deque[p.dequeEnd - 1])], x, extreme)) p.dequeEnd--;
          p.pushCandidate(row);
        }
      }
      full[j] = p.size >= capacity ? 1 : 0;
      results[j] = this.result(p, integer, divisor);
    }
  }

  private result(p: Ring, integer: boolean, divisor: number): Value {
    switch (this.shape.kind) {
      case 'count':
        return this.shape.argument === null ? p.size : p.present;
      case 'sum':
        return p.present === 0 ? null : integer ? p.sum : new Scaled(p.sum, this.argumentKind);
      case 'avg':
        return p.present === 0 ? null : p.sum / divisor / p.present;
      case 'min':
      case 'max': {
        if (p.dequeHead === p.dequeEnd) return null;
        const v = p.values[p.index(p.deque[p.dequeHead])];
        return integer ? v : new Scaled(v, this.argumentKind);
      }
    }
  }

  private partitionOf(code: number, time = 0): Ring {
    const p = code < 0 ? this.nullPartition : this.byCode[code];
    return p ?? this.newPartition(code, time);
  }

  private newPartition(code: number, time: number): Ring {
    const ring = new Ring(code, this.shape.capacity, time);
    if (code < 0) this.nullPartition = ring;
    else this.byCode[code] = ring;
    this.link(ring);
    return ring;
  }

  /**
   * With expiry, as the record path does: a partition whose previous rows are more than the
   * expiry older than this row starts afresh, and the partition becomes the most recently active.
   */
  private activePartition(code: number, time: number, expiry: number): Ring {
    if (time > this.latestTime) this.latestTime = time;
    let p = this.partitionOf(code, time);
    if (time - p.lastTime > expiry) {
      this.unlink(p);
      p = this.newPartition(code, time);
    } else if (p !== this.newest) {
      this.unlink(p);
      this.link(p);
    }
    if (time > p.lastTime) p.lastTime = time;
    return p;
  }

  /** Forgets the least recently active partitions idle for longer than the expiry, up to the first that is not. */
  forgetIdle(): void {
    const expiry = this.shape.expireAfterMs;
    if (expiry === null) return;
    for (let p = this.oldest; p !== null && this.latestTime - p.lastTime > expiry; p = this.oldest) {
      this.unlink(p);
      if (p.code < 0) this.nullPartition = undefined;
      else this.byCode[p.code] = undefined;
    }
  }

  private link(p: Ring): void {
    p.before = this.newest;
    p.after = null;
    if (this.newest === null) this.oldest = p;
    else this.newest.after = p;
    this.newest = p;
  }

  private unlink(p: Ring): void {
    if (p.before === null) this.oldest = p.after;
    else p.before.after = p.after;
    if (p.after === null) this.newest = p.before;
    else p.after.before = p.before;
  }

  /** Hands the partitions over to the record path's, least recently active first. */
  handOver(partitions: OverPartitions, ctx: RowContext): void {
    for (let p = this.oldest; p !== null; p = p.after) partitions.restore(this.keptRecords(p), p.lastTime, this.latestTime, ctx);
  }

  /** A partition's kept rows, oldest first: their records, or what the record path reads of them. */
  private *keptRecords(p: Ring): Iterable<StreamRecord> {
    for (const i of p.kept()) yield p.records[i] ?? this.rebuilt(p, i);
  }

  /**
   * The fields the record path's partitions read of a row kept without its record (its
   * PARTITION BY, argument and ORDER BY values), in a record of its time: the argument first,
   * so a column it shares with the others holds their (exact) value.
   */
  private rebuilt(p: Ring, i: number): StreamRecord {
    const { argument, partition, order } = this.shape;
    const details = p.details!;
    const stride = 1 + 2 * order.length;
    const fields: Fields = {};
    if (argument !== null) {
      const x = p.values[i];
      const kind = this.argumentKind;
      fields[argument] = x !== x ? null : kind === INTEGER || kind === UNSET ? x : new Scaled(x, kind);
    }
    if (partition !== null) fields[partition] = p.code < 0 ? null : this.dictionary.values[p.code];
    order.forEach((name, m) => {
      const x = details[i * stride + 1 + 2 * m];
      const type = details[i * stride + 2 + 2 * m];
      fields[name] = type === INTEGER_VECTOR ? x : new Scaled(x, type);
    });
    return { fields, timestamp: details[i * stride], eventTime: null, offset: 0, partition: 0, key: null, headers: null };
  }
}

/** Whether MIN (`extreme` −1) or MAX (+1) prefers `x` to `candidate`. */
function worse(candidate: number, x: number, extreme: number): boolean {
  return extreme < 0 ? candidate > x : candidate < x;
}

function isNegativeZero(x: number): boolean {
  return x === 0 && 1 / x < 0;
}

/**
 * The row loop of `convert` from records, generated once per call so every field is read by its
 * literal name. A row stops it when its partition value is not NULL, a String (not starting
 * with U+0001, which the record path's keys escape) or a safe integer other than −0, or when its
 * argument is not NULL or an exact number of the call's kind within its bound.
 */
function compileFill(call: ColumnarOverCall): FillRows {
  const key =
    call.partition === null
      ? 'codes[j] = 0;'
      : `{ const k = ${fieldRead('f', call.partition)};
          if (k === null || k === undefined) codes[j] = -1;
          else if (typeof k === 'string') { if (k.charCodeAt(0) === 1) break; codes[j] = dictionary.codeOf(k); }
          else if (typeof k === 'number' && Number.isSafeInteger(k) && !(k === 0 && 1 / k < 0)) codes[j] = dictionary.codeOfInteger(k);
          else break; }`;
  const argument =
    call.argument === null
      ? ''
      : call.kind === 'count'
        ? `{ const v = ${fieldRead('f', call.argument)}; args[j] = v === null || v === undefined ? NaN : 0; }`
        : `{ const v = ${fieldRead('f', call.argument)}; let x, k;
            if (v === null || v === undefined) x = NaN;
            else {
              if (v instanceof Scaled) { x = v.unscaled; k = v.scale; if (typeof x !== 'number' || k > ${MAX_EXACT_SCALE}) break; }
              else if (typeof v === 'number' && Number.isSafeInteger(v)) { x = v; k = ${INTEGER}; }
              else break;
              if (x > bound || x < -bound || (x === 0 && 1 / x < 0)) break;
              if (k !== kind) { if (kind !== ${UNSET}) break; kind = call.argumentKind = k; }
            }
            args[j] = x; }`;
  const body = `
    const { codes, args, dictionary, bound } = call;
    let kind = call.argumentKind;
    let j = 0;
    for (; j < to; j++) {
      const f = batch[j].fields;
      ${key}
      ${argument}
    }
    return j;`;
  const make = new Function('Scaled', `return function fillOverRows(batch, to, call) {${body}};`);
  return make(Scaled) as FillRows;
}
