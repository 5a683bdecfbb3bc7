/** A binary min-heap of (deadline, item) pairs: the session windows' close/forget schedule. */
export class DeadlineHeap<T> {
  private readonly deadlines: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(deadline: number, item: T): void {
    const { deadlines, items } = this;
    let i = items.length;
    deadlines.push(deadline);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (deadlines[parent] <= deadline) break;
      deadlines[i] = deadlines[parent];
      items[i] = items[parent];
      i = parent;
    }
    deadlines[i] = deadline;
    items[i] = item;
  }

  /** The smallest deadline, or Infinity when empty. */
  peekDeadline(): number {
    return this.items.length > 0 ? this.deadlines[0] : Infinity;
  }

  /** Removes and returns the entry with the smallest deadline if it is ≤ `now`. */
  popDue(now: number): { deadline: number; item: T } | undefined {
    if (this.items.length === 0 || this.deadlines[0] > now) return undefined;
    const deadline = this.deadlines[0];
    return { deadline, item: this.pop() };
  }

  /** Removes the entry with the smallest deadline (the heap must not be empty) and returns its item. */
  pop(): T {
    const { deadlines, items } = this;
    const top = items[0];
    const lastDeadline = deadlines.pop()!;
    const lastItem = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && deadlines[l + 1] < deadlines[l] ? l + 1 : l;
        if (deadlines[c] >= lastDeadline) break;
        deadlines[i] = deadlines[c];
        items[i] = items[c];
        i = c;
      }
      deadlines[i] = lastDeadline;
      items[i] = lastItem;
    }
    return top;
  }

  /** The same entries in the same places with every item mapped: later pops come in the same order. */
  map<U>(f: (item: T) => U): DeadlineHeap<U> {
    const mapped = new DeadlineHeap<U>();
    for (let i = 0; i < this.items.length; i++) {
      mapped.deadlines.push(this.deadlines[i]);
      mapped.items.push(f(this.items[i]));
    }
    return mapped;
  }
}
