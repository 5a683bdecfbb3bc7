/**
 * UNION [ALL] (dialect §3.3): each branch runs as its own pipeline over its own sources; their
 * output batches are merged, in arrival order, into one downstream. The merged stream ends when
 * every branch has ended, so an operator after the union (DISTINCT for plain UNION, the output)
 * sees one end of input.
 */
import type { Operator } from './operator';

export class UnionMerge {
  /** One input per branch, in branch order. */
  readonly inputs: Operator[];
  private open: number;

  constructor(branches: number, downstream: Operator) {
    this.open = branches;
    this.inputs = Array.from({ length: branches }, () => {
      let ended = false;
      return {
        push: (batch) => downstream.push(batch),
        flush: (endOfInput) => {
          if (endOfInput && !ended) {
            ended = true;
            this.open--;
          }
          downstream.flush(this.open === 0);
        },
      };
    });
  }
}
