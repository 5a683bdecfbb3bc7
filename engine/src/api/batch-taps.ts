/**
 * A query's input on its way from the source to the runtime passes through watchers: source
 * health, delivery's offset tracking, the wait for lookup tables. Each is a tap: one promise step
 * per batch. As async generators they cost several microtask hops per batch each, which at a
 * thousand batches per million records was a third of a fast aggregate's time (issue 15).
 */
import type { Batch } from '../types/record';

export interface Tap {
  /** Waited for before the first batch is asked for. */
  before?: Promise<void>;
  /** Sees each batch before the reader gets it. */
  each?: (batch: Batch) => void;
  /** Called once the input has ended (not when the reader stops early). */
  end?: () => void;
}

export function tapped(input: AsyncIterable<Batch>, tap: Tap): AsyncIterable<Batch> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<Batch> {
      const inner = input[Symbol.asyncIterator]();
      let waiting = tap.before;
      const seen = (result: IteratorResult<Batch>): IteratorResult<Batch> => {
        if (result.done) tap.end?.();
        else tap.each?.(result.value);
        return result;
      };
      return {
        next: () => {
          if (waiting === undefined) return inner.next().then(seen);
          const ready = waiting;
          waiting = undefined;
          return ready.then(() => inner.next()).then(seen);
        },
        return: (value?: unknown) => (inner.return ? inner.return(value) : Promise.resolve({ done: true as const, value })),
      };
    },
  };
}
