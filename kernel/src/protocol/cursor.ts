/**
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2); JavaScript strings index
 * UTF-16 code units. Astral characters (emoji, 𝔸) take two units but one code point.
 */

/** Code-point offset → UTF-16 index; offsets past the end clamp to the string length. */
export function codePointToUtf16(text: string, codePoints: number): number {
  let index = 0;
  for (let cp = 0; cp < codePoints && index < text.length; cp++) {
    index += isHighSurrogateAt(text, index) ? 2 : 1;
  }
  return index;
}

/** UTF-16 index → code-point offset; an index inside a surrogate pair counts the pair as passed. */
export function utf16ToCodePoint(text: string, index: number): number {
  const end = Math.min(Math.max(index, 0), text.length);
  let codePoints = 0;
  for (let i = 0; i < end; i += isHighSurrogateAt(text, i) ? 2 : 1) codePoints++;
  return codePoints;
}

function isHighSurrogateAt(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdbff) return false;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}
