import { GroupNumbers } from './group-numbers';

describe('GroupNumbers', () => {
  test('keeps every number while it grows through the first page into further pages', () => {
    const numbers = new GroupNumbers();
    const n = 150_000; // the first page holds 32,768
    for (let g = 0; g < n; g++) {
      numbers.reserve(g + 1);
      numbers.set(g, g * 1.5 - 7);
    }
    expect(numbers.capacity).toBeGreaterThanOrEqual(n);
    const wrong = [];
    for (let g = 0; g < n; g++) if (numbers.get(g) !== g * 1.5 - 7) wrong.push(g);
    expect(wrong).toEqual([]);
  });

  test('cells of different pages are independent', () => {
    const numbers = new GroupNumbers();
    numbers.reserve(100_000);
    for (const g of [0, 32_767, 32_768, 65_535, 65_536, 99_999]) numbers.set(g, g);
    numbers.set(32_768, -1);
    expect([0, 32_767, 32_768, 65_535, 65_536, 99_999].map((g) => numbers.get(g))).toEqual([0, 32_767, -1, 65_535, 65_536, 99_999]);
  });

  test('reserves no more than one page beyond what is asked, once past the first page', () => {
    const numbers = new GroupNumbers();
    numbers.reserve(1_000_000);
    expect(numbers.capacity - 1_000_000).toBeLessThan(32_768);
  });
});
