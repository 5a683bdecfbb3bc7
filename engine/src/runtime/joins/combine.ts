/**
 * The record a join emits (dialect §4.4, §10.3): left payload fields, then right payload fields
 * under their bare names, a right name that collides with a left one as `right_<col>` — as the
 * planner decided (`JoinNode.rightFields`) for the columns it knows, so expressions above the join
 * read the field it chose even when a left record has fields its schema did not declare. A side
 * without a match contributes NULLs. Headers are the left side's; the event time is the later of
 * the two (a later `AS _EVENT_TIME` item may override it); the message key is unset (the
 * projection above sets it).
 *
 * When both sides' columns are known, a matched pair whose records hold exactly those fields is
 * built by one generated object literal (operators/shape.ts): no per-column name lookups.
 */
import type { JoinNode } from '../../plan/logical';
import { outputColumns } from '../../plan/logical';
import type { StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import { fieldRead, hasExactly, literalBuilder, type Fields } from '../operators/shape';

export class JoinedRecords {
  /** Left field names when the left schema is known; else learnt from the left records seen. */
  private readonly leftNames: Set<string>;
  private readonly leftKnown: boolean;
  /** Right payload columns, so a missing right side still yields its (NULL) fields. */
  private readonly rightNames: string[] | null;
  /** The planner's field names for right columns (`JoinNode.rightFields`). */
  private readonly rightFields: ReadonlyMap<string, string>;
  /** The fixed-shape builder for records with exactly the known fields; null when a side is unknown. */
  private readonly pair: { left: string[]; right: string[]; build: PairBuilder } | null;

  constructor(node: JoinNode) {
    const left = outputColumns(node.left);
    this.leftKnown = left !== null;
    this.leftNames = new Set(left?.map((c) => c.name) ?? []);
    this.rightNames = outputColumns(node.right)?.map((c) => c.name) ?? null;
    this.rightFields = new Map(Object.entries(node.rightFields ?? {}));
    this.pair =
      left && this.rightNames
        ? pairBuilder(
            left.map((c) => c.name),
            this.rightNames,
            (n) => this.rightName(n),
          )
        : null;
  }

  combine(left: StreamRecord | null, right: StreamRecord | null): StreamRecord {
    const pair = this.pair;
    const fields =
      pair !== null &&
      left !== null &&
      right !== null &&
      hasExactly(left.fields, pair.left) &&
      hasExactly(right.fields, pair.right)
        ? pair.build(left.fields, right.fields)
        : this.combineFields(left, right);
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

  /** The general path: any fields, in the order the records hold them. */
  private combineFields(
    left: StreamRecord | null,
    right: StreamRecord | null,
  ): Record<string, Value> {
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
    return fields;
  }

  private rightName(name: string): string {
    return this.rightFields.get(name) ?? (this.leftNames.has(name) ? `right_${name}` : name);
  }
}

type PairBuilder = (left: Fields, right: Fields) => Fields;

/** The literal of a matched pair: left names, then each right name as renamed. */
function pairBuilder(
  left: string[],
  right: string[],
  rename: (name: string) => string,
): { left: string[]; right: string[]; build: PairBuilder } | null {
  const build = literalBuilder<PairBuilder>(
    ['l', 'r'],
    [
      ...left.map((name): [string, string] => [name, fieldRead('l', name)]),
      ...right.map((name): [string, string] => [rename(name), fieldRead('r', name)]),
    ],
  );
  return build && { left, right, build };
}

/** The later event time of the two sides (either may be missing or have none). */
export function laterEventTime(left: StreamRecord | null, right: StreamRecord | null): number | null {
  const l = left?.eventTime ?? null;
  const r = right?.eventTime ?? null;
  if (l === null) return r;
  if (r === null) return l;
  return Math.max(l, r);
}
