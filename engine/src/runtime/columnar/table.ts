/**
 * The groups of one window as struct-of-arrays: group `g` is index `g` of every array (its
 * key code, row count, max window time, one running value per aggregate). Nothing
 * is allocated per group beyond those array cells, so a million groups cost tens of bytes each.
 *
 * The per-group numbers live in pages of heap arrays of doubles (group-numbers.ts); codes stay
 * in `Int32Array`s (a fifth of the bytes).
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
import { Columnizer, INTEGER, type NumberColumn } from './batch';
import type { GroupKeys } from './group-keys';
import { GroupNumbers } from './group-numbers';
import type { OperatorEnv } from '../operators/operator';

/** One aggregate call bound to the columns it reads. */
export interface BoundAggregate {
  kind: ColumnarAggregate['kind'];
  /** The argument column (the left factor of a product); null for COUNT(*) and a COUNT of a non-numeric column. */
  a: NumberColumn | null;
  /** The right factor of a product. */
  b: NumberColumn | null;
  /** For moments, FIRST_VALUE and LAST_VALUE: the catalogue's accumulator (finishing moments, holding a value on fallback). */
  create: (() => Accumulator) | null;
}

const MAX = Number.MAX_SAFE_INTEGER;
const ABSENT = -1;

export class GroupTable {
  size = 0;
  /** Key code (group-keys.ts) → group index, ABSENT when the code has no group in this window. */
  private groupOfCode: Int32Array;
  private codes: Int32Array;
  private readonly rows = new GroupNumbers();
  private readonly maxTime = new GroupNumbers();
  /** Indices given back by `release`, reused by `openGroup`. */
  private readonly released: number[] = [];
  /**
   * One running value per aggregate: a SUM's total or a FIRST/LAST value (NaN while it has no
   * non-NULL value), a MIN/MAX (±Infinity while none), a COUNT of a numeric column's non-NULL
   * values; COUNT(*) reads `rows`, so it has an empty one.
   */
  private readonly values: GroupNumbers[];
  /** AVG's and the moments' count of non-NULL values (empty for the other aggregates); a moments' running mean is its value. */
  private readonly counts: GroupNumbers[];
  /** The moments' sum of squared deviations from the mean (empty for the other aggregates). */
  private readonly spreads: GroupNumbers[];
  private readonly aggregates: BoundAggregate[];
  private readonly addRow: AddRow;
  private readonly resultsOf: Results;

  constructor(layout: TableLayout, codeCapacity: number) {
    this.aggregates = layout.aggregates;
    this.addRow = layout.addRow;
    this.resultsOf = layout.results;
    this.groupOfCode = new Int32Array(Math.max(codeCapacity, 16)).fill(ABSENT);
    this.codes = new Int32Array(16);
    // Every aggregate has its three columns so `k` indexes them all; only those it uses grow.
    this.values = this.aggregates.map(() => new GroupNumbers());
    this.counts = this.aggregates.map(() => new GroupNumbers());
    this.spreads = this.aggregates.map(() => new GroupNumbers());
  }

  /** The group of key code `code`, created when new. */
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
    this.rows.set(g, 0);
    this.maxTime.set(g, -Infinity);
    for (let k = 0; k < this.aggregates.length; k++) {
      const a = this.aggregates[k];
      if (hasValue(a)) this.values[k].set(g, a.kind === 'min' ? Infinity : a.kind === 'max' ? -Infinity : a.kind === 'count' || a.kind === 'moments' ? 0 : NaN);
      if (counted(a)) this.counts[k].set(g, 0);
      if (a.kind === 'moments') this.spreads[k].set(g, 0);
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
      if (kind !== 'sum' && kind !== 'avg' && kind !== 'sumProduct') continue;
      let bound = Math.abs(kind === 'sumProduct' ? a!.values[j] * b!.values[j] : a!.values[j]);
      for (let i = 0; i < n; i++) {
        const total = this.values[k].get(gs[i]);
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
      const total = this.values[k].get(into) + source.values[k].get(from); // NaN when either has no value: nothing to check
      if (total > MAX || total < -MAX) return false;
    }
    this.rows.set(into, this.rows.get(into) + source.rows.get(from));
    if (source.maxTime.get(from) > this.maxTime.get(into)) this.maxTime.set(into, source.maxTime.get(from));
    for (let k = 0; k < this.aggregates.length; k++) {
      const a = this.aggregates[k];
      if (!hasValue(a)) continue;
      if (a.kind === 'moments') {
        this.mergeMoments(k, into, source, from);
        continue;
      }
      const values = this.values[k];
      const had = values.get(into);
      const added = source.values[k].get(from);
      if (a.kind === 'min') values.set(into, added < had ? added : had);
      else if (a.kind === 'max') values.set(into, added > had ? added : had);
      else if (a.kind === 'count') values.set(into, had + added);
      // As the catalogue's FIRST_VALUE/LAST_VALUE merge: `from`'s rows come after `into`'s.
      else if (a.kind === 'first') values.set(into, had === had ? had : added);
      else if (a.kind === 'last') values.set(into, added === added ? added : had);
      // A total is NaN while its group has no non-NULL value.
      else if (added === added) values.set(into, had === had ? had + added : added);
      if (a.kind === 'avg') this.counts[k].set(into, this.counts[k].get(into) + source.counts[k].get(from));
    }
    return true;
  }

  /** Moments.merge (types/functions/statistics.ts), operation for operation, so results are bit-identical. */
  private mergeMoments(k: number, into: number, source: GroupTable, from: number): void {
    const added = source.counts[k].get(from);
    if (added === 0) return;
    const counts = this.counts[k];
    const means = this.values[k];
    const spreads = this.spreads[k];
    const had = counts.get(into);
    const n = had + added;
    const d = source.values[k].get(from) - means.get(into);
    spreads.set(into, spreads.get(into) + (source.spreads[k].get(from) + (d * d * had * added) / n));
    means.set(into, means.get(into) + (d * added) / n);
    counts.set(into, n);
  }

  /** Group `g`'s moments of aggregate `k` in the catalogue's accumulator (which finishes them). */
  private moments(k: number, g: number): Moments {
    const m = this.aggregates[k].create!() as Moments;
    m.n = this.counts[k].get(g);
    m.mean = this.values[k].get(g);
    m.m2 = this.spreads[k].get(g);
    return m;
  }

  /** The key code of group `g`. */
  codeOf(g: number): number {
    return this.codes[g];
  }

  /** The group of dictionary code `code`, or -1 when it has none here. */
  groupIndexOf(code: number): number {
    return code < this.groupOfCode.length ? this.groupOfCode[code] : ABSENT;
  }

  private grow(): void {
    this.codes = grown(this.codes, this.codes.length * 2, 0);
    const n = this.codes.length;
    this.rows.reserve(n);
    this.maxTime.reserve(n);
    for (let k = 0; k < this.aggregates.length; k++) {
      const a = this.aggregates[k];
      if (hasValue(a)) this.values[k].reserve(n);
      if (counted(a)) this.counts[k].reserve(n);
      if (a.kind === 'moments') this.spreads[k].reserve(n);
    }
  }

  /**
   * Adds row `j` of the columns to group `g` with window time `t`; false (and nothing changed)
   * when a total or product would not be an exact double.
   */
  add(g: number, j: number, t: number): boolean {
    if (!this.addRow(this.values, this.counts, this.spreads, g, j)) return false;
    this.rows.set(g, this.rows.get(g) + 1);
    if (t > this.maxTime.get(g)) this.maxTime.set(g, t);
    return true;
  }

  /** Every group as the record path's `Group`, into its map by its key (falling back to the record path). */
  moveInto(groups: Map<GroupKey, Group>, keys: GroupKeys): void {
    for (let g = 0; g < this.size; g++) groups.set(keys.groupKey(this.codes[g]), this.toGroup(g, keys));
  }

  /**
   * Candidate emission of group `g` through the record path's emitter (HAVING, select list),
   * straight from the cells: no `Group` or slots are built for it.
   */
  emit(g: number, keys: GroupKeys, emitter: AggregateEmitter, windowStart: number | null, windowEnd: number | null): void {
    this.results(g, emitter.results);
    // Columnar rows carry no headers, and the select list reads no ungrouped column (plan/columnar.ts).
    emitter.emitResults(keys.keysOf(this.codes[g]), null, null, this.maxTime.get(g), windowStart, windowEnd);
  }

  /** Group `g`'s aggregate values: what `Grouping.results` gives for the `Group` that `toGroup` builds. */
  private results(g: number, out: Value[]): void {
    this.resultsOf(this, this.rows, this.values, this.counts, g, out);
  }

  /** The STDDEV/VARIANCE result of aggregate `k` (a moments one) for group `g`. */
  momentsResult(k: number, g: number): Value {
    return this.moments(k, g).result();
  }

  /** Group `g` as the record path's Group (its slots laid out as aggregation/slots.ts lays them). */
  toGroup(g: number, keys: GroupKeys): Group {
    const slots: Slots = [];
    const rows = this.rows.get(g);
    for (let k = 0; k < this.aggregates.length; k++) {
      const a = this.aggregates[k];
      const v = hasValue(a) ? this.values[k].get(g) : 0;
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
          slots.push(empty ? 0 : v, empty ? EMPTY_TOTAL : totalState(a.a!.kind), this.counts[k].get(g));
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
        case 'first':
        case 'last': {
          const accumulator = a.create!();
          if (!empty) accumulator.add([valueOf(v, a.a!.kind)]);
          slots.push(accumulator);
          break;
        }
      }
    }
    const group = new Group(keys.groupValue(this.codes[g]), slots);
    group.maxEventTime = this.maxTime.get(g);
    return group;
  }
}

/** The row-converting and aggregating parts a columnar operator needs for its shape. */
export function columnarParts(shape: ColumnarShape, env: OperatorEnv): { columnizer: Columnizer; layout: TableLayout } {
  const columnizer = new Columnizer(shape, env);
  const aggregates = shape.aggregates.map((a) => ({
    kind: a.kind,
    a: a.columns.length === 0 ? null : columnizer.column(a.columns[0]),
    b: a.kind === 'sumProduct' ? columnizer.column(a.columns[1]) : null,
    create: 'create' in a ? a.create : null,
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
type AddRow = (values: GroupNumbers[], counts: GroupNumbers[], spreads: GroupNumbers[], g: number, j: number) => boolean;

/** Writes group `g`'s aggregate values into `out`, in the order of the aggregates. */
type Results = (table: GroupTable, rows: GroupNumbers, values: GroupNumbers[], counts: GroupNumbers[], g: number, out: Value[]) => void;

/** What every table of one operator shares: its aggregates and their generated row and result functions. */
export interface TableLayout {
  aggregates: BoundAggregate[];
  addRow: AddRow;
  results: Results;
}

function tableLayout(aggregates: BoundAggregate[]): TableLayout {
  return { aggregates, addRow: compileAddRow(aggregates), results: compileResults(aggregates) };
}

/**
 * The results function of an aggregate list, generated once per operator as `compileAddRow` is:
 * one straight line per aggregate, reading its column's kind (known from the first value) at the
 * time of the call. A SUM, MIN or MAX without a non-NULL value (NaN, ±Infinity) is NULL, as is
 * an AVG of no values; an AVG of decimals divides the total as `scaledToNumber` converts it.
 */
function compileResults(aggregates: BoundAggregate[]): Results {
  const lines = aggregates.map((a, k) => {
    const v = `const v${k} = values[${k}].get(g);`;
    switch (a.kind) {
      case 'count':
        return a.a === null ? `out[${k}] = rows.get(g);` : `out[${k}] = values[${k}].get(g);`;
      case 'sum':
      case 'min':
      case 'max':
      case 'first':
      case 'last':
        return `${v} out[${k}] = v${k} !== v${k} || v${k} === Infinity || v${k} === -Infinity ? null : valueOf(v${k}, a${k}.kind);`;
      case 'sumProduct':
        return `${v} out[${k}] = v${k} !== v${k} ? null : valueOf(v${k}, a${k}.kind === INTEGER ? INTEGER : a${k}.kind + b${k}.kind);`;
      case 'avg':
        return `${v} const c${k} = counts[${k}].get(g); const kind${k} = a${k}.kind;
          out[${k}] = c${k} === 0 ? null : (kind${k} === INTEGER ? v${k} : kind${k} < POW10.length ? v${k} / POW10[kind${k}] : toNumber(v${k}, kind${k})) / c${k};`;
      case 'moments':
        return `out[${k}] = table.momentsResult(${k}, g);`;
    }
  });
  const make = new Function('INTEGER', 'POW10', 'toNumber', 'valueOf', ...columnParams(aggregates), `return function results(table, rows, values, counts, g, out) { ${lines.join('\n')} };`);
  return make(INTEGER, POW10, unscaledToNumber, valueOf, ...columnArgs(aggregates)) as Results;
}

/** The generated functions' names for each aggregate's columns (`a0`, `b0`, …) and their values. */
function columnParams(aggregates: BoundAggregate[]): string[] {
  return aggregates.flatMap((_, k) => [`a${k}`, `b${k}`]);
}

function columnArgs(aggregates: BoundAggregate[]): (NumberColumn | null)[] {
  return aggregates.flatMap((a) => [a.a, a.b]);
}

/** A decimal's unscaled total as `scaledToNumber` converts it (exactly rounded at any scale). */
function unscaledToNumber(unscaled: number, scale: number): number {
  return scaledToNumber(new Scaled(unscaled, scale));
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
    const plus = (x: string) => `const m${k} = values[${k}].get(g); const s${k} = n${k} ? m${k} : (m${k} !== m${k} ? 0 : m${k}) + ${x};`;
    switch (a.kind) {
      case 'count':
        if (a.a === null) return;
        compute.push(`const s${k} = values[${k}].get(g) + (${isNull} ? 0 : 1);`);
        break;
      case 'sum':
      case 'avg':
        compute.push(`const n${k} = ${isNull}; ${plus(arg)} if (s${k} > MAX || s${k} < -MAX) return false;`);
        if (a.kind === 'avg') store.push(`if (!n${k}) counts[${k}].set(g, counts[${k}].get(g) + 1);`);
        break;
      case 'sumProduct':
        // A NULL factor's value is 0, so its product is 0 and passes the check.
        compute.push(`const n${k} = ${isNull} || b${k}.isNull[j] === 1; const p${k} = ${arg} * b${k}.values[j]; ${plus(`p${k}`)}
          if (p${k} > MAX || p${k} < -MAX || s${k} > MAX || s${k} < -MAX) return false;`);
        break;
      case 'first':
        compute.push(`const m${k} = values[${k}].get(g); const s${k} = ${isNull} || m${k} === m${k} ? m${k} : ${arg};`);
        break;
      case 'last':
        compute.push(`const s${k} = ${isNull} ? values[${k}].get(g) : ${arg};`);
        break;
      case 'min':
      case 'max':
        compute.push(`const v${k} = ${arg}; const m${k} = values[${k}].get(g); const s${k} = ${isNull} || !(v${k} ${a.kind === 'min' ? '<' : '>'} m${k}) ? m${k} : v${k};`);
        break;
      case 'moments':
        // Moments.add (types/functions/statistics.ts) on the value numericValue gives, operation for operation.
        store.push(`if (!(${isNull})) {
          const kind${k} = a${k}.kind;
          const x${k} = kind${k} === INTEGER ? ${arg} : kind${k} < POW10.length ? ${arg} / POW10[kind${k}] : toNumber(${arg}, kind${k});
          const n${k} = counts[${k}].get(g) + 1; counts[${k}].set(g, n${k});
          const d${k} = x${k} - values[${k}].get(g);
          const mean${k} = values[${k}].get(g) + d${k} / n${k}; values[${k}].set(g, mean${k});
          spreads[${k}].set(g, spreads[${k}].get(g) + d${k} * (x${k} - mean${k}));
        }`);
        return;
    }
    store.push(`values[${k}].set(g, s${k});`);
  });
  const make = new Function('MAX', 'INTEGER', 'POW10', 'toNumber', ...columnParams(aggregates), `return function addRow(values, counts, spreads, g, j) { ${compute.join('\n')} ${store.join(' ')} return true; };`);
  return make(MAX, INTEGER, POW10, unscaledToNumber, ...columnArgs(aggregates)) as AddRow;
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

/** A copy of `array` with room for at least `length` (at least twice as many), new cells `fill`ed. */
export function grown<A extends Int32Array | Float64Array | Uint8Array>(array: A, length: number, fill: number): A {
  const bigger = new (array.constructor as new (n: number) => A)(Math.max(length, array.length * 2));
  bigger.set(array);
  bigger.fill(fill, array.length);
  return bigger;
}
