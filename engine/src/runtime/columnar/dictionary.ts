/**
 * Values of one key column ↔ dense codes (the columnar aggregates' GROUP BY columns, the
 * columnar OVER's PARTITION BY), and the translation of a producer's key codes into them.
 */
import type { KeyDictionary } from '../../types/columns';
import type { Value } from '../../types/values/types';

/**
 * One key column's values ↔ dense codes, first seen first. Strings go through a Map; integers through
 * typed arrays: a small non-negative integer (ids, account numbers) indexes a direct table —
 * one array read per row, no hashing, 4–8 bytes per key — and any other integer goes through an
 * open-addressing table (a million integer keys: no Map entries to grow and rehash, and 12–24
 * bytes each instead of a Map entry's ~40).
 */
export class Dictionary {
  private readonly strings = new Map<string, number>();
  /** Code + 1 per integer `i` at index `i` (0: not there); grown while the keys stay dense. */
  private direct = new Int32Array(1024);
  private slotKeys = new Float64Array(1024);
  /** Code + 1 per slot of `slotKeys`; 0 marks an empty slot. */
  private slotCodes = new Int32Array(1024);
  /** Integer keys in the open-addressing table. */
  private hashed = 0;
  /** The code of NULL, once met: NULL keys form one group, as GROUP BY has them. */
  private nullCode = -1;
  readonly values: Value[] = [];

  codeOf(value: string | number | null): number {
    if (value === null) return this.codeOfNull();
    if (typeof value === 'number') return this.codeOfInteger(value);
    let code = this.strings.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.strings.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  codeOfNull(): number {
    if (this.nullCode < 0) {
      this.nullCode = this.values.length;
      this.values.push(null);
    }
    return this.nullCode;
  }

  /** The code of a safe integer (not −0). */
  codeOfInteger(value: number): number {
    const direct = this.direct;
    if (value >= 0 && value < direct.length) {
      const code = direct[value];
      if (code !== 0) return code - 1;
    }
    // A key may sit in the open-addressing table though the direct table has grown to cover it since.
    const mask = this.slotCodes.length - 1;
    let slot = hashInteger(value) & mask;
    if (this.hashed > 0) {
      for (;;) {
        const code = this.slotCodes[slot];
        if (code === 0) break;
        if (this.slotKeys[slot] === value) return code - 1;
        slot = (slot + 1) & mask;
      }
    }
    const code = this.values.length;
    this.values.push(value);
    if (value >= 0 && this.reachesDirectly(value)) {
      this.direct[value] = code + 1;
      return code;
    }
    while (this.slotCodes[slot] !== 0) slot = (slot + 1) & mask;
    this.slotKeys[slot] = value;
    this.slotCodes[slot] = code + 1;
    if (++this.hashed * 2 > this.slotCodes.length) this.rehash();
    return code;
  }

  /**
   * Whether the non-negative integer `value` gets a direct-table entry, growing the table to
   * reach it while its length stays within 8 entries per key seen (so sparse keys cost no more
   * than the open-addressing table would).
   */
  private reachesDirectly(value: number): boolean {
    if (value < this.direct.length) return true;
    let length = this.direct.length * 2;
    while (length <= value) length *= 2;
    if (length > 8 * this.values.length) return false;
    const bigger = new Int32Array(length);
    bigger.set(this.direct);
    this.direct = bigger;
    return true;
  }

  private rehash(): void {
    const [keys, codes] = [this.slotKeys, this.slotCodes];
    this.slotKeys = new Float64Array(keys.length * 2);
    this.slotCodes = new Int32Array(codes.length * 2);
    const mask = this.slotCodes.length - 1;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] === 0) continue;
      let slot = hashInteger(keys[i]) & mask;
      while (this.slotCodes[slot] !== 0) slot = (slot + 1) & mask;
      this.slotKeys[slot] = keys[i];
      this.slotCodes[slot] = codes[i];
    }
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * A producer's `KeyDictionary` codes → a query's `Dictionary` codes, for the last producer
 * dictionary seen (producers share one per column): one lookup per distinct key, extended as
 * the producer's dictionary grows.
 */
export class KeyTranslation {
  private from: KeyDictionary | null = null;
  private codes: number[] = [];

  constructor(private readonly dictionary: Dictionary) {}

  codesOf(from: KeyDictionary): number[] {
    if (this.from !== from) [this.from, this.codes] = [from, []];
    const codes = this.codes;
    for (let c = codes.length; c < from.values.length; c++) codes.push(this.dictionary.codeOf(from.values[c]));
    return codes;
  }
}

/** A 32-bit mix of a safe integer's low and high words. */
function hashInteger(x: number): number {
  const low = x | 0;
  const high = (x - low) / 4294967296;
  const h = Math.imul(low ^ Math.imul(high | 0, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}
