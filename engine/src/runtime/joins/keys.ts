/**
 * What both join strategies evaluate per record: the key of one side (the composite of its ON
 * `=` expressions, compared like GROUP BY keys: `12.5` matches `12.50`; NULL matches NULL as
 * `NULL = NULL` is TRUE in the dialect, §5.3) and the residual ON condition over a joined record.
 */
import type { JoinNode, PlanExpr } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import { compileExpr, compilePredicate, type CompileOptions } from '../compile';
import type { RowContext } from '../context';
import { compositeKey } from '../../types/values/compare';

export type KeyFunction = (record: StreamRecord, ctx: RowContext) => string;

export function compileJoinKey(exprs: PlanExpr[], options: CompileOptions): KeyFunction {
  const parts = exprs.map((e) => compileExpr(e, options));
  if (parts.length === 1) {
    const [part] = parts;
    return (r, ctx) => compositeKey([part(r, ctx)]);
  }
  return (r, ctx) => {
    const values: Value[] = parts.map((p) => p(r, ctx));
    return compositeKey(values);
  };
}

export function joinKeys(
  node: JoinNode,
  options: CompileOptions,
): { left: KeyFunction; right: KeyFunction } {
  return {
    left: compileJoinKey(
      node.keys.map((k) => k.left),
      options,
    ),
    right: compileJoinKey(
      node.keys.map((k) => k.right),
      options,
    ),
  };
}

/** The rest of ON over a joined record; always TRUE when ON has only `=` pairs. */
export function compileResidual(
  node: JoinNode,
  options: CompileOptions,
): (joined: StreamRecord, ctx: RowContext) => boolean {
  if (!node.residual) return () => true;
  const predicate = compilePredicate(node.residual, options);
  return (joined, ctx) => {
    ctx.record = joined;
    return predicate(joined, ctx);
  };
}
