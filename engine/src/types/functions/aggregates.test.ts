import { Timestamp, type Value } from '../values/types';
import { formatValue } from '../values/format';
import { decimal, valueErrorCode } from '../values/testkit';
import { aggregatePanes, aggregateValues as agg, type AggregateOptions } from './testkit';

const rows = (values: Value[]): Value[][] => values.map((v) => [v]);

describe('COUNT family', () => {
  test('COUNT(*) counts rows, COUNT(x) non-NULL values', () => {
    expect(aggregatePanes('COUNT', [[[], [], []]])).toBe(3);
    expect(agg('COUNT', [1, null, 2])).toBe(2);
    expect(agg('COUNT', [])).toBe(0);
  });

  test('distinct counts treat equal numbers as one value and ignore NULL', () => {
    const values = [1, 1, decimal('1.0'), 2, null];
    expect(agg('COUNT', values, { distinct: true })).toBe(2);
    expect(agg('COUNT_DISTINCT', values)).toBe(2);
    expect(agg('APPROX_COUNT_DISTINCT', ['a', 'b', 'a'])).toBe(2);
  });
});

describe('SUM', () => {
  test('Integers sum to an Integer, crossing 2^53 exactly', () => {
    expect(agg('SUM', [1, 2, 3])).toBe(6);
    expect(agg('SUM', [9007199254740991, 10])).toBe(9007199254741001n);
  });

  test('ScaledIntegers sum exactly at the largest scale', () => {
    expect(formatValue(agg('SUM', [decimal('0.10'), decimal('0.20')]))).toBe('0.30');
    expect(formatValue(agg('SUM', [decimal('0.1'), decimal('0.25'), 1]))).toBe('1.35');
    expect(formatValue(agg('SUM', [1, decimal('0.5')]))).toBe('1.5');
    const tenths = Array.from({ length: 10 }, () => decimal('0.1'));
    expect(formatValue(agg('SUM', tenths))).toBe('1.0');
  });

  test('any Float makes the sum a Float; no input gives NULL', () => {
    expect(agg('SUM', [1, 0.5])).toBe(1.5);
    expect(agg('SUM', [decimal('0.10'), 0.5])).toBe(0.6);
    expect(agg('SUM', [])).toBeNull();
    expect(agg('SUM', [null, null])).toBeNull();
  });

  test('SUM(DISTINCT) and type errors', () => {
    expect(agg('SUM', [1, 1, 2, null], { distinct: true })).toBe(3);
    expect(valueErrorCode(() => agg('SUM', ['a']))).toBe('TYPE_ERROR');
  });
});

describe('AVG, MIN, MAX, DELTA', () => {
  test('AVG is a Float computed from the exact sum', () => {
    expect(agg('AVG', [1, 2])).toBe(1.5);
    expect(agg('AVG', [decimal('0.1'), decimal('0.2')])).toBe(0.15);
    expect(agg('AVG', [1, null, 3])).toBe(2);
    expect(agg('AVG', [])).toBeNull();
  });

  test('MIN/MAX over numbers of mixed types, Strings and Timestamps keep the input value', () => {
    expect(formatValue(agg('MIN', [3, decimal('1.50'), 2.5]))).toBe('1.50');
    expect(agg('MAX', [3, decimal('1.50'), 2.5, null])).toBe(3);
    expect(agg('MIN', ['b', 'a', 'c'])).toBe('a');
    expect(agg('MAX', ['b', 'a', 'c'])).toBe('c');
    expect(agg('MAX', [new Timestamp(5), new Timestamp(9), new Timestamp(1)])).toEqual(new Timestamp(9));
    expect(agg('MIN', [])).toBeNull();
  });

  test('DELTA is MAX − MIN in the input type', () => {
    expect(agg('DELTA', [3, 10, 7])).toBe(7);
    expect(formatValue(agg('DELTA', [decimal('1.50'), decimal('2.25')]))).toBe('0.75');
  });
});

describe('FIRST_VALUE, LAST_VALUE, STRING_AGG', () => {
  test('first and last non-NULL values in arrival order, also across merged panes', () => {
    expect(agg('FIRST_VALUE', [null, 'a', 'b'])).toBe('a');
    expect(agg('LAST', ['a', 'b', null])).toBe('b');
    expect(aggregatePanes('FIRST', [[['a']], [['b']]])).toBe('a');
    expect(aggregatePanes('FIRST_VALUE', [[], [['b']], [['c']]])).toBe('b');
    expect(aggregatePanes('LAST_VALUE', [[['a']], [['b']], []])).toBe('b');
  });

  test('STRING_AGG joins with the separator; LISTAGG defaults to a comma', () => {
    expect(agg('STRING_AGG', ['a', null, 'b'], { constantArgs: ['|'] })).toBe('a|b');
    expect(agg('GROUP_CONCAT', ['x', decimal('1.50')], { constantArgs: [', '] })).toBe('x, 1.50');
    expect(agg('LISTAGG', ['a', 'b'])).toBe('a,b');
    expect(agg('COLLECT', ['a', 'b'], { constantArgs: [';'] })).toBe('a;b');
    expect(agg('STRING_AGG', [], { constantArgs: [','] })).toBeNull();
  });

  test('ORDER BY inside STRING_AGG/LISTAGG sorts the values by their keys; ties keep arrival order, also across panes', () => {
    // rows: [value, key1, key2]
    const panes: Value[][][] = [[['c', 2, 'x'], ['a', 1, 'y']], [], [['b', 2, 'z'], [null, 0, 'w'], ['d', null, 'v']]];
    const byKey1 = panes.map((pane) => pane.map((row) => row.slice(0, 2)));
    expect(aggregatePanes('STRING_AGG', byKey1, { constantArgs: [','], descending: [false] })).toBe('d,a,c,b');
    expect(aggregatePanes('STRING_AGG', byKey1, { constantArgs: [','], descending: [true] })).toBe('c,b,a,d');
    expect(aggregatePanes('LISTAGG', panes, { descending: [true, false] })).toBe('c,b,a,d');
    expect(aggregatePanes('LISTAGG', panes, { descending: [true, true] })).toBe('b,c,a,d');
  });

  test('DISTINCT with ORDER BY keeps each value once, at its first place in sorted order', () => {
    const rows: Value[][] = [['x', 3], ['y', 1], ['x', 0], ['z', 2]];
    expect(aggregatePanes('STRING_AGG', [rows], { constantArgs: ['|'], distinct: true, descending: [false] })).toBe('x|y|z');
    expect(aggregatePanes('STRING_AGG', [rows], { constantArgs: ['|'], distinct: true })).toBe('x|y|z');
    expect(aggregatePanes('STRING_AGG', [rows], { constantArgs: ['|'], distinct: true, descending: [true] })).toBe('x|z|y');
  });
});

describe('statistics', () => {
  const data = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, squared deviations 32

  test('sample and population variance and standard deviation', () => {
    expect(agg('VARIANCE', data)).toBeCloseTo(32 / 7, 12);
    expect(agg('VAR_SAMP', data)).toBeCloseTo(32 / 7, 12);
    expect(agg('STDDEV', data)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(agg('STDDEV_SAMP', data)).toBeCloseTo(2.1380899353, 9);
    expect(agg('VAR_POP', data)).toBe(4);
    expect(agg('STDDEV_POP', data)).toBe(2);
  });

  test('one value: sample statistics are NULL, population statistics 0', () => {
    expect(agg('STDDEV', [5])).toBeNull();
    expect(agg('VARIANCE', [5])).toBeNull();
    expect(agg('STDDEV_POP', [5])).toBe(0);
    expect(agg('VAR_POP', [5])).toBe(0);
    expect(agg('STDDEV_POP', [])).toBeNull();
  });

  test('MEDIAN: middle value, mean of the middle two for an even count', () => {
    expect(agg('MEDIAN', [3, 1, 2])).toBe(2);
    expect(agg('MEDIAN', [4, 1, 3, 2])).toBe(2.5);
    expect(agg('MEDIAN', [decimal('1.5'), 2])).toBe(1.75);
    expect(agg('MEDIAN', [])).toBeNull();
  });

  test('PERCENTILE_CONT interpolates linearly between ranks', () => {
    const p = (q: number, values: Value[]) => agg('PERCENTILE_CONT', values, { constantArgs: [q] });
    expect(p(0.5, [1, 2, 3, 4])).toBe(2.5);
    expect(p(0.25, [10, 20, 30, 40, 50])).toBe(20);
    expect(p(0.9, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeCloseTo(9.1, 12);
    expect(p(0, [3, 1, 2])).toBe(1);
    expect(p(1, [3, 1, 2])).toBe(3);
    expect(valueErrorCode(() => p(1.5, [1]))).toBe('ARGUMENT_ERROR');
  });

  test('PERCENTILE_DISC returns the smallest input whose cumulative share reaches p', () => {
    const p = (q: number, values: Value[]) => agg('PERCENTILE_DISC', values, { constantArgs: [q] });
    expect(p(0.5, [4, 2, 3, 1])).toBe(2);
    expect(p(0.25, [10, 20, 30, 40])).toBe(10);
    expect(p(0.3, [10, 20, 30, 40])).toBe(20);
    expect(p(0, [10, 20])).toBe(10);
    expect(formatValue(p(1, [decimal('1.50'), decimal('2.25')]))).toBe('2.25');
  });

  test('CORR, COVAR and REGR over (y, x) pairs, ignoring pairs with NULL', () => {
    const line: Value[][] = [[3, 1], [5, 2], [7, 3], [9, 4], [null, 5], [1, null]]; // y = 2x + 1
    const run = (name: string, pairs: Value[][]) => aggregatePanes(name, [pairs]);
    expect(run('CORR', line)).toBeCloseTo(1, 12);
    expect(run('CORR', [[-1, 1], [-2, 2], [-3, 3]])).toBeCloseTo(-1, 12);
    expect(run('REGR_SLOPE', line)).toBeCloseTo(2, 12);
    expect(run('REGR_INTERCEPT', line)).toBeCloseTo(1, 12);
    expect(run('REGR_R2', line)).toBeCloseTo(1, 12);
    expect(run('COVAR_POP', [[1, 1], [2, 2], [3, 3]])).toBeCloseTo(2 / 3, 12);
    expect(run('COVAR_SAMP', [[1, 1], [2, 2], [3, 3]])).toBeCloseTo(1, 12);
    expect(run('COVAR_SAMP', [[1, 1]])).toBeNull();
    expect(run('REGR_SLOPE', [[1, 2], [3, 2]])).toBeNull(); // x constant: no slope
  });
});

describe('merging panes equals adding every row to one accumulator', () => {
  const values: Value[] = [5, decimal('1.25'), null, 7, 2, decimal('0.50'), 9, 2, 4];
  const panes = [rows(values.slice(0, 2)), rows(values.slice(2, 3)), [], rows(values.slice(3, 7)), rows(values.slice(7))];
  const cases: [string, AggregateOptions][] = ([
    ['COUNT'], ['COUNT', { distinct: true }], ['COUNT_DISTINCT'], ['SUM'], ['SUM', { distinct: true }], ['AVG'], ['MIN'],
    ['MAX'], ['DELTA'], ['FIRST_VALUE'], ['LAST_VALUE'], ['STRING_AGG', { constantArgs: ['/'] }], ['LISTAGG'], ['MEDIAN'],
    ['STDDEV'], ['STDDEV_POP'], ['VARIANCE'], ['VAR_POP'], ['PERCENTILE_CONT', { constantArgs: [0.3] }],
    ['PERCENTILE_DISC', { constantArgs: [0.7] }],
  ] as [string, AggregateOptions?][]).map(([name, options]) => [name, options ?? {}]);

  test.each(cases)('%s %j', (name, options) => {
    const whole = agg(name, values, options);
    const merged = aggregatePanes(name, panes, options);
    if (typeof whole === 'number' && !Number.isSafeInteger(whole)) expect(merged).toBeCloseTo(whole, 10);
    else expect(merged).toEqual(whole);
  });

  test.each(['CORR', 'COVAR_POP', 'COVAR_SAMP', 'REGR_SLOPE', 'REGR_INTERCEPT', 'REGR_R2'])('%s', (name) => {
    const pairs: Value[][] = [[1, 2], [3, 5], [2, 2.5], [null, 1], [8, 7], [4, 3.5], [6, 6]];
    const whole = aggregatePanes(name, [pairs]);
    const merged = aggregatePanes(name, [pairs.slice(0, 3), [], pairs.slice(3, 4), pairs.slice(4)]);
    expect(merged).toBeCloseTo(whole as number, 10);
  });
});
