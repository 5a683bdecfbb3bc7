/**
 * Frames (dialect §7.1, §7.2): which rows of a partition's ordered view, around the current
 * row, an aggregate or NTH_VALUE sees. ROWS bounds count rows; RANGE bounds compare the first
 * ORDER BY value (numbers, epoch-ms Integers, Timestamps, Dates; an INTERVAL offset is in ms).
 * The result is an inclusive index range, empty when start > end.
 */
import type { FrameBound, OverCall } from '../../plan/logical';
import type { Value } from '../../types/values/types';
import { Scaled, SqlDate, Timestamp } from '../../types/values/types';
import { scaledToNumber } from '../../types/values/decimal';
import { typeError } from '../../types/values/errors';
import { typeName } from '../../types/values/kinds';
import type { Entry } from './call';

export type Frame = NonNullable<OverCall['frame']>;

export function frameRange(
  frame: Frame,
  view: readonly Entry[],
  cur: number,
  descending: boolean,
): [number, number] {
  const last = view.length - 1;
  if (frame.units === 'rows') {
    return [
      Math.max(0, rowsBound(frame.start, cur, last)),
      Math.min(last, rowsBound(frame.end, cur, last)),
    ];
  }
  const distance = rangeDistances(view, cur, descending);
  const lower = rangeOffset(frame.start, -Infinity);
  const upper = rangeOffset(frame.end, Infinity);
  let start = 0;
  while (start <= last && distance(start) < lower) start++;
  let end = last;
  while (end >= 0 && distance(end) > upper) end--;
  return [start, end];
}

function rowsBound(bound: FrameBound, cur: number, last: number): number {
  switch (bound.kind) {
    case 'unboundedPreceding':
      return 0;
    case 'unboundedFollowing':
      return last;
    case 'currentRow':
      return cur;
    case 'preceding':
      return cur - bound.offset;
    case 'following':
      return cur + bound.offset;
  }
}

/** A RANGE bound as a signed distance from the current row's value along the ORDER BY direction. */
function rangeOffset(bound: FrameBound, unbounded: number): number {
  switch (bound.kind) {
    case 'unboundedPreceding':
    case 'unboundedFollowing':
      return unbounded;
    case 'currentRow':
      return 0;
    case 'preceding':
      return -bound.offset;
    case 'following':
      return bound.offset;
  }
}

/**
 * Signed distance of each row's first ORDER BY value from the current row's, positive after it
 * in ORDER BY direction. Without ORDER BY every row is a peer (distance 0); NULL sorts first.
 */
function rangeDistances(
  view: readonly Entry[],
  cur: number,
  descending: boolean,
): (i: number) => number {
  if (view[cur].order.length === 0) return () => 0;
  const here = view[cur].order[0];
  const origin = here === null ? null : axisValue(here);
  const sign = descending ? -1 : 1;
  return (i) => {
    const v = view[i].order[0];
    if (v === null) return origin === null ? 0 : -sign * Infinity;
    if (origin === null) return sign * Infinity;
    return sign * (axisValue(v) - origin);
  };
}

function axisValue(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Scaled) return scaledToNumber(v);
  if (v instanceof Timestamp || v instanceof SqlDate) return v.ms;
  throw typeError(`a RANGE frame needs a numeric or time ORDER BY value, got ${typeName(v)}`);
}
