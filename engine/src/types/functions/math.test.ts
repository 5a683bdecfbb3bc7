import { formatValue } from '../values/format';
import { decimal, valueErrorCode } from '../values/testkit';
import { callFunction as call } from './testkit';

describe('math functions (§11.2)', () => {
  test('ABS keeps the numeric type', () => {
    expect(formatValue(call('ABS', [decimal('-12.50')]))).toBe('12.50');
    expect(call('abs', [-3])).toBe(3);
    expect(call('ABS', [-2.5])).toBe(2.5);
    expect(call('ABS', [null])).toBeNull();
  });

  test('ROUND: Float half away from zero, ScaledInteger keeps its scale, Integer unchanged', () => {
    expect(call('ROUND', [2.5])).toBe(3);
    expect(call('ROUND', [-2.5])).toBe(-3);
    expect(call('ROUND', [1.005, 2])).toBe(1.01);
    expect(call('ROUND', [3.14159, 3])).toBe(3.142);
    expect(call('ROUND', [1234.5, -2])).toBe(1200);
    expect(formatValue(call('ROUND', [decimal('12.345'), 2]))).toBe('12.350');
    expect(formatValue(call('ROUND', [decimal('12.345')]))).toBe('12.000');
    expect(formatValue(call('ROUND', [decimal('-12.355'), 1]))).toBe('-12.400');
    expect(formatValue(call('ROUND', [decimal('12.3'), 4]))).toBe('12.3');
    expect(call('ROUND', [7, 2])).toBe(7);
    expect(call('ROUND', [2.5, null])).toBeNull();
  });

  test('CEIL and FLOOR return Integers, also for ScaledIntegers', () => {
    expect(call('CEIL', [1.2])).toBe(2);
    expect(call('CEILING', [-1.2])).toBe(-1);
    expect(call('FLOOR', [-1.2])).toBe(-2);
    expect(call('FLOOR', [decimal('-12.75')])).toBe(-13);
    expect(call('FLOOR', [decimal('12.75')])).toBe(12);
    expect(call('CEIL', [decimal('12.01')])).toBe(13);
    expect(call('CEIL', [decimal('-12.01')])).toBe(-12);
    expect(call('FLOOR', [decimal('12.00')])).toBe(12);
    expect(call('CEIL', [5])).toBe(5);
  });

  test('SQRT and POWER are Floats; SQRT of a negative number is an error', () => {
    expect(call('SQRT', [16])).toBe(4);
    expect(call('SQRT', [decimal('2.25')])).toBe(1.5);
    expect(valueErrorCode(() => call('SQRT', [-1]))).toBe('ARGUMENT_ERROR');
    expect(call('POWER', [2, 10])).toBe(1024);
    expect(call('POW', [2, 0.5])).toBeCloseTo(1.41421356, 8);
  });

  test('MOD: sign of the dividend, NULL for a zero divisor, Scaled at the larger scale', () => {
    expect(call('MOD', [-7, 3])).toBe(-1);
    expect(call('MOD', [7, -3])).toBe(1);
    expect(call('MOD', [7, 0])).toBeNull();
    expect(call('MOD', [7.5, 2])).toBe(1.5);
    expect(formatValue(call('MOD', [decimal('7.50'), 2]))).toBe('1.50');
    expect(formatValue(call('MOD', [decimal('-7.5'), decimal('2.00')]))).toBe('-1.50');
  });

  test('LEAST and GREATEST compare numbers across types; NULL gives NULL', () => {
    expect(call('LEAST', [3, 1.5, decimal('2.00')])).toBe(1.5);
    expect(formatValue(call('GREATEST', [3, decimal('3.50'), 2]))).toBe('3.50');
    expect(call('GREATEST', ['a', 'b'])).toBe('b');
    expect(call('LEAST', [1, null])).toBeNull();
  });
});
