/** Subqueries over tables: §9.1 (IN, EXISTS, scalar, ANY/ALL ⊕X19, correlation), NULL rules of §5.3. */
import type { ComparisonOp, PlanExpr, PlanNode, SubqueryMode } from '../../plan/logical';
import {
  aggCall,
  aggRef,
  aggregate,
  bin,
  col,
  filter,
  item,
  lit,
  plan,
  project,
  scan,
} from '../../plan/build';
import { buildPipeline } from '../physical';
import type { Batch, StreamRecord } from '../../types/record';
import { COUNT, MAX, rec } from '../testing/fixtures';
import { TableState } from '../joins/table';
import { QueryError } from '../errors';

const sub = (id: number, mode: SubqueryMode): PlanExpr => ({
  kind: 'subquery',
  id,
  mode,
  type: 'boolean',
});
/** `o.<name>` inside a subquery: a column of the outer query's record. */
const outer = (name: string): PlanExpr => col(name, 'any', 'outer:o');

function table(name: string, rows: Record<string, unknown>[]): TableState {
  const t = new TableState(name);
  for (const fields of rows) t.upsert(rec(fields as StreamRecord['fields']));
  return t;
}

const customers = () =>
  table('customers', [
    { id: 'c1', status: 'active', tier: 'gold', credit: 100 },
    { id: 'c2', status: 'closed', tier: 'silver', credit: 200 },
    { id: 'c3', status: 'active', tier: 'bronze', credit: 150 },
  ]);

const orders = [
  rec({ order_id: 1, customer_id: 'c1', amount: 250 }),
  rec({ order_id: 2, customer_id: 'c2', amount: 150 }),
  rec({ order_id: 3, customer_id: 'c4', amount: 50 }),
  rec({ order_id: 4, customer_id: null, amount: 120 }),
];

/** Runs `SELECT order_id, <expr> AS v FROM orders [WHERE where]` with the given subqueries and tables. */
function run(
  subqueries: PlanNode[],
  tables: TableState[],
  select: { v?: PlanExpr; where?: PlanExpr },
  input = orders,
) {
  const from = select.where ? filter(scan('orders'), select.where) : scan('orders');
  const items = [item('order_id', col('order_id')), ...(select.v ? [item('v', select.v)] : [])];
  const out: Batch[] = [];
  const pipeline = buildPipeline(plan(project(from, items), subqueries), (b) => out.push(b), {
    tables: (name) => tables.find((t) => t.name === name),
  });
  pipeline.input.push(input);
  pipeline.input.flush(true);
  return out.flat().map((r) => r.fields);
}

const activeIds = project(filter(scan('customers'), bin('=', col('status'), lit('active'))), [
  item('id', col('id')),
]);

test('IN / NOT IN: NULL on the left is FALSE in both forms', () => {
  const inActive = (negated: boolean) => sub(0, { kind: 'in', expr: col('customer_id'), negated });
  expect(
    run([activeIds], [customers()], { where: inActive(false) }).map((r) => r.order_id),
  ).toEqual([1]);
  expect(run([activeIds], [customers()], { where: inActive(true) }).map((r) => r.order_id)).toEqual(
    [2, 3],
  );
});

test('correlated EXISTS / NOT EXISTS substitute the outer record per row', () => {
  const known = project(filter(scan('customers'), bin('=', col('id'), outer('customer_id'))), [
    item('one', lit(1)),
  ]);
  const exists = (negated: boolean) => sub(0, { kind: 'exists', negated });
  expect(run([known], [customers()], { where: exists(false) }).map((r) => r.order_id)).toEqual([
    1, 2,
  ]);
  expect(run([known], [customers()], { where: exists(true) }).map((r) => r.order_id)).toEqual([
    3, 4,
  ]);
});

test('scalar subqueries: an aggregate, a correlated lookup (NULL without a row), COUNT(*) over no rows is 0', () => {
  const maxCredit = aggregate(scan('customers'), {
    aggregates: [aggCall(MAX, [col('credit')])],
    items: [item('max', aggRef(0))],
  });
  expect(
    run([maxCredit], [customers()], { v: sub(0, { kind: 'scalar' }) }).map((r) => r.v),
  ).toEqual([200, 200, 200, 200]);

  const tierOf = project(filter(scan('customers'), bin('=', col('id'), outer('customer_id'))), [
    item('tier', col('tier')),
  ]);
  expect(run([tierOf], [customers()], { v: sub(0, { kind: 'scalar' }) }).map((r) => r.v)).toEqual([
    'gold',
    'silver',
    null,
    null,
  ]);

  const blocked = table('blocked', [{ id: 'c2' }]);
  const blocks = aggregate(filter(scan('blocked'), bin('=', col('id'), outer('customer_id'))), {
    aggregates: [aggCall(COUNT, [])],
    items: [item('count', aggRef(0))],
  });
  const unblocked = bin('=', sub(0, { kind: 'scalar' }), lit(0));
  expect(run([blocks], [blocked], { where: unblocked }).map((r) => r.order_id)).toEqual([1, 3, 4]);
});

test('ANY / ALL compare with every row; ALL over an empty table is TRUE, ANY FALSE', () => {
  const credits = project(scan('customers'), [item('credit', col('credit'))]);
  const quantified = (op: ComparisonOp, quantifier: 'ANY' | 'ALL') =>
    sub(0, { kind: 'quantified', expr: col('amount'), op, quantifier });
  // credits 100, 200, 150; amounts 250, 150, 50, 120
  expect(run([credits], [customers()], { v: quantified('>', 'ALL') }).map((r) => r.v)).toEqual([
    true,
    false,
    false,
    false,
  ]);
  expect(run([credits], [customers()], { v: quantified('>', 'ANY') }).map((r) => r.v)).toEqual([
    true,
    true,
    false,
    true,
  ]);
  const empty = new TableState('customers');
  expect(run([credits], [empty], { v: quantified('>', 'ALL') }).map((r) => r.v)).toEqual([
    true,
    true,
    true,
    true,
  ]);
  expect(run([credits], [empty], { v: quantified('>', 'ANY') }).map((r) => r.v)).toEqual([
    false,
    false,
    false,
    false,
  ]);
});

test('an uncorrelated result follows the table as it changes (cache invalidated by the table version)', () => {
  const t = customers();
  const out: Batch[] = [];
  const where = sub(0, { kind: 'in', expr: col('customer_id'), negated: false });
  const p = plan(project(filter(scan('orders'), where), [item('order_id', col('order_id'))]), [
    activeIds,
  ]);
  const pipeline = buildPipeline(p, (b) => out.push(b), { tables: () => t });
  const order4 = rec({ order_id: 5, customer_id: 'c4' });
  pipeline.input.push([order4]);
  t.upsert(rec({ id: 'c4', status: 'active' }));
  pipeline.input.push([order4]);
  expect(out.flat().map((r) => r.fields.order_id)).toEqual([5]);
});

test('a subquery over a name that is not a table available to the query fails the query with VR601', () => {
  const p = plan(
    project(filter(scan('orders'), sub(0, { kind: 'exists', negated: false })), [
      item('order_id', col('order_id')),
    ]),
    [activeIds],
  );
  expect(() => buildPipeline(p, () => {}, { tables: () => undefined })).toThrow(QueryError);
  expect(() => buildPipeline(p, () => {})).toThrow(/subquery source must be a table/);
});
