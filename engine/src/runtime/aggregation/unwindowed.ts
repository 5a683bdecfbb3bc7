/**
 * GROUP BY without WINDOW (and aggregates without GROUP BY: one group) — dialect §8:
 *  - EMIT CHANGES (the default): after each input, the current row of that input's group;
 *  - EMIT FINAL: one row per group when the bounded input ends; nothing while it runs.
 */
import type { AggregateNode } from '../../plan/logical';
import { effectiveEmit } from '../../plan/logical';
import type { Batch } from '../../types/record';
import type { RowContext } from '../context';
import { newContext, recordError, type Operator, type OperatorEnv } from '../operators/operator';
import { AggregateEmitter, Group, Grouping, type GroupKey } from './groups';

export class UnwindowedAggregate implements Operator {
  protected readonly groups = new Map<GroupKey, Group>();
  protected readonly grouping: Grouping;
  protected readonly emitter: AggregateEmitter;
  protected readonly changes: boolean;
  private readonly ctx: RowContext;

  constructor(
    node: AggregateNode,
    protected readonly env: OperatorEnv,
    downstream: Operator,
  ) {
    this.grouping = new Grouping(node, env);
    this.emitter = new AggregateEmitter(node, env, this.grouping, downstream);
    this.changes = effectiveEmit(node) === 'changes';
    this.ctx = newContext(env);
  }

  push(batch: Batch): void {
    const { groups, grouping, ctx } = this;
    for (const r of batch) {
      ctx.record = r;
      try {
        const key = grouping.keyOf(r, ctx);
        let group = groups.get(key);
        if (group === undefined) {
          group = grouping.newGroup();
          groups.set(key, group);
          this.env.counters.groups++;
        }
        grouping.add(group, r, ctx, r.eventTime);
        if (this.changes) this.emitter.emit(group, null, null);
      } catch (e) {
        recordError(this.env, e, r);
      }
    }
    this.emitter.endStep();
  }

  flush(endOfInput: boolean): void {
    if (endOfInput && !this.changes) {
      for (const group of this.groups.values()) this.emitter.emit(group, null, null);
    }
    this.emitter.flush(endOfInput);
  }
}
