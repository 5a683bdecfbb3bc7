/**
 * The Scans whose batches go straight into a columnar operator — a columnar aggregate, or a
 * columnar filter in front of one — so their source may hand out typed columns without building
 * records (types/columns.ts).
 */
import type { PlanNode, ScanNode } from './logical';
import { columnarShape } from './columnar';
import { columnarFilterOf } from './columnar-filter';

export function columnarInputs(root: PlanNode): Set<ScanNode> {
  const out = new Set<ScanNode>();
  const walk = (node: PlanNode): void => {
    if (node.kind === 'aggregate' && node.input.kind === 'scan' && columnarShape(node) !== null) out.add(node.input);
    if (node.kind === 'aggregate') {
      const filtered = columnarFilterOf(node);
      if (filtered !== null && filtered.filter.input.kind === 'scan') out.add(filtered.filter.input);
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
