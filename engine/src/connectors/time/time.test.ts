import { compileStrftime } from './strftime';
import { parseIsoInstant } from '../../types/values/iso';

const parse = (pattern: string, text: string): number | null => {
  const compiled = compileStrftime(pattern);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.parse(text);
};

describe('strftime patterns for event.time.format', () => {
  test.each([
    ['%Y-%m-%d %H:%M:%S', '2024-01-15 09:30:05', Date.UTC(2024, 0, 15, 9, 30, 5)],
    ['%Y-%m-%d %H:%M:%S%.3f', '2024-01-15 09:30:05.123', Date.UTC(2024, 0, 15, 9, 30, 5, 123)],
    ['%Y-%m-%d %H:%M:%S%.f', '2024-01-15 09:30:05', Date.UTC(2024, 0, 15, 9, 30, 5)],
    ['%Y-%m-%dT%H:%M:%S%z', '2024-01-15T09:30:05+0100', Date.UTC(2024, 0, 15, 8, 30, 5)],
    ['%d/%b/%Y:%T', '15/Jan/2024:09:30:05', Date.UTC(2024, 0, 15, 9, 30, 5)],
    ['%m/%d/%y %I:%M %p', '01/15/24 09:30 PM', Date.UTC(2024, 0, 15, 21, 30)],
    ['%s', '1705311005', Date.UTC(2024, 0, 15, 9, 30, 5)],
    ['%F', '2024-02-29', Date.UTC(2024, 1, 29)],
  ])('%p reads %p', (pattern, text, expected) => {
    expect(parse(pattern, text)).toBe(expected);
  });

  test.each([
    ['%Y-%m-%d', '2024-02-30'],
    ['%Y-%m-%d', '2024-01-15 extra'],
    ['%H:%M', '24:00'],
    ['%Y-%m-%d %H:%M:%S%.3f', '2024-01-15 09:30:05.12'],
  ])('%p rejects %p', (pattern, text) => {
    expect(parse(pattern, text)).toBeNull();
  });

  test('an unsupported directive is an error message, not an exception', () => {
    expect(compileStrftime('%Y-%Q')).toEqual({ ok: false, message: "unsupported strftime directive '%Q' in '%Y-%Q'" });
  });
});

describe('ISO instants', () => {
  test('years below 100 are literal years', () => {
    expect(parseIsoInstant('0001-01-01')?.ms).toBe(new Date('0001-01-01T00:00:00Z').getTime());
  });
  test('fractions beyond milliseconds are truncated', () => {
    expect(parseIsoInstant('2024-01-01T00:00:00.123999Z')?.ms).toBe(Date.UTC(2024, 0, 1) + 123);
  });
});
