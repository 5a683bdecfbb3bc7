/**
 * The record a join emits (dialect §4.4, §10.3): left payload fields, then right payload fields
 * under their bare names, a right name that collides with a left one as `right_<col>` — as the
 * planner decided (`JoinNode.rightFields`) for the columns it knows, so expressions above the join
 * read the field it chose even when a left record has fields its schema did not declare. A side
 * without a match contributes NULLs. Headers are the left side's; the event time is the later of
 * the two (a later `AS _EVENT_TIME` item may override it); the message key is unset (the
 * projection above sets it).
 */
import type { JoinNode } from '../../plan/logical';
import { outputColumns } from '../../plan/logical';
import type { StreamRecord } from '../record';
import type { Value } from '../values/types';

export class JoinedRecords {
  /** Left field names when the left schema is known; else learnt from the left records seen. */
  private readonly leftNames: Set<string>;
  private readonly leftKnown: boolean;
  /** Right payload columns, so a missing right side still yields its (NULL) fields. */
  private readonly rightNames: string[] | null;
  /** The planner's field names for right columns (`JoinNode.rightFields`). */
  private readonly rightFields: ReadonlyMap<string, string>;

  constructor(node: JoinNode) {
    const left = outputColumns(node.left);
    this.leftKnown = left !== null;
    this.leftNames = new Set(left?.map((c) => c.name) ?? []);
    this.rightNames = outputColumns(node.right)?.map((c) => c.name) ?? null;
    this.rightFields = new Map(Object.entries(node.rightFields ?? {}));
  }

  combine(left: StreamRecord | null, right: StreamRecord | null): StreamRecord {
    const fields: Record<string, Value> = {};
    if (left) {
      for (const name in left.fields) {
        fields[name] = left.fields[name];
        if (!this.leftKnown) this.leftNames.add(name);
      }
    } else {
      for (const name of this.leftNames) fields[name] = null;
    }
    if (right) {
      for (const name in right.fields) fields[this.rightName(name)] = right.fields[name];
    } else if (this.rightNames) {
      for (const name of this.rightNames) fields[this.rightName(name)] = null;
    }
    const base = (left ?? right)!;
    return {
      fields,
      timestamp: Math.max(left?.timestamp ?? -Infinity, right?.timestamp ?? -Infinity),
      eventTime: laterEventTime(left, right),
      offset: base.offset,
      partition: base.partition,
      key: null,
      headers: left ? left.headers : right!.headers,
    };
  }

  private rightName(name: string): string {
    return this.rightFields.get(name) ?? (this.leftNames.has(name) ? `right_${name}` : name);
  }
}

function laterEventTime(left: StreamRecord | null, right: StreamRecord | null): number | null {
  const l = left?.eventTime ?? null;
  const r = right?.eventTime ?? null;
  if (l === null) return r;
  if (r === null) return l;
  return Math.max(l, r);
}
