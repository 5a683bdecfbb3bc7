/**
 * The conformance apps that need joins and OVER, planned by the real planner and run on small
 * hand-made inputs: quickstart 04_window, tier3_joins 20/21/23, tier4_window_functions 30/32.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '../../sql';
import { planStatement } from '../../plan/planner';
import type { LogicalPlan } from '../../plan/logical';
import { buildPipeline, type Pipeline } from '../physical';
import type { Batch, StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import { rec } from '../testing/fixtures';
import { CONFORMANCE } from '../../../test/shared';


/** The first statement of `file`, planned with the given source columns (all of unknown type). */
function planApp(
  file: string,
  sources: Record<string, { columns: string[]; bounded: boolean }>,
): LogicalPlan {
  const { statements } = parse(fs.readFileSync(path.join(CONFORMANCE, file), 'utf8'));
  const { planned, diagnostics } = planStatement(statements[0], {
    source: (name) => {
      const s = sources[name];
      return (
        s && {
          columns: s.columns.map((c) => ({ name: c, type: 'any' })),
          bounded: s.bounded,
          table: false,
        }
      );
    },
  });
  if (!planned) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return planned.plan;
}

function run(plan: LogicalPlan, feed: (p: Pipeline) => void): Record<string, Value>[] {
  const out: Batch[] = [];
  feed(buildPipeline(plan, (b) => out.push(b)));
  return out.flat().map((r) => r.fields);
}

const feedAll = (records: StreamRecord[]) => (p: Pipeline) => {
  p.input.push(records);
  p.input.flush(true);
};

describe('OVER apps', () => {
  const market = {
    market_data: { columns: ['symbol', 'price', 'volume', 'event_time'], bounded: false },
  };
  const ticks = [
    rec({ symbol: 'A', price: 10, volume: 5, event_time: 1 }, 1),
    rec({ symbol: 'B', price: 50, volume: 1, event_time: 2 }, 2),
    rec({ symbol: 'A', price: 12, volume: 7, event_time: 3 }, 3),
  ];

  test('quickstart 04_window: previous price and change per symbol', () => {
    const plan = planApp('quickstart/04_window.sql', {
      stock_prices: { columns: ['symbol', 'price', 'timestamp'], bounded: true },
    });
    const rows = run(
      plan,
      feedAll([
        rec({ symbol: 'X', price: 10, timestamp: 1 }),
        rec({ symbol: 'X', price: 12, timestamp: 2 }),
      ]),
    );
    expect(rows).toEqual([
      { symbol: 'X', price: 10, timestamp: 1, previous_price: null, price_change: null },
      { symbol: 'X', price: 12, timestamp: 2, previous_price: 10, price_change: 2 },
    ]);
  });

  test('30_lag_lead: LEAD has no row after the newest one', () => {
    const rows = run(
      planApp('harness_examples/tier4_window_functions/30_lag_lead.sql', market),
      feedAll(ticks),
    );
    expect(rows.map((r) => [r.symbol, r.prev_price, r.next_price, r.price_change])).toEqual([
      ['A', null, null, null],
      ['B', null, null, null],
      ['A', 10, null, 2],
    ]);
  });

  test('32_running_agg: cumulative volume, moving average and count per symbol', () => {
    const rows = run(
      planApp('harness_examples/tier4_window_functions/32_running_agg.sql', market),
      feedAll(ticks),
    );
    expect(
      rows.map((r) => [r.symbol, r.cumulative_volume, r.moving_avg_100, r.trade_count]),
    ).toEqual([
      ['A', 5, 10, 1],
      ['B', 1, 50, 1],
      ['A', 12, 11, 2],
    ]);
  });
});

describe('JOIN apps', () => {
  const orderColumns = [
    'order_id',
    'customer_id',
    'product_id',
    'quantity',
    'unit_price',
    'event_time',
  ];
  const withProducts = {
    orders: { columns: orderColumns, bounded: false },
    products: {
      columns: ['product_id', 'product_name', 'category', 'supplier_id', 'unit_price'],
      bounded: true,
    },
  };
  const product = rec({
    product_id: 1,
    product_name: 'widget',
    category: 'tools',
    supplier_id: 9,
    unit_price: 3,
  });
  const orders = [
    rec({ order_id: 1, customer_id: 5, product_id: 1, quantity: 2, unit_price: 4, event_time: 1 }),
    rec({
      order_id: 2,
      customer_id: 5,
      product_id: 7,
      quantity: 200,
      unit_price: 4,
      event_time: 1,
    }),
  ];
  const tableThenStream = (p: Pipeline) => {
    const [stream, table] = p.inputs;
    expect(table.role).toBe('table');
    table.input.push([product]);
    table.input.flush(true);
    stream.input.push(orders);
    stream.input.flush(true);
  };

  test('20_stream_table_join: LEFT lookup enriches hits and keeps misses with NULLs', () => {
    const rows = run(
      planApp('harness_examples/tier3_joins/20_stream_table_join.sql', withProducts),
      tableThenStream,
    );
    expect(rows.map((r) => [r.order_id, r.order_total, r.product_name, r.category])).toEqual([
      [1, 8, 'widget', 'tools'],
      [2, 800, null, null],
    ]);
  });

  test('23_right_join: a lookup RIGHT JOIN emits matched orders only, list price from the product', () => {
    const rows = run(
      planApp('harness_examples/tier3_joins/23_right_join.sql', withProducts),
      tableThenStream,
    );
    expect(rows).toEqual([
      {
        product_id: 1,
        product_name: 'widget',
        category: 'tools',
        list_price: 3,
        order_id: 1,
        customer_id: 5,
        quantity: 2,
        order_total: 8,
        order_status: 'NORMAL',
        event_time: 1,
      },
    ]);
  });

  test('21_stream_stream_join: orders and shipments within the default hour', () => {
    const plan = planApp('harness_examples/tier3_joins/21_stream_stream_join.sql', {
      orders: {
        columns: ['order_id', 'customer_id', 'total_amount', 'event_time'],
        bounded: false,
      },
      shipments: {
        columns: ['shipment_id', 'order_id', 'carrier', 'tracking_number', 'event_time'],
        bounded: false,
      },
    });
    const rows = run(plan, (p) => {
      const [o, s] = p.inputs;
      o.input.push([
        rec({ order_id: 'ORD-1', customer_id: 1, total_amount: 150, event_time: 1000 }, 1000),
      ]);
      s.input.push([
        rec(
          {
            shipment_id: 'S1',
            order_id: 'ORD-1',
            carrier: 'FedEx',
            tracking_number: 'FX1',
            event_time: 601_000,
          },
          601_000,
        ),
        rec(
          {
            shipment_id: 'S2',
            order_id: 'ORD-1',
            carrier: 'UPS',
            tracking_number: 'U2',
            event_time: 4_000_000,
          },
          4_000_000,
        ),
      ]);
      o.input.flush(true);
      s.input.flush(true);
    });
    expect(rows).toEqual([
      {
        order_id: 'ORD-1',
        customer_id: 1,
        order_total: 150,
        order_time: 1000,
        shipment_id: 'S1',
        carrier: 'FedEx',
        tracking_number: 'FX1',
        shipment_time: 601_000,
      },
    ]);
  });
});
