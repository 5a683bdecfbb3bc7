/**
 * The groups of one window as struct-of-arrays: group `g` is index `g` of every array (its
 * dictionary code, row count, max window time, one running value per SUM/AVG/MIN/MAX). Nothing
 * is allocated per group beyond those array cells, so a million groups cost tens of bytes each.
 *
 * Every running value is an exact integer: a SUM is the unscaled total at its column's kind
 * (INTEGER or a scale), which is what the record path's flat slots hold (aggregation/slots.ts);
 * `add` (generated per aggregate list) refuses a row whose total would pass 2^53 (it then
 * needs a bigint) before changing anything, so the caller can hand that row to the record path with the state exactly as it was.
 * `toGroup` builds the record path's `Group` from a group's cells: slot for slot what
 * the record path would hold after the same rows, so results and later rows are the same.
 */
import type { ColumnarAggregate, ColumnarShape } from '../../plan/columnar';
import { Scaled, type Value } from '../../types/values/types';
import { Group, type GroupKey } from '../aggregation/groups';
import { INTEGER_TOTAL, type Slots } from '../aggregation/slots';
import { Columnizer, INTEGER, type Dictionary, type NumberColumn } from './batch';

/** One aggregate call bound to the columns it reads. */
export interface BoundAggregate {
  kind: ColumnarAggregate['kind'];
  /** The argument column (the left factor of a product); null for COUNT. */
  a: NumberColumn | null;
  /** The right factor of a product. */
  b: NumberColumn | null;
}

const MAX = Number.MAX_SAFE_INTEGER;
const ABSENT = -1;

export class GroupTable {
  size = 0;
  /** Dictionary code → group index, ABSENT when the code has no group in this window. */
  private groupOfCode: Int32Array;
  private codes: Int32Array;
  private rows: Float64Array;
  private maxTime: Float64Array;
  /** Indices given back by `release`, reused by `openGroup`. */
  private readonly released: number[] = [];
  /** One running value per aggregate (COUNT reads `rows`, so it has an empty one). */
  private readonly values: Float64Array[];
  private readonly aggregates: BoundAggregate[];
  private readonly addRow: AddRow;

  constructor(layout: TableLayout, codeCapacity: number) {
    this.aggregates = layout.aggregates;
    this.addRow = layout.addRow;
    const capacity = 16;
    this.groupOfCode = new Int32Array(Math.max(codeCapacity, 16)).fill(ABSENT);
    this.codes = new Int32Array(capacity);
    this.rows = new Float64Array(capacity);
    this.maxTime = new Float64Array(capacity);
    this.values = this.aggregates.map((a) => new Float64Array(a.kind === 'count' ? 0 : capacity));
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
      const kind = this.aggregates[k].kind;
      if (kind !== 'count') this.values[k][g] = kind === 'min' ? Infinity : kind === 'max' ? -Infinity : 0;
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
      if (kind === 'count' || kind === 'min' || kind === 'max') continue;
      let bound = Math.abs(kind === 'sumProduct' ? a!.values[j] * b!.values[j] : a!.values[j]);
      for (let i = 0; i < n; i++) bound += Math.abs(this.values[k][gs[i]]);
      if (!(bound <= MAX)) return false;
    }
    return true;
  }

  /** Adds group `from`'s rows into group `into` (a record bridged two sessions); see `canCombine`. */
  merge(into: number, from: number): void {
    this.rows[into] += this.rows[from];
    if (this.maxTime[from] > this.maxTime[into]) this.maxTime[into] = this.maxTime[from];
    for (let k = 0; k < this.aggregates.length; k++) {
      const { kind } = this.aggregates[k];
      const values = this.values[k];
      if (kind === 'min') values[into] = values[from] < values[into] ? values[from] : values[into];
      else if (kind === 'max') values[into] = values[from] > values[into] ? values[from] : values[into];
      else if (kind !== 'count') values[into] += values[from];
    }
  }

  private grow(): void {
    const n = this.codes.length * 2;
    this.codes = grown(this.codes, n, 0);
    this.rows = grown(this.rows, n, 0);
    this.maxTime = grown(this.maxTime, n, 0);
    for (let k = 0; k < this.values.length; k++) if (this.aggregates[k].kind !== 'count') this.values[k] = grown(this.values[k], n, 0);
  }

  /**
   * Adds row `j` of the columns to group `g` with window time `t`; false (and nothing changed)
   * when a total or product would not be an exact double.
   */
  add(g: number, j: number, t: number): boolean {
    if (!this.addRow(this.values, g, j)) return false;
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

  /** Group `g` as the record path's Group (its slots laid out as aggregation/slots.ts lays them). */
  toGroup(g: number, dictionary: Dictionary): Group {
    const slots: Slots = [];
    const rows = this.rows[g];
    for (let k = 0; k < this.aggregates.length; k++) {
      const a = this.aggregates[k];
      const v = a.kind === 'count' ? 0 : this.values[k][g];
      switch (a.kind) {
        case 'count':
          slots.push(rows);
          break;
        case 'sum':
          slots.push(v, totalState(a.a!.kind));
          break;
        case 'avg':
          slots.push(v, totalState(a.a!.kind), rows);
          break;
        case 'sumProduct':
          slots.push(v, a.a!.kind === INTEGER ? INTEGER_TOTAL : a.a!.kind + a.b!.kind);
          break;
        case 'min':
        case 'max':
          slots.push(valueOf(v, a.a!.kind));
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
    a: a.kind === 'count' ? null : columnizer.column(a.columns[0]),
    b: a.kind === 'sumProduct' ? columnizer.column(a.columns[1]) : null,
  }));
  return { columnizer, layout: tableLayout(aggregates) };
}

/** SUM(a * b) runs columnar when both factors are Integers or both DECIMALs (their product's kind is then fixed). */
export function productKindsMatch(layout: TableLayout): boolean {
  return layout.aggregates.every((a) => a.kind !== 'sumProduct' || (a.a!.kind === INTEGER) === (a.b!.kind === INTEGER));
}

/** Adds row `j` to group `g`'s running values; false, changing nothing, when a result is not exact. */
type AddRow = (values: Float64Array[], g: number, j: number) => boolean;

/** What every table of one operator shares: its aggregates and their row function. */
export interface TableLayout {
  aggregates: BoundAggregate[];
  addRow: AddRow;
}

function tableLayout(aggregates: BoundAggregate[]): TableLayout {
  return { aggregates, addRow: compileAddRow(aggregates) };
}

/** The add function of an aggregate list, generated once per operator: one straight line per aggregate. */
function compileAddRow(aggregates: BoundAggregate[]): AddRow {
  // Every result is computed and checked before any is stored, so a refused row changes nothing.
  const compute: string[] = [];
  const store: string[] = [];
  aggregates.forEach((a, k) => {
    const arg = `a${k}.values[j]`;
    switch (a.kind) {
      case 'count':
        return;
      case 'sum':
      case 'avg':
        compute.push(`const s${k} = values[${k}][g] + ${arg}; if (s${k} > MAX || s${k} < -MAX) return false;`);
        break;
      case 'sumProduct':
        compute.push(`const p${k} = ${arg} * b${k}.values[j]; const s${k} = values[${k}][g] + p${k};
          if (p${k} > MAX || p${k} < -MAX || s${k} > MAX || s${k} < -MAX) return false;`);
        break;
      case 'min':
      case 'max':
        compute.push(`const v${k} = ${arg}; const m${k} = values[${k}][g]; const s${k} = v${k} ${a.kind === 'min' ? '<' : '>'} m${k} ? v${k} : m${k};`);
        break;
    }
    store.push(`values[${k}][g] = s${k};`);
  });
  const params = aggregates.flatMap((_, k) => [`a${k}`, `b${k}`]);
  const make = new Function('MAX', ...params, `return function addRow(values, g, j) { ${compute.join('\n')} ${store.join(' ')} return true; };`);
  return make(MAX, ...aggregates.flatMap((a) => [a.a, a.b])) as AddRow;
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
