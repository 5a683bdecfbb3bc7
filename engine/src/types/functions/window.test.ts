import { cumeDist, denseRank, lag, lead, nthValue, ntile, percentRank, rank } from './window';

describe('window function helpers (§7.3)', () => {
  const prices = [10, 20, 30];

  test('LAG and LEAD by offset, with defaults', () => {
    expect(lag(prices, 2)).toBe(20);
    expect(lag(prices, 2, 2)).toBe(10);
    expect(lag(prices, 2, 3)).toBeNull();
    expect(lag(prices, 0, 1, -1)).toBe(-1);
    expect(lead(prices, 0)).toBe(20);
    expect(lead(prices, 2, 1, 'none')).toBe('none');
  });

  test('RANK leaves gaps after ties, DENSE_RANK does not', () => {
    const keys = [[1], [2], [2], [3]];
    const asc = [false];
    expect(rank(keys, [1], asc)).toBe(1);
    expect(rank(keys, [2], asc)).toBe(2);
    expect(rank(keys, [3], asc)).toBe(4);
    expect(denseRank(keys, [3], asc)).toBe(3);
    expect(rank(keys, [2], [true])).toBe(2); // DESC: only 3 comes first
    expect(rank([[1, 'b'], [1, 'a']], [1, 'b'], [false, false])).toBe(2);
  });

  test('PERCENT_RANK and CUME_DIST', () => {
    const keys = [[1], [2], [2], [3]];
    expect(percentRank(keys, [3], [false])).toBe(1);
    expect(percentRank(keys, [2], [false])).toBeCloseTo(1 / 3, 12);
    expect(percentRank([[5]], [5], [false])).toBe(0);
    expect(cumeDist(keys, [2], [false])).toBe(0.75);
    expect(cumeDist(keys, [1], [false])).toBe(0.25);
  });

  test('NTILE gives the first rows % n buckets one extra row', () => {
    expect(Array.from({ length: 10 }, (_, i) => ntile(4, i, 10))).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 4, 4]);
    expect(Array.from({ length: 3 }, (_, i) => ntile(5, i, 3))).toEqual([1, 2, 3]);
    expect(Array.from({ length: 6 }, (_, i) => ntile(3, i, 6))).toEqual([1, 1, 2, 2, 3, 3]);
  });

  test('NTH_VALUE is 1-based and NULL past the frame', () => {
    expect(nthValue(['a', 'b', 'c'], 2)).toBe('b');
    expect(nthValue(['a', 'b', 'c'], 4)).toBeNull();
    expect(nthValue(['a'], 0)).toBeNull();
  });
});
