import { Interval, SqlDate, Timestamp } from '../values/types';
import { valueErrorCode } from '../values/testkit';
import { callFunction as call, testContext, testRecord } from './testkit';
import { datediffUnit } from './calendar';

/** Monday 2024-01-01 10:30:15.250 UTC. */
const T = Date.UTC(2024, 0, 1, 10, 30, 15, 250);
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s);

describe('EXTRACT and the part functions', () => {
  test('every part of an epoch-ms instant', () => {
    const parts: Record<string, number> = {
      YEAR: 2024, MONTH: 1, DAY: 1, HOUR: 10, MINUTE: 30, SECOND: 15, DOW: 1, DOY: 1, WEEK: 1, QUARTER: 1,
      EPOCH: 1704105015, MILLISECOND: 250, MICROSECOND: 250000, NANOSECOND: 250000000,
    };
    for (const [part, expected] of Object.entries(parts)) expect([part, call('EXTRACT', [part, T])]).toEqual([part, expected]);
  });

  test('DOW counts from Sunday = 0; WEEK is the ISO week; DOY counts leap days', () => {
    expect(call('EXTRACT', ['DOW', utc(2021, 1, 3)])).toBe(0);
    expect(call('EXTRACT', ['WEEK', utc(2021, 1, 3)])).toBe(53); // Sunday of 2020-W53
    expect(call('EXTRACT', ['WEEK', utc(2024, 12, 30)])).toBe(1); // Monday of 2025-W01
    expect(call('EXTRACT', ['week', utc(2024, 6, 15)])).toBe(24);
    expect(call('EXTRACT', ['DOY', utc(2024, 12, 31)])).toBe(366);
    expect(call('EXTRACT', ['QUARTER', utc(2024, 10, 1)])).toBe(4);
  });

  test('Timestamps are accepted; unknown parts are errors', () => {
    expect(call('EXTRACT', ['YEAR', new Timestamp(T)])).toBe(2024);
    expect(valueErrorCode(() => call('EXTRACT', ['CENTURY', T]))).toBe('ARGUMENT_ERROR');
  });

  test('YEAR, MONTH, DAY, HOUR', () => {
    const t = utc(2023, 7, 14, 22);
    expect([call('YEAR', [t]), call('MONTH', [t]), call('DAY', [t]), call('HOUR', [new Timestamp(t)])]).toEqual([2023, 7, 14, 22]);
  });
});

describe('DATE_TRUNC', () => {
  test('truncates in UTC and returns the argument type', () => {
    expect(call('DATE_TRUNC', ['second', T])).toBe(utc(2024, 1, 1, 10, 30, 15));
    expect(call('DATE_TRUNC', ['minute', T])).toBe(utc(2024, 1, 1, 10, 30));
    expect(call('DATE_TRUNC', ['HOUR', T])).toBe(utc(2024, 1, 1, 10));
    expect(call('DATE_TRUNC', ['day', T])).toBe(utc(2024, 1, 1));
    expect(call('DATE_TRUNC', ['week', utc(2024, 1, 3, 12)])).toBe(utc(2024, 1, 1)); // Wednesday → Monday
    expect(call('DATE_TRUNC', ['week', utc(2024, 1, 7, 12)])).toBe(utc(2024, 1, 1)); // Sunday → previous Monday
    expect(call('DATE_TRUNC', ['month', utc(2024, 2, 15)])).toBe(utc(2024, 2, 1));
    expect(call('DATE_TRUNC', ['quarter', utc(2024, 5, 20)])).toBe(utc(2024, 4, 1));
    expect(call('DATE_TRUNC', ['year', T])).toBe(utc(2024, 1, 1));
    expect(call('DATE_TRUNC', ['hour', new Timestamp(T)])).toEqual(new Timestamp(utc(2024, 1, 1, 10)));
    expect(valueErrorCode(() => call('DATE_TRUNC', ['fortnight', T]))).toBe('ARGUMENT_ERROR');
  });
});

describe('DATE_FORMAT (strftime, UTC)', () => {
  test('common patterns', () => {
    expect(call('DATE_FORMAT', [T, '%Y-%m-%d %H:%M:%S'])).toBe('2024-01-01 10:30:15');
    expect(call('DATE_FORMAT', [T, '%Y%m%d'])).toBe('20240101');
    expect(call('DATE_FORMAT', [T, '%H:%M:%S%.3f'])).toBe('10:30:15.250');
    expect(call('DATE_FORMAT', [T, '%F %T'])).toBe('2024-01-01 10:30:15');
    expect(call('DATE_FORMAT', [new Timestamp(T), '%d/%m/%Y'])).toBe('01/01/2024');
  });

  test('names, padding modifiers, week numbers and literals', () => {
    expect(call('DATE_FORMAT', [T, '%a %b %e %j'])).toBe('Mon Jan  1 001');
    expect(call('DATE_FORMAT', [T, '%A %B'])).toBe('Monday January');
    expect(call('DATE_FORMAT', [T, '%-d/%-m/%y'])).toBe('1/1/24');
    expect(call('DATE_FORMAT', [utc(2024, 1, 1, 15), '%I %p %l%P'])).toBe('03 PM  3pm');
    expect(call('DATE_FORMAT', [utc(2021, 1, 3), '%G-W%V %u %w'])).toBe('2020-W53 7 0');
    expect(call('DATE_FORMAT', [T, '%s'])).toBe('1704105015');
    expect(call('DATE_FORMAT', [T, '100%% at %Hh'])).toBe('100% at 10h');
    expect(call('DATE_FORMAT', [utc(2024, 1, 1), '%S%.f|%6f'])).toBe('00|000000');
  });

  test('unknown specifiers are errors', () => {
    expect(valueErrorCode(() => call('DATE_FORMAT', [T, '%Q']))).toBe('ARGUMENT_ERROR');
    expect(valueErrorCode(() => call('DATE_FORMAT', [T, 'ends with %']))).toBe('ARGUMENT_ERROR');
  });
});

describe('DATEDIFF', () => {
  test('reference units', () => {
    const lateEvening = utc(2024, 1, 1, 23);
    const earlyMorning = utc(2024, 1, 2, 1);
    expect(call('DATEDIFF', ['days', lateEvening, earlyMorning])).toBe(1); // difference of UTC dates
    expect(call('DATEDIFF', ['hours', lateEvening, earlyMorning])).toBe(2);
    expect(call('DATEDIFF', ['hours', utc(2024, 1, 1, 10), utc(2024, 1, 1, 8, 30)])).toBe(-1); // −1.5 h truncated
    expect(call('DATEDIFF', ['years', utc(2023, 12, 31), utc(2024, 1, 1)])).toBe(1);
    expect(call('DATEDIFF', ['months', utc(2024, 1, 31), utc(2024, 3, 1)])).toBe(2);
    expect(call('DATEDIFF', ['quarters', utc(2023, 12, 15), utc(2024, 1, 15)])).toBe(1);
    expect(call('DATEDIFF', ['weeks', utc(2024, 1, 7), utc(2024, 1, 8)])).toBe(1); // Sunday W01 → Monday W02
    // 52·ΔISO-year + ΔISO-week, exactly as the reference computes it: 2020-W53 → 2021-W01 is 0.
    expect(call('DATEDIFF', ['weeks', utc(2020, 12, 28), utc(2021, 1, 4)])).toBe(0);
  });

  test('⊕X17: singular units, minutes, seconds, milliseconds; any case', () => {
    const start = utc(2024, 1, 1, 10);
    const end = start + 90_000;
    expect(call('DATEDIFF', ['minute', start, end])).toBe(1);
    expect(call('DATEDIFF', ['seconds', start, end])).toBe(90);
    expect(call('DATEDIFF', ['millisecond', start, end])).toBe(90_000);
    expect(call('DATEDIFF', ['DAYS', start, end + 86_400_000])).toBe(1);
    expect(call('DATEDIFF', ['day', new Timestamp(start), new Timestamp(end + 86_400_000)])).toBe(1);
    expect(datediffUnit('days')?.portable).toBe(true);
    expect(datediffUnit('day')?.portable).toBe(false);
    expect(datediffUnit('seconds')?.portable).toBe(false);
    expect(valueErrorCode(() => call('DATEDIFF', ['fortnights', start, end]))).toBe('ARGUMENT_ERROR');
  });
});

describe('clock, epoch and window functions', () => {
  const ctx = testContext({ now: () => Date.UTC(2024, 0, 1, 10, 30, 0, 123), record: testRecord({ timestamp: 42 }) });

  test('NOW, CURRENT_TIMESTAMP, CURRENT_DATE, TIMESTAMP()', () => {
    expect(call('NOW', [], ctx)).toBe(Date.UTC(2024, 0, 1, 10, 30, 0, 123));
    expect(call('CURRENT_TIMESTAMP', [], ctx)).toBe(Date.UTC(2024, 0, 1, 10, 30, 0, 123));
    expect(call('CURRENT_DATE', [], ctx)).toEqual(new SqlDate(utc(2024, 1, 1)));
    expect(call('TIMESTAMP', [], ctx)).toBe(42);
  });

  test('UNIX_TIMESTAMP and FROM_UNIXTIME', () => {
    expect(call('UNIX_TIMESTAMP', [T])).toBe(1704105015);
    expect(call('UNIX_TIMESTAMP', [], ctx)).toBe(1704105000);
    expect(call('FROM_UNIXTIME', [0])).toEqual(new Timestamp(0));
    expect(call('FROM_UNIXTIME', [1.5])).toEqual(new Timestamp(1500));
  });

  test('TUMBLE_START/END: the emitted window, else the bucket of (time, size)', () => {
    const inWindow = testContext({ windowStart: 60_000, windowEnd: 120_000 });
    expect(call('TUMBLE_START', [], inWindow)).toBe(60_000);
    expect(call('TUMBLE_END', [125_000, new Interval(60_000)], inWindow)).toBe(120_000);
    expect(call('TUMBLE_START', [125_000, new Interval(60_000)])).toBe(120_000);
    expect(call('TUMBLE_END', [125_000, new Interval(60_000)])).toBe(180_000);
    expect(call('TUMBLE_START', [], ctx)).toBe(42);
  });
});
