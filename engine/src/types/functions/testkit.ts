/**
 * Test support for catalogue users: call a function by name with a minimal evaluation context,
 * and run an aggregate over rows, whole or split into merged panes.
 */
import type { Value } from '../values/types';
import type { StreamRecord } from '../record';
import { lookupFunction } from './catalogue';
import type { AggregateFunction, EvalContext } from './types';

export function testRecord(overrides: Partial<StreamRecord> = {}): StreamRecord {
  return { fields: {}, timestamp: 0, eventTime: null, offset: 0, partition: 0, key: null, headers: null, ...overrides };
}

export function testContext(overrides: Partial<EvalContext> = {}): EvalContext {
  return { record: testRecord(), windowStart: null, windowEnd: null, now: () => 0, ...overrides };
}

/** Calls the scalar function `name` (checking its declared arity) with `args`. */
export function callFunction(name: string, args: Value[], ctx: EvalContext = testContext()): Value {
  const f = lookupFunction(name);
  if (f === undefined || f.kind !== 'scalar') throw new Error(`no scalar function ${name}`);
  if (args.length < f.minArgs || args.length > f.maxArgs) throw new Error(`${name}: bad arity ${args.length}`);
  return f.call(args, ctx);
}

function aggregateFunction(name: string): AggregateFunction {
  const f = lookupFunction(name);
  if (f === undefined || f.kind !== 'aggregate') throw new Error(`no aggregate ${name}`);
  return f;
}

export interface AggregateOptions {
  distinct?: boolean;
  constantArgs?: Value[];
  /** ⊕X34 ORDER BY inside the call: one flag per sort key (the last arguments of each row). */
  descending?: boolean[];
}

/** The aggregate over `panes` of rows (each row = the `add` arguments), panes merged in order. */
export function aggregatePanes(name: string, panes: Value[][][], options: AggregateOptions = {}): Value {
  const f = aggregateFunction(name);
  const create = () => f.create({ distinct: options.distinct ?? false, constantArgs: options.constantArgs ?? [], descending: options.descending });
  const total = create();
  for (const pane of panes) {
    const acc = create();
    for (const row of pane) acc.add(row);
    total.merge(acc);
  }
  return total.result();
}

/** The aggregate over single-argument values, in one accumulator. */
export function aggregateValues(name: string, values: Value[], options: AggregateOptions = {}): Value {
  const f = aggregateFunction(name);
  const acc = f.create({ distinct: options.distinct ?? false, constantArgs: options.constantArgs ?? [] });
  for (const v of values) acc.add([v]);
  return acc.result();
}
