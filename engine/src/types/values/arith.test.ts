import { Interval, Scaled, Timestamp, type Value } from './types';
import { add, concat, divide, modulo, multiply, negate, subtract } from './arith';
import { formatValue } from './format';
import { decimal, valueErrorCode } from './testkit';

/** Printed result plus its runtime type, so a test sees both value and type of each table row. */
const show = (v: Value): string => `${v instanceof Scaled ? 'DECIMAL' : v === null ? 'NULL' : typeof v} ${formatValue(v)}`;

describe('§5.4 arithmetic table', () => {
  test('Int ± Int, Int × Int → Integer; Int / Int → Float', () => {
    expect(add(2, 3)).toBe(5);
    expect(subtract(2, 3)).toBe(-1);
    expect(multiply(4, 5)).toBe(20);
    expect(divide(7, 2)).toBe(3.5);
    expect(divide(1, 3)).toBeCloseTo(0.3333333333, 9);
  });

  test('Integers crossing 2^53 become exact bigints; beyond i64 is an overflow error', () => {
    expect(add(9007199254740991, 2)).toBe(9007199254740993n);
    expect(multiply(3000000000, 3000000000)).toBe(9000000000000000000n);
    expect(subtract(9007199254740993n, 2)).toBe(9007199254740991);
    expect(valueErrorCode(() => multiply(3037000500, 3037000500))).toBe('OVERFLOW');
  });

  test('Int with Float and Float with Float → Float', () => {
    expect(add(1, 0.5)).toBe(1.5);
    expect(add(0.1, 0.2)).toBe(0.30000000000000004);
    expect(multiply(0.5, 3)).toBe(1.5);
  });

  test('Scaled ± Scaled → scale max(s1, s2), exact', () => {
    expect(show(add(decimal('0.1'), decimal('0.2')))).toBe('DECIMAL 0.3');
    expect(show(add(decimal('0.10'), decimal('0.2')))).toBe('DECIMAL 0.30');
    expect(show(subtract(decimal('1.000'), decimal('0.25')))).toBe('DECIMAL 0.750');
  });

  test('Scaled ± Int keeps the scale; Scaled ± Float rounds the Float half away from zero first', () => {
    expect(show(add(decimal('1.25'), 2))).toBe('DECIMAL 3.25');
    expect(show(subtract(5, decimal('1.25')))).toBe('DECIMAL 3.75');
    expect(show(add(decimal('1.25'), 0.005))).toBe('DECIMAL 1.26');
    expect(show(subtract(decimal('1.25'), 0.005))).toBe('DECIMAL 1.24');
    expect(show(add(0.1, decimal('1.25')))).toBe('DECIMAL 1.35');
  });

  test('Scaled × Scaled → s1 + s2; × Int same scale; Scaled(s) × Float → Float rounded to s, scale 2s', () => {
    expect(show(multiply(decimal('1.5'), decimal('0.25')))).toBe('DECIMAL 0.375');
    expect(show(multiply(decimal('1.25'), 3))).toBe('DECIMAL 3.75');
    expect(show(multiply(decimal('1.5'), 2.25))).toBe('DECIMAL 3.45'); // 2.25 → 2.3; 1.5 × 2.3
    expect(show(multiply(decimal('12.50'), 100))).toBe('DECIMAL 1250.00');
  });

  test('Scaled / Scaled → scale max(0, s1 + 4 − s2), exact quotient truncated (D7)', () => {
    expect(show(divide(decimal('10.00'), decimal('3.0')))).toBe('DECIMAL 3.33333');
    expect(show(divide(decimal('1.5'), decimal('0.25')))).toBe('DECIMAL 6.000');
    expect(show(divide(decimal('-2.00'), decimal('3.00')))).toBe('DECIMAL -0.6666');
    expect(show(divide(new Scaled(1, 0), new Scaled(3, 5)))).toBe('DECIMAL 33333'); // 1 / 0.00003, scale 0
  });

  test('Scaled / Int keeps the scale; Int / Scaled has scale 4; both truncated toward zero', () => {
    expect(show(divide(decimal('10.00'), 3))).toBe('DECIMAL 3.33');
    expect(show(divide(decimal('-10.00'), 3))).toBe('DECIMAL -3.33');
    expect(show(divide(10, decimal('3.0')))).toBe('DECIMAL 3.3333');
  });

  test('Scaled(s) / Float and Float / Scaled(s): Float rounded to s decimals, quotient at scale s', () => {
    expect(show(divide(decimal('10.00'), 2.5))).toBe('DECIMAL 4.00');
    expect(show(divide(decimal('10.00'), 3.333))).toBe('DECIMAL 3.00'); // 10 / 3.33 = 3.003…
    expect(show(divide(7.5, decimal('2.00')))).toBe('DECIMAL 3.75');
    expect(divide(decimal('1.0'), 0.01)).toBeNull(); // 0.01 rounds to 0.0 at scale 1
  });

  test('any division or modulo by zero is NULL (D1)', () => {
    expect(divide(5, 0)).toBeNull();
    expect(divide(1.5, 0)).toBeNull();
    expect(divide(decimal('1.5'), decimal('0.00'))).toBeNull();
    expect(divide(decimal('1.5'), 0)).toBeNull();
    expect(modulo(5, 0)).toBeNull();
    expect(modulo(decimal('5.5'), decimal('0.0'))).toBeNull();
  });

  test('modulo: dividend sign for Integers, Float when a Float is involved, Scaled at max scale', () => {
    expect(modulo(-7, 3)).toBe(-1);
    expect(modulo(7, -3)).toBe(1);
    expect(modulo(7.5, 2)).toBe(1.5);
    expect(show(modulo(decimal('7.50'), 2))).toBe('DECIMAL 1.50');
    expect(show(modulo(decimal('7.5'), decimal('0.25')))).toBe('DECIMAL 0.00');
    expect(show(modulo(decimal('-7.5'), decimal('2')))).toBe('DECIMAL -1.5');
  });

  test('anything op NULL is NULL', () => {
    for (const op of [add, subtract, multiply, divide, modulo, concat]) {
      expect(op(null, 1)).toBeNull();
      expect(op(decimal('1.5'), null)).toBeNull();
    }
    expect(negate(null)).toBeNull();
  });

  test('instants ± Interval shift and keep their type; Interval ± Interval → Integer ms', () => {
    const t = Date.UTC(2024, 0, 1, 10);
    const hour = new Interval(3_600_000);
    expect(add(new Timestamp(t), hour)).toEqual(new Timestamp(t + 3_600_000));
    expect(subtract(new Timestamp(t), hour)).toEqual(new Timestamp(t - 3_600_000));
    expect(add(t, hour)).toBe(t + 3_600_000);
    expect(add(hour, t)).toBe(t + 3_600_000);
    expect(formatValue(add('2024-01-01T10:00:00', hour))).toBe('2024-01-01T11:00:00');
    expect(add(hour, new Interval(60_000))).toBe(3_660_000);
    expect(subtract(hour, new Interval(60_000))).toBe(3_540_000);
  });

  test('X33 calendar months: month end clamped, years are 12 months, epoch-ms Integers stay Integers', () => {
    const jan31 = Date.UTC(2024, 0, 31, 9, 0, 0);
    expect(add(new Timestamp(jan31), new Interval(0, 1))).toEqual(new Timestamp(Date.UTC(2024, 1, 29, 9, 0, 0)));
    expect(subtract(new Timestamp(Date.UTC(2024, 1, 29)), new Interval(0, 12))).toEqual(new Timestamp(Date.UTC(2023, 1, 28)));
    expect(add(jan31, new Interval(0, 2))).toBe(Date.UTC(2024, 2, 31, 9, 0, 0));
    expect(formatValue(add('2024-03-31T00:00:00', new Interval(0, 1)))).toBe('2024-04-30T00:00:00');
  });

  test('type errors: Timestamp − Timestamp, Interval × n, String + Integer', () => {
    expect(valueErrorCode(() => subtract(new Timestamp(5), new Timestamp(1)))).toBe('TYPE_ERROR');
    expect(valueErrorCode(() => multiply(new Interval(5), 2))).toBe('TYPE_ERROR');
    expect(valueErrorCode(() => add('a', 1))).toBe('TYPE_ERROR');
    expect(valueErrorCode(() => negate('a'))).toBe('TYPE_ERROR');
  });

  test('exact decimals beyond 2^53 stay exact', () => {
    expect(show(add(new Scaled(9007199254740991, 2), decimal('0.01')))).toBe('DECIMAL 90071992547409.92');
    expect(show(multiply(decimal('123456789.123'), decimal('1000000.001')))).toBe('DECIMAL 123456789246456.789123');
    expect(show(divide(new Scaled(10n ** 20n, 2), decimal('3.00')))).toBe('DECIMAL 333333333333333333.3333');
  });

  test('unary minus and || concatenation', () => {
    expect(show(negate(decimal('1.50')))).toBe('DECIMAL -1.50');
    expect(negate(5)).toBe(-5);
    expect(negate(new Interval(5))).toEqual(new Interval(-5));
    expect(concat('price=', decimal('12.50'))).toBe('price=12.50');
    expect(concat(20, true)).toBe('20true');
    expect(concat('t=', new Timestamp(0))).toBe('t=1970-01-01T00:00:00');
  });
});
