/**
 * The groups of one window as struct-of-arrays: group `g` is index `g` of every array (its
 * dictionary code, row count, max window time, one running value per SUM/AVG/MIN/MAX). Nothing
 * is allocated per group beyond those array cells, so a million groups cost tens of bytes each.
 *
 * The per-group numbers live in V8 heap arrays of doubles, not `Float64Array`s: growing a
 * million-group table allocates ~100 MB, and ArrayBuffer memory counts as "external" to V8,
 * which starts a full marking of the whole heap for every 64 MB of it — in a process that holds
 * a large heap (a notebook's data, the decoded input) that marking costs more than the rows.
 * Heap arrays of doubles hold no pointers (cheap to mark) and count towards the ordinary heap
 * limits. Codes stay in `Int32Array`s (a fifth of the bytes).
 *
 * Every running value is an exact integer: a SUM is the unscaled total at its column's kind
 * (INTEGER or a scale), which is what the record path's flat slots hold (aggregation/slots.ts);
 * `add` (generated per aggregate list) refuses a row whose total would pass 2^53 (it then
 * needs a bigint) before changing anything, so the caller can hand that row to the record path with the state exactly as it was.
 * `toGroup` builds the record path's `Group` from a group's cells: slot for slot what
 * the record path would hold after the same rows, so results and later rows are the same.
 */
import type { ColumnarAggregate, ColumnarShape } from '../../plan/columnar';
import type { Batch } from '../../types/record';
import { recordsOf } from '../../types/columns';
import { Scaled, type Value } from '../../types/values/types';
import { POW10, scaledToNumber } from '../../types/values/decimal';
import type { Accumulator } from '../../types/functions/types';
import type { Moments } from '../../types/functions/statistics';
import { Group, type AggregateEmitter, type GroupKey } from '../aggregation/groups';
import { EMPTY_TOTAL, INTEGER_TOTAL, type Slots } from '../aggregation/slots';
import { Columnizer, INTEGER, type Dictionary, type NumberColumn } from './batch';

/** One aggregate call bound to the columns it reads. */
export interface BoundAggregate {
  kind: ColumnarAggregate['kind'];
  /** The argument column (the left factor of a product); null for COUNT(*) and a COUNT of a non-numeric column. */
  a: NumberColumn | null;
  /** The right factor of a product. */
  b: NumberColumn | null;
  /** For moments: the catalogue's accumulator, which finishes them (STDDEV, VARIANCE, …). */
  create: (() => Accumulator) | null;
}

const MAX = Number.MAX_SAFE_INTEGER;
const ABSENT = -1;

export class GroupTable {
  size = 0;
  /** Dictionary code → group index, ABSENT when the code has no group in this window. */
  private groupOfCode: Int32Array;
  private codes: Int32Array;
  private rows: number[];
  private maxTime: number[];
  /** Indices given back by `release`, reused by `openGroup`. */
  private readonly released: number[] = [];
  /**
   * One running value per aggregate: a SUM's total (NaN while it has no non-NULL value), a
   * MIN/MAX (±Infinity while none), a COUNT of a numeric column's non-NULL values; COUNT(*)
   * reads `rows`, so it has an empty one.
   */
  private readonly values: number[][];
  /** AVG's and the moments' count of non-NULL values (empty for the other aggregates); a moments' running mean is its value. */
  private readonly counts: number[][];
  /** The moments' sum of squared deviations from the mean (empty for the other aggregates). */
  private readonly spreads: number[][];
  private readonly aggregates: BoundAggregate[];
  private readonly addRow: AddRow;
  /** The GROUP BY values of the group being emitted. */
  private readonly keys: Value[] = [null];

  constructor(layout: TableLayout, codeCapacity: number) {
    this.aggregates = layout.aggregates;
    this.addRow = layout.addRow;
    const capacity = 16;
    this.groupOfCode = new Int32Array(Math.max(codeCapacity, 16)).fill(ABSENT);
    this.codes = new Int32Array(capacity);
    this.rows = doubles(capacity);
    this.maxTime = doubles(capacity);
    this.values = this.aggregates.map((a) => doubles(hasValue(a) ? capacity : 0));
    this.counts = this.aggregates.map((a) => doubles(counted(a) ? capacity : 0));
    this.spreads = this.aggregates.map((a) => doubles(a.kind === 'moments' ? capacity : 0));
  }

  /** The group of dictionary code `code`, created when new (then `created` is true until the next call). */
  groupOf(code: number): number {
    if (code >= this.groupOfCode.length) this.groupOfCode = grown(this.groupOfCode, code + 1, ABSENT);
    const g = this.groupOfCode[code];
    if (g !== ABSENT) return g;
    return this.newGroup(code);
  }

  private newGroup(code: number): number {
    const g = this.openGroup(code);
    this.groupOfCode[code] = g;
    return g;
  }

  /**
   * A new empty group of dictionary code `code` outside the code → group map (a key can have
   * several sessions), at an index given back by `release` when there is one.
   */
  openGroup(code: number): number {
    const g = this.released.length > 0 ? this.released.pop()! : this.size++;
    if (g === this.codes.length) this.grow();
    this.codes[g] = code;
    this.rows[g] = 0;
    this.maxTime[g] = -Infinity;
    for (let k = 0; k < this.aggregates.length; k++) {
      const a = this.aggregates[k];
      if (hasValue(a)) this.values[k][g] = a.kind === 'min' ? Infinity : a.kind === 'max' ? -Infinity : a.kind === 'count' || a.kind === 'moments' ? 0 : NaN;
      if (counted(a)) this.counts[k][g] = 0;
      if (a.kind === 'moments') this.spreads[k][g] = 0;
    }
    return g;
  }

  /** Gives group `g` (from `openGroup`, no longer used) back for reuse. */
  release(g: number): void {
    this.released.push(g);
  }

  /**
   * Whether merging the first `n` groups of `gs` and adding row `j` keeps every total exact at
   * every step, bounded by the sum of magnitudes (so `merge` and `add` cannot fail after it).
   */
  canCombine(gs: readonly number[], n: number, j: number): boolean {
    for (let k = 0; k < this.aggregates.length; k++) {
      const { kind, a, b } = this.aggregates[k];
      if (kind === 'count' || kind === 'min' || kind === 'max' || kind === 'moments') continue;
      let bound = Math.abs(kind === 'sumProduct' ? a!.values[j] * b!.values[j] : a!.values[j]);
      for (let i = 0; i < n; i++) {
        const total = this.values[k][gs[i]];
        if (total === total) bound += Math.abs(total); // NaN: no non-NULL value yet
      }
      if (!(bound <= MAX)) return false;
    }
    return true;
  }

  /** Adds group `from`'s rows into group `into` (a record bridged two sessions); see `canCombine`. */
  merge(into: number, from: number): void {
    this.mergeFrom(into, this, from);
  }

  /**
   * Adds group `from` of `source` (a table of the same layout: a sliding window's pane) into
   * group `into`; false, changing nothing, when a total would not stay an exact double.
   */
  mergeFrom(into: number, source: GroupTable, from: number): boolean {
    for (let k = 0; k < this.aggregates.length; k++) {
      const kind = this.aggregates[k].kind;
      if (kind !== 'sum' && kind !== 'avg' && kind !== 'sumProduct') continue;
      const total = this.values[k][into] + source.values[k][from]; // NaN when either has no value: nothing to check
      if (total > MAX || total < -MAX) return false;
    }
    this.rows[into] += source.rows[from];
    if (source.maxTime[from] > this.maxTime[into]) this.maxTime[into] = source.maxTime[from];
    for (let k = 0; k < this.aggregates.length; k++) {
      const a = this.aggregates[k];
      if (!hasValue(a)) continue;
      if (a.kind === 'moments') {
        this.mergeMoments(k, into, source, from);
        continue;
      }
      const values = this.values[k];
      const added = source.values[k][from];
      if (a.kind === 'min') values[into] = added < values[into] ? added : values[into];
      else if (a.kind === 'max') values[into] = added > values[into] ? added : values[into];
      else if (a.kind === 'count') values[into] += added;
      // A total is NaN while its group has no non-NULL value.
      else if (added === added) values[into] = values[into] === values[into] ? values[into] + added : added;
      if (a.kind === 'avg') this.counts[k][into] += source.counts[k][from];
    }
    return true;
  }

  /** Moments.merge (types/functions/statistics.ts), operation for operation, so results are bit-identical. */
  private mergeMoments(k: number, into: number, source: GroupTable, from: number): void {
    const added = source.counts[k][from];
    if (added === 0) return;
    const counts = this.counts[k];
    const means = this.values[k];
    const had = counts[into];
    const n = had + added;
    const d = source.values[k][from] - means[into];
    this.spreads[k][into] += source.spreads[k][from] + (d * d * had * added) / n;
    means[into] += (d * added) / n;
    counts[into] = n;
  }

  /** Group `g`'s moments of aggregate `k` in the catalogue's accumulator (which finishes them). */
  private moments(k: number, g: number): Moments {
    const m = this.aggregates[k].create!() as Moments;
    m.n = this.counts[k][g];
    m.mean = this.values[k][g];
    m.m2 = this.spreads[k][g];
    return m;
  }

  /** The dictionary code of group `g`. */
  codeOf(g: number): number {
    return this.codes[g];
  }

  /** The group of dictionary code `code`, or -1 when it has none here. */
  groupIndexOf(code: number): number {
    return code < this.groupOfCode.length ? this.groupOfCode[code] : ABSENT;
  }

  private grow(): void {
    const n = this.codes.length * 2;
    this.codes = grown(this.codes, n, 0);
    this.rows = doubled(this.rows);
    this.maxTime = doubled(this.maxTime);
    for (let k = 0; k < this.values.length; k++) {
      if (hasValue(this.aggregates[k])) this.values[k] = doubled(this.values[k]);
      if (counted(this.aggregates[k])) this.counts[k] = doubled(this.counts[k]);
      if (this.aggregates[k].kind === 'moments') this.spreads[k] = doubled(this.spreads[k]);
    }
  }

  /**
   * Adds row `j` of the columns to group `g` with window time `t`; false (and nothing changed)
   * when a total or product would not be an exact double.
   */
  add(g: number, j: number, t: number): boolean {
    if (!this.addRow(this.values, this.counts, this.spreads, g, j)) return false;
    this.rows[g]++;
    if (t > this.maxTime[g]) this.maxTime[g] = t;
    return true;
  }

  /** Every group as the record path's `Group`, into its map by its key (falling back to the record path). */
  moveInto(groups: Map<GroupKey, Group>, dictionary: Dictionary): void {
    for (let g = 0; g < this.size; g++) {
      const group = this.toGroup(g, dictionary);
      groups.set(group.key as GroupKey, group);
    }
  }

  /**
   * Candidate emission of group `g` through the record path's emitter (HAVING, select list),
   * straight from the cells: no `Group` or slots are built for it.
   */
  emit(g: number, dictionary: Dictionary, emitter: AggregateEmitter, windowStart: number | null, windowEnd: number | null): void {
    this.results(g, emitter.results);
    this.keys[0] = dictionary.values[this.codes[g]];
    // Columnar rows carry no headers, and the select list reads no ungrouped column (plan/columnar.ts).
    emitter.emitResults(this.keys, null, null, this.maxTime[g], windowStart, windowEnd);
  }

  /** Group `g`'s aggregate values: what `Grouping.results` gives for the `Group` that `toGroup` builds. */
  private results(g: number, out: Value[]): void {
    const rows = this.rows[g];
    const aggregates = this.aggregates;
    for (let k = 0; k < aggregates.length; k++) {
      const a = aggregates[k];
      const v = hasValue(a) ? this.values[k][g] : 0;
      switch (a.kind) {
        case 'count':
          out[k] = a.a === null ? rows : v;
          break;
        case 'sum':
        case 'min':
        case 'max':
          out[k] = v !== v || v === Infinity || v === -Infinity ? null : valueOf(v, a.a!.kind);
          break;
        case 'sumProduct':
          out[k] = v !== v ? null : valueOf(v, a.a!.kind === INTEGER ? INTEGER : a.a!.kind + a.b!.kind);
          break;
        case 'avg': {
          const kind = a.a!.kind;
          const count = this.counts[k][g];
          out[k] = count === 0 ? null : (kind === INTEGER ? v : scaledToNumber(new Scaled(v, kind))) / count;
          break;
        }
        case 'moments':
          out[k] = this.moments(k, g).result();
          break;
      }
    }
  }

  /** Group `g` as the record path's Group (its slots laid out as aggregation/slots.ts lays them). */
  toGroup(g: number, dictionary: Dictionary): Group {
    const slots: Slots = [];
    const rows = this.rows[g];
    for (let k = 0; k < this.aggregates.length; k++) {
      const a = this.aggregates[k];
      const v = hasValue(a) ? this.values[k][g] : 0;
      // A SUM or AVG without a non-NULL value yet is EMPTY; a MIN/MAX without one is NULL.
      const empty = v !== v;
      switch (a.kind) {
        case 'count':
          slots.push(a.a === null ? rows : v);
          break;
        case 'sum':
          slots.push(empty ? 0 : v, empty ? EMPTY_TOTAL : totalState(a.a!.kind));
          break;
        case 'avg':
          slots.push(empty ? 0 : v, empty ? EMPTY_TOTAL : totalState(a.a!.kind), this.counts[k][g]);
          break;
        case 'sumProduct':
          slots.push(empty ? 0 : v, empty ? EMPTY_TOTAL : a.a!.kind === INTEGER ? INTEGER_TOTAL : a.a!.kind + a.b!.kind);
          break;
        case 'min':
        case 'max':
          slots.push(v === Infinity || v === -Infinity ? null : valueOf(v, a.a!.kind));
          break;
        case 'moments':
          slots.push(this.moments(k, g));
          break;
      }
    }
    const group = new Group(dictionary.values[this.codes[g]], slots);
    group.maxEventTime = this.maxTime[g];
    return group;
  }
}

/** The row-converting and aggregating parts a columnar operator needs for its shape. */
export function columnarParts(shape: ColumnarShape): { columnizer: Columnizer; layout: TableLayout } {
  const columnizer = new Columnizer(shape);
  const aggregates = shape.aggregates.map((a) => ({
    kind: a.kind,
    a: a.columns.length === 0 ? null : columnizer.column(a.columns[0]),
    b: a.kind === 'sumProduct' ? columnizer.column(a.columns[1]) : null,
    create: a.kind === 'moments' ? a.create : null,
  }));
  return { columnizer, layout: tableLayout(aggregates) };
}

/**
 * What a columnar aggregate leaves of `batch` to the record path: nothing (null) when its columns
 * took every row — the rows the columns hold, then as many as `addRows` adds — or else, once
 * `fallBack` has handed its state over, the records from the first row they did not take.
 */
export function columnarRest(
  columnizer: Columnizer,
  layout: TableLayout,
  batch: Batch,
  addRows: (batch: Batch, n: number) => number,
  fallBack: () => void,
): Batch | null {
  const n = columnizer.fill(batch, 0);
  const i = n > 0 && !productKindsMatch(layout) ? 0 : addRows(batch, n);
  if (i === batch.length) return null;
  fallBack();
  const records = recordsOf(batch);
  return i === 0 ? records : records.slice(i);
}

/** SUM(a * b) runs columnar when both factors are Integers or both DECIMALs (their product's kind is then fixed). */
function productKindsMatch(layout: TableLayout): boolean {
  return layout.aggregates.every((a) => a.kind !== 'sumProduct' || (a.a!.kind === INTEGER) === (a.b!.kind === INTEGER));
}

/** Adds row `j` to group `g`'s running values (and counts, spreads); false, changing nothing, when a result is not exact. */
type AddRow = (values: number[][], counts: number[][], spreads: number[][], g: number, j: number) => boolean;

/** What every table of one operator shares: its aggregates and their row function. */
export interface TableLayout {
  aggregates: BoundAggregate[];
  addRow: AddRow;
}

function tableLayout(aggregates: BoundAggregate[]): TableLayout {
  return { aggregates, addRow: compileAddRow(aggregates) };
}

/**
 * The add function of an aggregate list, generated once per operator: one straight line per
 * aggregate. A NULL argument (validity 1, value 0) leaves its aggregate as it was, as the record
 * path skips it; a total starts from NaN ("no value yet") so an all-NULL group stays NULL.
 */
function compileAddRow(aggregates: BoundAggregate[]): AddRow {
  // Every result is computed and checked before any is stored, so a refused row changes nothing.
  const compute: string[] = [];
  const store: string[] = [];
  aggregates.forEach((a, k) => {
    const arg = `a${k}.values[j]`;
    const isNull = `a${k}.isNull[j] === 1`;
    const plus = (x: string) => `const m${k} = values[${k}][g]; const s${k} = n${k} ? m${k} : (m${k} !== m${k} ? 0 : m${k}) + ${x};`;
    switch (a.kind) {
      case 'count':
        if (a.a === null) return;
        compute.push(`const s${k} = values[${k}][g] + (${isNull} ? 0 : 1);`);
        break;
      case 'sum':
      case 'avg':
        compute.push(`const n${k} = ${isNull}; ${plus(arg)} if (s${k} > MAX || s${k} < -MAX) return false;`);
        if (a.kind === 'avg') store.push(`if (!n${k}) counts[${k}][g]++;`);
        break;
      case 'sumProduct':
        // A NULL factor's value is 0, so its product is 0 and passes the check.
        compute.push(`const n${k} = ${isNull} || b${k}.isNull[j] === 1; const p${k} = ${arg} * b${k}.values[j]; ${plus(`p${k}`)}
          if (p${k} > MAX || p${k} < -MAX || s${k} > MAX || s${k} < -MAX) return false;`);
        break;
      case 'min':
      case 'max':
        compute.push(`const v${k} = ${arg}; const m${k} = values[${k}][g]; const s${k} = ${isNull} || !(v${k} ${a.kind === 'min' ? '<' : '>'} m${k}) ? m${k} : v${k};`);
        break;
      case 'moments':
        // Moments.add (types/functions/statistics.ts) on the value numericValue gives, operation for operation.
        store.push(`if (!(${isNull})) {
          const kind${k} = a${k}.kind;
          const x${k} = kind${k} === INTEGER ? ${arg} : kind${k} < POW10.length ? ${arg} / POW10[kind${k}] : toNumber(${arg}, kind${k});
          const n${k} = counts[${k}][g] + 1; counts[${k}][g] = n${k};
          const d${k} = x${k} - values[${k}][g];
          values[${k}][g] += d${k} / n${k};
          spreads[${k}][g] += d${k} * (x${k} - values[${k}][g]);
        }`);
        return;
    }
    store.push(`values[${k}][g] = s${k};`);
  });
  const params = aggregates.flatMap((_, k) => [`a${k}`, `b${k}`]);
  const make = new Function('MAX', 'INTEGER', 'POW10', 'toNumber', ...params, `return function addRow(values, counts, spreads, g, j) { ${compute.join('\n')} ${store.join(' ')} return true; };`);
  const toNumber = (unscaled: number, scale: number) => scaledToNumber(new Scaled(unscaled, scale));
  return make(MAX, INTEGER, POW10, toNumber, ...aggregates.flatMap((a) => [a.a, a.b])) as AddRow;
}

/** Whether an aggregate keeps a count of its non-NULL values per group. */
function counted(a: BoundAggregate): boolean {
  return a.kind === 'avg' || a.kind === 'moments';
}

/** Whether an aggregate keeps a running value per group (all but COUNT(*) and COUNT of a non-numeric column). */
function hasValue(a: BoundAggregate): boolean {
  return a.kind !== 'count' || a.a !== null;
}

/** The state slot of an exact SUM over a column of this kind. */
function totalState(kind: number): number {
  return kind === INTEGER ? INTEGER_TOTAL : kind;
}

function valueOf(x: number, kind: number): Value {
  return kind === INTEGER ? x : new Scaled(x, kind);
}

/**
 * `n` cells of a heap array of doubles (every cell is set before it is read). Filled with NaN so
 * V8 holds it as doubles from the start, with no conversion when the first total is stored.
 */
function doubles(n: number): number[] {
  return new Array<number>(n).fill(NaN);
}

/**
 * `array` twice as long: the new cells repeat the old ones (every cell is set by `openGroup`
 * before it is read), so growing is one copy of doubles, with no fill.
 */
function doubled(array: number[]): number[] {
  return array.concat(array);
}

/** A copy of `array` with room for at least `length` (at least twice as many), new cells `fill`ed. */
export function grown<A extends Int32Array | Float64Array | Uint8Array>(array: A, length: number, fill: number): A {
  const bigger = new (array.constructor as new (n: number) => A)(Math.max(length, array.length * 2));
  bigger.set(array);
  bigger.fill(fill, array.length);
  return bigger;
}
