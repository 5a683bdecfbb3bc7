import { Scaled } from '../values/types';
import { valueErrorCode } from '../values/testkit';
import { callFunction as call } from './testkit';
import { sqlLike } from './like';

describe('string functions (§11.3)', () => {
  test('case and trimming', () => {
    expect(call('UPPER', ['abc'])).toBe('ABC');
    expect(call('LOWER', ['AbC'])).toBe('abc');
    expect(call('TRIM', ['  a b  '])).toBe('a b');
    expect(call('LTRIM', ['  a '])).toBe('a ');
    expect(call('RTRIM', ['  a '])).toBe('  a');
    // TRIM(BOTH|LEADING|TRAILING chars FROM s) (X34) plans as TRIM/LTRIM/RTRIM(s, chars)
    expect(call('TRIM', ['xxaxbxx', 'x'])).toBe('axb');
    expect(call('LTRIM', ['-_a-', '_-'])).toBe('a-');
    expect(call('RTRIM', ['-a-_', '_-'])).toBe('-a');
    expect(valueErrorCode(() => call('UPPER', [5]))).toBe('TYPE_ERROR');
  });

  test('LENGTH counts characters, not UTF-16 units', () => {
    expect(call('LENGTH', ['héllo'])).toBe(5);
    expect(call('LEN', ['😀a'])).toBe(2);
  });

  test('CONCAT skips NULL and prints decimals with their scale', () => {
    expect(call('CONCAT', ['a', null, new Scaled(150, 2), 2])).toBe('a1.502');
    expect(call('CONCAT', [null])).toBe('');
  });

  test('SUBSTRING is 1-based; a non-String is an error', () => {
    expect(call('SUBSTRING', ['streaming', 3, 4])).toBe('ream');
    expect(call('SUBSTRING', ['abc', 2])).toBe('bc');
    expect(call('SUBSTRING', ['abc', 0, 2])).toBe('ab');
    expect(call('SUBSTRING', ['a😀b', 2, 1])).toBe('😀');
    expect(valueErrorCode(() => call('SUBSTRING', [12, 1]))).toBe('TYPE_ERROR');
  });

  test('REPLACE, LEFT, RIGHT', () => {
    expect(call('REPLACE', ['a-b-c', '-', '+'])).toBe('a+b+c');
    expect(call('LEFT', ['hello', 2])).toBe('he');
    expect(call('RIGHT', ['hello', 3])).toBe('llo');
    expect(call('RIGHT', ['hi', 5])).toBe('hi');
    expect(call('RIGHT', ['hi', 0])).toBe('');
  });

  test('POSITION is 1-based, 0 when absent, and honours a start position', () => {
    expect(call('POSITION', ['b', 'abcb'])).toBe(2);
    expect(call('POSITION', ['b', 'abcb', 3])).toBe(4);
    expect(call('POSITION', ['z', 'abc'])).toBe(0);
    expect(call('POSITION', ['b', '😀ab'])).toBe(3);
  });

  test('SPLIT returns only the first piece; SPLIT_PART the n-th', () => {
    expect(call('SPLIT', ['a,b,c', ','])).toBe('a');
    expect(call('SPLIT', ['abc', ','])).toBe('abc');
    expect(call('SPLIT_PART', ['a,b,c', ',', 2])).toBe('b');
    expect(call('SPLIT_PART', ['a,b,c', ',', 5])).toBe('');
    expect(call('SPLIT_PART', ['a,b,c', ',', 0])).toBe('');
  });

  test('JOIN writes NULL values as NULL', () => {
    expect(call('JOIN', ['-', 'a', null, 3])).toBe('a-NULL-3');
    expect(call('JOIN', [null, 'a'])).toBeNull();
  });

  test('REGEXP and REGEXP_REPLACE (first match by default, g for all, i ignores case)', () => {
    expect(call('REGEXP', ['abc123', '[0-9]+'])).toBe(true);
    expect(call('REGEXP', ['abc', '^b'])).toBe(false);
    expect(valueErrorCode(() => call('REGEXP', ['abc', '(']))).toBe('ARGUMENT_ERROR');
    expect(call('REGEXP_REPLACE', ['a1b22', '[0-9]+', '#'])).toBe('a#b22');
    expect(call('REGEXP_REPLACE', ['a1b22', '[0-9]+', '#', 'g'])).toBe('a#b#');
    expect(call('REGEXP_REPLACE', ['ABC', 'b', 'x', 'i'])).toBe('AxC');
    expect(call('REGEXP_REPLACE', ['2024-01-05', '(\\d+)-(\\d+)-(\\d+)', '${3}/$2/$1'])).toBe('05/01/2024');
    expect(valueErrorCode(() => call('REGEXP_REPLACE', ['a', 'a', 'b', 'x']))).toBe('ARGUMENT_ERROR');
  });

  test('LPAD/RPAD pad with the pad text and truncate longer strings to their first n characters', () => {
    expect(call('LPAD', ['7', 3, '0'])).toBe('007');
    expect(call('LPAD', ['ab', 4])).toBe('  ab');
    expect(call('LPAD', ['hello', 3])).toBe('hel');
    expect(call('RPAD', ['ab', 5, 'xy'])).toBe('abxyx');
    expect(call('RPAD', ['abcdef', 2, '*'])).toBe('ab');
    expect(call('LPAD', ['ab', 5, ''])).toBe('ab');
  });
});

describe('LIKE', () => {
  test('% matches any run, _ one character, everything else literally', () => {
    expect(sqlLike('hello', 'h%o')).toBe(true);
    expect(sqlLike('hello', 'h_llo')).toBe(true);
    expect(sqlLike('hello', 'H%')).toBe(false);
    expect(sqlLike('hello', '%ell%')).toBe(true);
    expect(sqlLike('abc', 'a.c')).toBe(false);
    expect(sqlLike('a.c', 'a.c')).toBe(true);
    expect(sqlLike('(x)', '(%)')).toBe(true);
    expect(sqlLike('a\nb', 'a%b')).toBe(true);
    expect(sqlLike('😀', '_')).toBe(true);
  });

  test('NULL on either side is FALSE', () => {
    expect(sqlLike(null, '%')).toBe(false);
    expect(sqlLike('a', null)).toBe(false);
  });
});
