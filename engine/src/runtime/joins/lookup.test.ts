/** Stream–table lookup joins: §4.4 (D10), §10.3 header propagation. */
import type { JoinKind, JoinNode, PlanExpr, PlanNode } from '../../plan/logical';
import { bin, col, item, plan, project, scan } from '../../plan/build';
import { buildPipeline, type RuntimeOptions } from '../physical';
import type { Batch, StreamRecord } from '../../types/record';
import { rec } from '../testing/fixtures';
import { TableState } from './table';

const lookup = (
  left: PlanNode,
  right: PlanNode,
  joinKind: JoinKind,
  keys: [PlanExpr, PlanExpr][],
  residual: PlanExpr | null = null,
): JoinNode => ({
  kind: 'join',
  joinKind,
  strategy: 'lookup',
  left,
  right,
  rightAlias: null,
  keys: keys.map(([l, r]) => ({ left: l, right: r })),
  residual,
  interval: null,
});

const orders = scan('orders', {
  schema: [
    { name: 'order_id', type: 'integer' },
    { name: 'product_id', type: 'integer' },
    { name: 'name', type: 'string' },
  ],
});
const products = scan('products', {
  bounded: true,
  schema: [
    { name: 'product_id', type: 'integer' },
    { name: 'name', type: 'string' },
    { name: 'price', type: 'decimal' },
  ],
});
const onProduct: [PlanExpr, PlanExpr][] = [[col('product_id'), col('product_id')]];

const productRows = [
  rec({ product_id: 1, name: 'widget', price: 5 }),
  rec({ product_id: 2, name: 'gadget', price: 7 }),
];
const orderRows = [
  rec({ order_id: 10, product_id: 1, name: 'ann' }, 100),
  rec({ order_id: 11, product_id: 3, name: 'bob' }, 200),
];

/** Feeds the table inputs first (as the host does, D10), then the stream batches; returns the output rows. */
function run(
  node: PlanNode,
  table: Batch,
  stream: Batch[],
  options: RuntimeOptions = {},
): StreamRecord[] {
  const out: Batch[] = [];
  const pipeline = buildPipeline(plan(node), (b) => out.push(b), options);
  for (const input of pipeline.inputs.filter((i) => i.role === 'table')) {
    input.input.push(table);
    input.input.flush(true);
  }
  for (const b of stream) pipeline.input.push(b);
  pipeline.input.flush(true);
  return out.flat();
}

test('INNER drops a stream record without a matching row; a colliding right name becomes right_<col>', () => {
  const rows = run(lookup(orders, products, 'inner', onProduct), productRows, [orderRows]).map(
    (r) => r.fields,
  );
  expect(rows).toEqual([
    {
      order_id: 10,
      product_id: 1,
      name: 'ann',
      right_product_id: 1,
      right_name: 'widget',
      price: 5,
    },
  ]);
});

test('LEFT keeps the miss with NULL table fields; FULL behaves like LEFT; RIGHT like INNER', () => {
  const left = run(lookup(orders, products, 'left', onProduct), productRows, [orderRows]).map(
    (r) => r.fields,
  );
  expect(left).toEqual([
    {
      order_id: 10,
      product_id: 1,
      name: 'ann',
      right_product_id: 1,
      right_name: 'widget',
      price: 5,
    },
    {
      order_id: 11,
      product_id: 3,
      name: 'bob',
      right_product_id: null,
      right_name: null,
      price: null,
    },
  ]);
  expect(
    run(lookup(orders, products, 'full', onProduct), productRows, [orderRows]).map((r) => r.fields),
  ).toEqual(left);
  expect(
    run(lookup(orders, products, 'right', onProduct), productRows, [orderRows]).map(
      (r) => r.fields.order_id,
    ),
  ).toEqual([10]);
});

test('the latest table row per key wins; a residual ON condition that is FALSE counts as a miss', () => {
  const table = [
    rec({ product_id: 1, name: 'old', price: 5 }),
    rec({ product_id: 1, name: 'new', price: 9 }),
  ];
  const latest = run(lookup(orders, products, 'inner', onProduct), table, [orderRows]);
  expect(latest.map((r) => r.fields.right_name)).toEqual(['new']);
  const cheapOnly = lookup(
    orders,
    products,
    'left',
    onProduct,
    bin('<', col('price'), col('order_id')),
  );
  expect(
    run(cheapOnly, table, [orderRows]).map((r) => [r.fields.order_id, r.fields.right_name]),
  ).toEqual([
    [10, 'new'], // 9 < 10
    [11, null],
  ]);
});

test('output keeps the stream side’s headers; event time is the later of the two sides', () => {
  const headers = new Map([['traceparent', '00-abc']]);
  const table = [
    rec({ product_id: 1, name: 'w', price: 5 }, 150, { headers: new Map([['h', 'table']]) }),
  ];
  const [early, late] = run(lookup(orders, products, 'inner', onProduct), table, [
    [
      rec({ order_id: 1, product_id: 1 }, 100, { headers }),
      rec({ order_id: 2, product_id: 1 }, 300, { headers }),
    ],
  ]);
  expect(early.headers).toBe(headers);
  expect([early.eventTime, late.eventTime]).toEqual([150, 300]);
});

test('stream records that arrive before the table has loaded are joined once it has (D10)', () => {
  const out: Batch[] = [];
  const pipeline = buildPipeline(plan(lookup(orders, products, 'inner', onProduct)), (b) =>
    out.push(b),
  );
  const table = pipeline.inputs.find((i) => i.role === 'table')!;
  expect(table.source.source).toBe('products');
  pipeline.input.push(orderRows);
  pipeline.input.flush(true);
  expect(out).toEqual([]);
  table.input.push(productRows);
  table.input.flush(true);
  expect(out.flat().map((r) => r.fields.order_id)).toEqual([10]);
});

test('a host table (e.g. a CREATE TABLE result) is read live, keyed by message key; no input is created for it', () => {
  const customers = new TableState('customers');
  customers.upsert(rec({ id: 'c1', tier: 'silver' }, null, { key: 'c1' }));
  const node = project(
    lookup(scan('orders'), scan('customers'), 'left', [[col('customer_id'), col('id')]]),
    [item('order_id', col('order_id')), item('tier', col('tier'))],
  );
  const out: Batch[] = [];
  const pipeline = buildPipeline(plan(node), (b) => out.push(b), {
    tables: (name) => (name === 'customers' ? customers : undefined),
  });
  expect(pipeline.inputs.map((i) => i.source.source)).toEqual(['orders']);
  pipeline.input.push([rec({ order_id: 1, customer_id: 'c1' })]);
  customers.upsert(rec({ id: 'c1', tier: 'gold' }, null, { key: 'c1' })); // the table query updates c1
  pipeline.input.push([
    rec({ order_id: 2, customer_id: 'c1' }),
    rec({ order_id: 3, customer_id: 'c2' }),
  ]);
  expect(out.flat().map((r) => r.fields)).toEqual([
    { order_id: 1, tier: 'silver' },
    { order_id: 2, tier: 'gold' },
    { order_id: 3, tier: null },
  ]);
  expect(customers.size).toBe(1);
});

test('joined fields keep the records’ own fields and order, declared or not', () => {
  const stream = [
    rec({ order_id: 10, product_id: 1, name: 'ann' }, 100), // exactly the declared fields
    rec({ order_id: 12, product_id: 2, name: 'cy', note: 'rush' }, 300), // one undeclared
    rec({ product_id: 1, order_id: 13, name: 'di' }, 400), // declared, another order
  ];
  const rows = run(lookup(orders, products, 'inner', onProduct), productRows, [stream]).map((r) =>
    Object.entries(r.fields),
  );
  const right = (id: number, name: string, price: number) => [
    ['right_product_id', id],
    ['right_name', name],
    ['price', price],
  ];
  expect(rows).toEqual([
    [['order_id', 10], ['product_id', 1], ['name', 'ann'], ...right(1, 'widget', 5)],
    [
      ['order_id', 12],
      ['product_id', 2],
      ['name', 'cy'],
      ['note', 'rush'],
      ...right(2, 'gadget', 7),
    ],
    [['product_id', 1], ['order_id', 13], ['name', 'di'], ...right(1, 'widget', 5)],
  ]);
});
