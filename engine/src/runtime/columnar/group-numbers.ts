/**
 * One number per group of a group table, in pages of V8 heap arrays of doubles.
 *
 * Why heap arrays and not `Float64Array`s: growing a million-group table allocates ~100 MB, and
 * ArrayBuffer memory counts as "external" to V8, which starts a full marking of the whole heap
 * for every 64 MB of it — in a process that holds a large heap (a notebook's data, the decoded
 * input) that marking costs more than the rows. Heap arrays of doubles hold no pointers (cheap to
 * mark) and count towards the ordinary heap limits.
 *
 * Why pages: a table that doubled one flat array would copy every number it holds at each
 * doubling, and leave the old array to the collector. The first page doubles up to full size (a
 * table of a hundred groups stays small); after it, growing adds a full page and copies nothing.
 * A full page (256 KB) is above V8's regular object size, so it is allocated where large objects
 * live and is never moved by the young-generation collector either.
 */
const PAGE_BITS = 15;
const PAGE = 1 << PAGE_BITS;
const IN_PAGE = PAGE - 1;
const FIRST_CAPACITY = 16;

/** What a new full page copies (a copy is faster than a fill); made when a table first needs one. */
let fullPage: number[] | null = null;

export class GroupNumbers {
  private readonly pages: number[][] = [doubles(FIRST_CAPACITY)];
  /** `pages[0]`, read without going through `pages` (most tables have one page). */
  private first = this.pages[0];
  /** Cells there are room for: every index below it can be set. */
  capacity = FIRST_CAPACITY;

  get(g: number): number {
    return g < PAGE ? this.first[g] : this.pages[g >>> PAGE_BITS][g & IN_PAGE];
  }

  set(g: number, x: number): void {
    if (g < PAGE) this.first[g] = x;
    else this.pages[g >>> PAGE_BITS][g & IN_PAGE] = x;
  }

  /** Makes room for at least `n` cells (cells are unset until `set`: every one is set before it is read). */
  reserve(n: number): void {
    while (this.capacity < n) {
      const first = this.pages[0];
      if (first.length < PAGE) {
        // The new cells repeat the old ones: one copy of doubles, with no fill.
        this.first = this.pages[0] = first.concat(first);
        this.capacity = this.first.length;
      } else {
        this.pages.push((fullPage ??= doubles(PAGE)).slice());
        this.capacity += PAGE;
      }
    }
  }
}

/** `n` cells filled with NaN, so V8 holds the array as doubles from the start, with no conversion when the first number is stored. */
function doubles(n: number): number[] {
  return new Array<number>(n).fill(NaN);
}
