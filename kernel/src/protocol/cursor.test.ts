import { codePointToUtf16, utf16ToCodePoint } from './cursor';

describe('cursor conversion', () => {
  // "a😀b𝔸c": code points a,😀,b,𝔸,c; UTF-16 units a,hi,lo,b,hi,lo,c.
  const text = 'a😀b𝔸c';

  it('maps code-point offsets to UTF-16 indices past astral characters', () => {
    expect([0, 1, 2, 3, 4, 5].map((cp) => codePointToUtf16(text, cp))).toEqual([0, 1, 3, 4, 6, 7]);
  });

  it('maps UTF-16 indices back to code points', () => {
    expect([0, 1, 3, 4, 6, 7].map((i) => utf16ToCodePoint(text, i))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('counts a cursor inside a surrogate pair as after the pair, and clamps out-of-range positions', () => {
    expect(utf16ToCodePoint(text, 2)).toBe(2);
    expect(codePointToUtf16(text, 99)).toBe(text.length);
    expect(utf16ToCodePoint(text, 99)).toBe(5);
    expect(utf16ToCodePoint(text, -1)).toBe(0);
  });

  it('is the identity on BMP-only text (accents count once)', () => {
    expect(codePointToUtf16('SELECT é', 8)).toBe(8);
    expect(utf16ToCodePoint('SELECT é', 8)).toBe(8);
  });
});
