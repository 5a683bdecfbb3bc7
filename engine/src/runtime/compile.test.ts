import type { PlanExpr } from '../plan/logical';
import type { ScalarFunction } from '../types/functions/types';
import { bin, call, col, lit, not, sys } from '../plan/build';
import { compileExpr, compilePredicate } from './compile';
import { RowContext } from './context';
import { rec } from './testing/fixtures';
import { Scaled } from '../types/values/types';
import { formatValue } from '../types/values/format';

const ctx = new RowContext(() => 0);
const r = rec({ a: 1, s: 'abc', n: null, price: new Scaled(1250, 2) }, 5000, { timestamp: 7000 });
const evaluate = (e: PlanExpr) => compileExpr(e)(r, ctx);
const holds = (e: PlanExpr) => compilePredicate(e)(r, ctx);

describe('two-valued NULL logic (§5.3)', () => {
  test('NULL = NULL is TRUE, NULL = 1 is FALSE, != is its negation', () => {
    expect(evaluate(bin('=', col('n'), lit(null)))).toBe(true);
    expect(evaluate(bin('=', col('n'), lit(1)))).toBe(false);
    expect(evaluate(bin('!=', col('n'), lit(1)))).toBe(true);
  });

  test('ordering comparisons with NULL are FALSE', () => {
    expect(evaluate(bin('<', col('n'), lit(1)))).toBe(false);
    expect(evaluate(bin('>=', col('n'), lit(1)))).toBe(false);
  });

  test('AND/OR/NOT treat NULL as FALSE and give Booleans', () => {
    expect(evaluate(not(col('n')))).toBe(true);
    expect(evaluate(bin('OR', col('n'), col('a')))).toBe(true);
    expect(evaluate(bin('AND', col('a'), col('n')))).toBe(false);
  });

  test('IN, NOT IN, BETWEEN, NOT BETWEEN, LIKE, NOT LIKE are all FALSE for a NULL operand', () => {
    for (const negated of [false, true]) {
      expect(evaluate({ kind: 'in', expr: col('n'), list: [lit(1), lit(null)], negated, type: 'boolean' })).toBe(false);
      expect(evaluate({ kind: 'between', expr: col('n'), low: lit(0), high: lit(9), negated, type: 'boolean' })).toBe(false);
      expect(evaluate({ kind: 'like', expr: col('n'), pattern: lit('%'), negated, type: 'boolean' })).toBe(false);
    }
  });

  test('a missing field reads as NULL', () => {
    expect(evaluate({ kind: 'isNull', expr: col('nope'), negated: false, type: 'boolean' })).toBe(true);
  });
});

describe('operators', () => {
  test('numeric comparison across Integer and ScaledInteger: 12.50 = 12.5 and price > 12', () => {
    expect(holds(bin('=', col('price'), lit(12.5)))).toBe(true);
    expect(holds(bin('>', col('price'), lit(12)))).toBe(true);
  });

  test('arithmetic comes from the values module: exact decimals, Int / Int is Float, / 0 is NULL', () => {
    expect(formatValue(evaluate(bin('+', lit(new Scaled(10, 2)), lit(new Scaled(20, 2)), 'decimal')))).toBe('0.30');
    expect(evaluate(bin('/', lit(7), lit(2), 'float'))).toBe(3.5);
    expect(evaluate(bin('/', col('a'), lit(0), 'float'))).toBeNull();
  });

  test('IN list with strings and BETWEEN bounds inclusive', () => {
    expect(evaluate({ kind: 'in', expr: col('s'), list: [lit('x'), lit('abc')], negated: false, type: 'boolean' })).toBe(true);
    expect(evaluate({ kind: 'in', expr: col('s'), list: [lit('x')], negated: true, type: 'boolean' })).toBe(true);
    expect(evaluate({ kind: 'between', expr: col('a'), low: lit(1), high: lit(1), negated: false, type: 'boolean' })).toBe(true);
  });

  test('LIKE: % any run, _ one character', () => {
    expect(evaluate({ kind: 'like', expr: col('s'), pattern: lit('a_c'), negated: false, type: 'boolean' })).toBe(true);
    expect(evaluate({ kind: 'like', expr: col('s'), pattern: lit('b%'), negated: true, type: 'boolean' })).toBe(true);
  });

  test('CASE takes the first TRUE branch; no match and no ELSE is NULL', () => {
    const kase = (otherwise: PlanExpr | null): PlanExpr => ({
      kind: 'case',
      branches: [
        { when: col('n'), then: lit('null-branch') },
        { when: bin('>', col('a'), lit(0)), then: lit('positive') },
      ],
      otherwise,
      type: 'string',
    });
    expect(evaluate(kase(null))).toBe('positive');
    expect(evaluate({ ...kase(null), branches: [] } as PlanExpr)).toBeNull();
  });

  test('system columns: _EVENT_TIME falls back to _TIMESTAMP unless configured to NULL', () => {
    const noEventTime = rec({}, null, { timestamp: 42 });
    expect(compileExpr(sys('_EVENT_TIME'))(noEventTime, ctx)).toBe(42);
    expect(compileExpr(sys('_EVENT_TIME'), { eventTimeFallback: 'null', subqueries: null })(noEventTime, ctx)).toBeNull();
    expect(evaluate(sys('_EVENT_TIME'))).toBe(5000);
  });
});

describe('compilation', () => {
  test('a call with constant arguments is evaluated once, at compile time', () => {
    let calls = 0;
    const upper: ScalarFunction = {
      name: 'UPPER',
      aliases: [],
      kind: 'scalar',
      minArgs: 1,
      maxArgs: 1,
      signature: 'UPPER(s)',
      doc: '',
      returnType: () => 'string',
      call: (args) => {
        calls++;
        return String(args[0]).toUpperCase();
      },
    };
    const f = compileExpr(bin('||', call(upper, [lit('a')]), col('s')));
    expect(calls).toBe(1);
    expect([f(r, ctx), f(r, ctx)]).toEqual(['Aabc', 'Aabc']);
    expect(calls).toBe(1);
  });

  test('a constant expression that raises is left to raise per record', () => {
    const f = compileExpr({ kind: 'cast', expr: lit('x'), target: 'INTEGER', type: 'integer' });
    expect(() => f(r, ctx)).toThrow();
  });
});
