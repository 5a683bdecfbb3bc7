/**
 * Which Scans may hand out deferred batches (types/columns.ts: typed columns, records built only
 * when read): those whose batches go straight into an operator that reads typed columns — a
 * columnar aggregate (columnar.ts) or a columnar filter in front of one (columnar-filter.ts), a
 * columnar OVER with its select list fused in (columnar-over.ts), the stream side of a lookup
 * join with its select list fused in (lookup-projection.ts), or a select list straight over the
 * Scan (scan-projection.ts). Each of them builds the records itself when it needs them.
 */
import type { PlanNode, ScanNode } from './logical';
import { columnarShape } from './columnar';
import { columnarFilterOf } from './columnar-filter';
import { overProjection } from './columnar-over';
import { lookupProjection } from './lookup-projection';
import { scanProjection } from './scan-projection';

export function columnarInputs(root: PlanNode): Set<ScanNode> {
  const out = new Set<ScanNode>();
  const walk = (node: PlanNode): void => {
    if (node.kind === 'aggregate' && node.input.kind === 'scan' && columnarShape(node) !== null) out.add(node.input);
    if (node.kind === 'aggregate') {
      const scan = columnarFilterOf(node)?.filter.input;
      if (scan?.kind === 'scan') out.add(scan);
    }
    const projected = node.kind === 'project' ? scanProjection(node) : null;
    if (projected !== null) out.add(projected.scan);
    if (node.kind === 'project') {
      const over = overProjection(node)?.over.input;
      const stream = lookupProjection(node)?.join.left;
      if (over?.kind === 'scan') out.add(over);
      if (stream?.kind === 'scan') out.add(stream);
    }
    if (node.kind === 'join') {
      walk(node.left);
      walk(node.right);
    } else if (node.kind === 'union') node.inputs.forEach(walk);
    else if (node.kind !== 'scan') walk(node.input);
  };
  walk(root);
  return out;
}
