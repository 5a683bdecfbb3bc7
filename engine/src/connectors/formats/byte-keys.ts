/**
 * A CSV column's String cells by their UTF-8 bytes → their code in the column's KeyDictionary
 * (issue 15). A cell whose bytes were seen before gets its code, and with it the one shared
 * string, without the string being cut from the chunk, its text inferred, or hashed again by a
 * Map: the common case of a key column (symbols, station names) repeated millions of times.
 *
 * Only bytes that decoded to a String are remembered, and the same bytes of an undeclared column
 * always decode to the same value (inference reads the bytes alone, dialect spec §12.3), so a
 * hit gives exactly what decoding the cell would. Cells longer than MAX_KEY_BYTES are never
 * remembered: keys are short, and free text must not pile up in the arena.
 */
export const MAX_KEY_BYTES = 64;

/**
 * A cell's hash is FNV-1a over its bytes, which a scanner can fold in while it looks for the
 * cell's end: `h = KEY_HASH_SEED`, `h = Math.imul(h ^ byte, KEY_HASH_PRIME)` per byte, then `keyHash(h)`.
 */
export const KEY_HASH_SEED = 0x811c9dc5;
export const KEY_HASH_PRIME = 0x01000193;

/** The hash of a cell from its running FNV-1a value: the high half folded into the low bits slots use. */
export function keyHash(h: number): number {
  return h ^ (h >>> 16);
}

/** The hash of bytes `[start, end)` of `b`. */
export function hashOf(b: Buffer, start: number, end: number): number {
  let h = KEY_HASH_SEED;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], KEY_HASH_PRIME);
  return keyHash(h);
}

export class ByteKeys {
  /** The remembered cells' bytes, back to back. */
  private arena = Buffer.allocUnsafe(1024);
  private used = 0;
  private count = 0;
  /** Open addressing, linear probing: per slot the cell's hash, bytes in the arena, and code + 1 (0: empty). */
  private hashes = new Int32Array(64);
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private codes = new Int32Array(64);

  /** The code remembered for bytes `[start, end)` of `b`, whose `hashOf` is `hash`, or -1. */
  find(b: Buffer, start: number, end: number, hash: number): number {
    const length = end - start;
    if (length > MAX_KEY_BYTES) return -1;
    const codes = this.codes;
    const mask = codes.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const code = codes[s];
      if (code === 0) return -1;
      if (this.hashes[s] === hash && this.lengths[s] === length && this.equals(s, b, start, length)) return code - 1;
    }
  }

  /** Remembers that bytes `[start, end)` of `b` (whose `hashOf` is `hash`) decode to the String of `code` (short cells only). */
  remember(b: Buffer, start: number, end: number, hash: number, code: number): void {
    const length = end - start;
    if (length > MAX_KEY_BYTES) return;
    if ((this.count + 1) * 2 > this.codes.length) this.rehash(this.codes.length * 2);
    if (this.used + length > this.arena.length) {
      const arena = Buffer.allocUnsafe(this.arena.length * 2);
      this.arena.copy(arena, 0, 0, this.used);
      this.arena = arena;
    }
    b.copy(this.arena, this.used, start, end);
    this.place(hash, this.used, length, code + 1);
    this.used += length;
    this.count++;
  }

  private equals(slot: number, b: Buffer, start: number, length: number): boolean {
    const arena = this.arena;
    const at = this.starts[slot];
    for (let k = 0; k < length; k++) if (arena[at + k] !== b[start + k]) return false;
    return true;
  }

  private place(hash: number, start: number, length: number, codePlusOne: number): void {
    const mask = this.codes.length - 1;
    let s = hash & mask;
    while (this.codes[s] !== 0) s = (s + 1) & mask;
    this.hashes[s] = hash;
    this.starts[s] = start;
    this.lengths[s] = length;
    this.codes[s] = codePlusOne;
  }

  private rehash(capacity: number): void {
    const { hashes, starts, lengths, codes } = this;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.codes = new Int32Array(capacity);
    for (let s = 0; s < codes.length; s++) if (codes[s] !== 0) this.place(hashes[s], starts[s], lengths[s], codes[s]);
  }
}
