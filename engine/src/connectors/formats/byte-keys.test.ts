import { ByteKeys, hashOf, MAX_KEY_BYTES } from './byte-keys';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const find = (keys: ByteKeys, text: string, hash = hashOf(bytes(text), 0, bytes(text).length)) => keys.find(bytes(text), 0, bytes(text).length, hash);
const remember = (keys: ByteKeys, text: string, code: number, hash = hashOf(bytes(text), 0, bytes(text).length)) =>
  keys.remember(bytes(text), 0, bytes(text).length, hash, code);

describe('String cells by their bytes (byte-keys.ts)', () => {
  test('a remembered cell is found by its bytes anywhere in a chunk; other bytes are not', () => {
    const keys = new ByteKeys();
    remember(keys, 'station_213', 7);
    const chunk = bytes('x;station_213;station_21;station_2130');
    expect(keys.find(chunk, 2, 13, hashOf(chunk, 2, 13))).toBe(7);
    expect(keys.find(chunk, 14, 24, hashOf(chunk, 14, 24))).toBe(-1);
    expect(keys.find(chunk, 25, 37, hashOf(chunk, 25, 37))).toBe(-1);
  });

  test('cells with the same hash are told apart by their bytes', () => {
    const keys = new ByteKeys();
    remember(keys, 'AAPL', 0, 42);
    remember(keys, 'MSFT', 1, 42);
    remember(keys, 'AAP', 2, 42);
    expect([find(keys, 'AAPL', 42), find(keys, 'MSFT', 42), find(keys, 'AAP', 42), find(keys, 'AAPM', 42), find(keys, 'BAPL', 42)]).toEqual([0, 1, 2, -1, -1]);
  });

  test('thousands of cells survive the table and arena growing', () => {
    const keys = new ByteKeys();
    const texts = Array.from({ length: 5000 }, (_, i) => `k${i}-${'é'.repeat(i % 7)}`);
    texts.forEach((text, i) => remember(keys, text, i));
    expect(texts.map((text) => find(keys, text))).toEqual(texts.map((_, i) => i));
    expect(find(keys, 'k5000-')).toBe(-1);
  });

  test('a cell longer than MAX_KEY_BYTES is never remembered', () => {
    const keys = new ByteKeys();
    const long = 'x'.repeat(MAX_KEY_BYTES + 1);
    remember(keys, long, 3);
    expect(find(keys, long)).toBe(-1);
  });
});
