/**
 * WHERE on typed columns (plan/columnar-filter.ts says which): the rows of a batch that carries
 * a column for every compared column are selected by comparing their typed values — exactly as
 * the record path compares the values they stand for — and go on as a batch of their own, their
 * columns gathered and their records built only if someone reads them. A batch without such
 * columns is filtered record by record.
 */
import type { ColumnComparison } from '../../plan/columnar-filter';
import type { ComparisonOp, FilterNode } from '../../plan/logical';
import { columnsOf, deferredBatch, INTEGER_VECTOR, recordsOf, type BatchColumns, type KeyVector, type NumberVector } from '../../types/columns';
import type { Batch } from '../../types/record';
import { Scaled } from '../../types/values/types';
import type { Operator, OperatorEnv } from './operator';
import { FilterOperator } from './stateless';

type Vector = NumberVector | KeyVector;

/** A comparison as a test of each row's typed value (a number, or a String's code): `value op bound`, or a constant. */
type RowTest = { op: ComparisonOp; bound: number } | boolean;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER) + 1n;

export class ColumnarFilterOperator extends FilterOperator {
  readonly takesDeferred = true;
  private readonly selection: RowSelection;

  constructor(node: FilterNode, comparisons: readonly ColumnComparison[], env: OperatorEnv, downstream: Operator) {
    super(node, env, downstream);
    this.selection = new RowSelection(comparisons);
  }

  override push(batch: Batch): void {
    const columns = columnsOf(batch);
    const selected = columns === undefined ? -1 : this.selection.select(columns, batch.length);
    if (selected < 0) return super.push(recordsOf(batch));
    if (selected === batch.length) this.downstream.push(batch);
    else if (selected > 0) this.downstream.push(gathered(batch, columns!, this.selection.rows.slice(0, selected)));
  }
}

/** The rows of a batch passing column-versus-literal comparisons, found on its typed columns. */
export class RowSelection {
  /** The selected row indices, at the front. */
  rows = new Int32Array(1024);

  constructor(private readonly comparisons: readonly ColumnComparison[]) {}

  /** Selects the rows passing every comparison into `rows`; how many, or -1 when the columns cannot tell. */
  select(columns: BatchColumns, n: number): number {
    const tests: { vector: Vector; test: RowTest }[] = [];
    for (const c of this.comparisons) {
      const vector = columns.column(c.column);
      const test = vector === null ? null : rowTest(c, vector);
      if (test === null) return -1;
      tests.push({ vector: vector!, test });
    }
    if (this.rows.length < n) this.rows = new Int32Array(n);
    const rows = this.rows;
    for (let j = 0; j < n; j++) rows[j] = j;
    let count = n;
    for (const { vector, test } of tests) {
      if (test === true) continue;
      if (test === false) return 0;
      count = keep(vector.kind === 'number' ? vector.values : vector.codes, rows, count, test.op, test.bound);
    }
    return count;
  }
}

/** Keeps the selected rows whose value passes `value op bound`; returns how many are left at the front of `selection`. */
function keep(values: Float64Array | Int32Array, selection: Int32Array, count: number, op: ComparisonOp, bound: number): number {
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const j = selection[i];
    const v = values[j];
    const pass = op === '=' ? v === bound : op === '!=' ? v !== bound : op === '<' ? v < bound : op === '<=' ? v <= bound : op === '>' ? v > bound : v >= bound;
    if (pass) selection[kept++] = j;
  }
  return kept;
}

/**
 * How comparison `c` tests a row of `vector`: `value op bound` on its typed values, a constant,
 * or null when the vector's values are not of the literal's kind (the record path decides).
 */
function rowTest(c: ColumnComparison, vector: Vector): RowTest | null {
  if (typeof c.literal === 'string') {
    if (vector.kind !== 'key') return null;
    const code = vector.dictionary.has(c.literal) ? vector.dictionary.codeOf(c.literal) : -1;
    if (code < 0) return c.op === '!=';
    return { op: c.op, bound: code };
  }
  if (vector.kind !== 'number') return null;
  return numberTest(c.op, c.literal, vector.type === INTEGER_VECTOR ? 0 : vector.type);
}

/**
 * `v / 10^scale op literal` for the unscaled integers v of a column, as `v op' bound` with an
 * integer bound: the literal is brought to the column's scale exactly (BigInt), and a bound that
 * falls between two integers turns < and > into <= and >= of its neighbours.
 */
function numberTest(op: ComparisonOp, literal: number | Scaled, scale: number): RowTest {
  const [unscaled, literalScale] = typeof literal === 'number' ? [literal, 0] : [literal.unscaled as number, literal.scale];
  const numerator = BigInt(unscaled) * 10n ** BigInt(scale);
  const denominator = 10n ** BigInt(literalScale);
  let floor = numerator / denominator;
  if (numerator % denominator !== 0n) {
    if (numerator < 0n) floor -= 1n; // BigInt division truncates toward zero
    if (op === '=') return false;
    if (op === '!=') return true;
    // Between floor and floor + 1: v > q is v >= floor + 1, v < q is v <= floor.
    if (op === '>' || op === '>=') return { op: '>=', bound: clamp(floor + 1n) };
    return { op: '<=', bound: clamp(floor) };
  }
  return { op, bound: clamp(floor) };
}

/** A bound as a double: past ±2^53 no column value (a safe integer) can reach it, so ±2^53 compares the same. */
function clamp(x: bigint): number {
  return Number(x > SAFE ? SAFE : x < -SAFE ? -SAFE : x);
}

/**
 * The rows `selection` of `batch` as a deferred batch: each column gathered on first use, the
 * records taken from the batch's own when read. The offset summaries stay the batch's: the rows
 * left out were processed too.
 */
function gathered(batch: Batch, columns: BatchColumns, selection: Int32Array): Batch {
  const n = selection.length;
  const vectors = new Map<string, Vector | null>();
  const column = (name: string): Vector | null => {
    let vector = vectors.get(name);
    if (vector === undefined) {
      vector = gather(columns.column(name), selection);
      vectors.set(name, vector);
    }
    return vector;
  };
  const summary: BatchColumns = { noHeaders: columns.noHeaders, noEventTime: columns.noEventTime, nextOffsets: columns.nextOffsets, firstOffsets: columns.firstOffsets, column };
  return deferredBatch(n, summary, (records) => {
    const all = recordsOf(batch);
    for (let i = 0; i < n; i++) records[i] = all[selection[i]];
  });
}

function gather(vector: Vector | null, selection: Int32Array): Vector | null {
  if (vector === null) return null;
  if (vector.kind === 'key') {
    const codes = new Int32Array(selection.length);
    for (let i = 0; i < selection.length; i++) codes[i] = vector.codes[selection[i]];
    return { kind: 'key', codes, dictionary: vector.dictionary };
  }
  const values = new Float64Array(selection.length);
  for (let i = 0; i < selection.length; i++) values[i] = vector.values[selection[i]];
  return { kind: 'number', type: vector.type, values };
}
