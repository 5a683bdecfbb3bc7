/**
 * Aggregate state stored flat in one array per group (`Group.slots`) instead of one accumulator
 * object per aggregate: a million groups of `COUNT(*), SUM(a), AVG(b), SUM(c)` then hold one
 * array of eight slots each rather than five objects. Each `SlotAggregate` is shared by every
 * group and reads/writes the `width` slots starting at `at`.
 *
 * COUNT, SUM, AVG, MIN and MAX have flat forms that give exactly the catalogue accumulator's
 * results (types/functions/aggregates.ts). SUM keeps an exact total and its scale; the first Float it
 * meets (or a value it rejects) hands the slot over to a real `SumAccumulator` seeded with the
 * exact total, so Float and error behaviour is the catalogue's own. Every other aggregate (and
 * DISTINCT) keeps its accumulator in one slot. `SUM(a * b)` of two columns multiplies in place.
 */
import type { AggregateCall, PlanExpr } from '../../plan/logical';
import type { Accumulator } from '../../types/functions/types';
import { SumAccumulator } from '../../types/functions/aggregates';
import { Scaled, type Value } from '../../types/values/types';
import { addUnscaled, scaledToNumber, shiftUp, type Unscaled } from '../../types/values/decimal';
import { orderCompare } from '../../types/values/compare';
import { multiply } from '../../types/values/arith';

export type Slots = unknown[];

export interface SlotAggregate {
  readonly width: number;
  init(slots: Slots, at: number): void;
  add(slots: Slots, at: number, args: Value[]): void;
  /** `into` ≡ having added `from`'s rows after its own (panes, sessions). */
  merge(into: Slots, from: Slots, at: number): void;
  result(slots: Slots, at: number): Value;
}

/** How a group's slots take one aggregate call: the state's form and the inputs it reads per record. */
export interface PlannedSlot {
  aggregate: SlotAggregate;
  args: PlanExpr[];
}

export function planSlot(call: AggregateCall): PlannedSlot {
  const arg = call.args[0];
  if (
    call.fn.name === 'SUM' &&
    !call.distinct &&
    arg?.kind === 'binary' &&
    arg.op === '*' &&
    arg.left.kind === 'column' &&
    arg.right.kind === 'column'
  )
    return { aggregate: SUM_OF_PRODUCT, args: [arg.left, arg.right] };
  return { aggregate: slotAggregate(call), args: call.args };
}

export function slotAggregate(call: AggregateCall): SlotAggregate {
  if (!call.distinct && !call.orderDescending?.length) {
    switch (call.fn.name) {
      case 'COUNT':
        return COUNT;
      case 'SUM':
        return SUM;
      case 'AVG':
        return AVG;
      case 'MIN':
        return MIN;
      case 'MAX':
        return MAX;
    }
  }
  return new AccumulatorSlot(() =>
    call.fn.create({ distinct: call.distinct, constantArgs: call.constantArgs, descending: call.orderDescending }),
  );
}

/** Any catalogue accumulator, kept whole in one slot. */
class AccumulatorSlot implements SlotAggregate {
  readonly width = 1;
  constructor(private readonly create: () => Accumulator) {}
  init(slots: Slots, at: number): void {
    slots[at] = this.create();
  }
  add(slots: Slots, at: number, args: Value[]): void {
    (slots[at] as Accumulator).add(args);
  }
  merge(into: Slots, from: Slots, at: number): void {
    (into[at] as Accumulator).merge(from[at] as Accumulator);
  }
  result(slots: Slots, at: number): Value {
    return (slots[at] as Accumulator).result();
  }
}

const COUNT: SlotAggregate = {
  width: 1,
  init(slots, at) {
    slots[at] = 0;
  },
  add(slots, at, args) {
    if (args.length === 0 || args[0] !== null) slots[at] = (slots[at] as number) + 1;
  },
  merge(into, from, at) {
    into[at] = (into[at] as number) + (from[at] as number);
  },
  result(slots, at) {
    return slots[at] as number;
  },
};

// Slot `at + 1` of an exact SUM: a scale ≥ 0 (ScaledInteger total), or one of these.
const EMPTY = -1;
const INTEGER = -2;
/** The state slots of an exact SUM of Integers and of one without a value, for code that builds these slots (columnar/table.ts). */
export const INTEGER_TOTAL = INTEGER;
export const EMPTY_TOTAL = EMPTY;
/** Slot `at` holds a SumAccumulator that took over (a Float or invalid value arrived). */
const HANDED_OVER = -3;

/** SUM in two slots: the exact unscaled total and its state (see above). */
const SUM = {
  width: 2,
  init(slots: Slots, at: number): void {
    slots[at] = 0;
    slots[at + 1] = EMPTY;
  },
  add(slots: Slots, at: number, args: Value[]): void {
    const v = args[0];
    const state = slots[at + 1] as number;
    const total = slots[at];
    // The common cases: an Integer into an Integer total, a decimal at the total's scale.
    if (typeof v === 'number' && state < 0 && state !== HANDED_OVER && typeof total === 'number') {
      const sum = total + v;
      if (Number.isSafeInteger(v) && Number.isSafeInteger(sum)) {
        slots[at] = sum;
        slots[at + 1] = INTEGER;
        return;
      }
    } else if (v instanceof Scaled && v.scale === state) {
      slots[at] = addUnscaled(total as Unscaled, v.unscaled);
      return;
    }
    if (v !== null) SUM.addOther(slots, at, v);
  },
  addOther(slots: Slots, at: number, v: Value): void {
    const state = slots[at + 1] as number;
    if (state === HANDED_OVER) return (slots[at] as SumAccumulator).add([v]);
    const total = slots[at] as Unscaled;
    const scale = state < 0 ? 0 : state;
    if (v instanceof Scaled) {
      const to = Math.max(scale, v.scale);
      slots[at] = addUnscaled(shiftUp(total, to - scale), shiftUp(v.unscaled, to - v.scale));
      slots[at + 1] = to;
    } else if ((typeof v === 'number' && Number.isSafeInteger(v)) || typeof v === 'bigint') {
      slots[at] = addUnscaled(total, shiftUp(typeof v === 'bigint' ? addUnscaled(0, v) : v, scale));
      if (state === EMPTY) slots[at + 1] = INTEGER;
    } else {
      const acc = SUM.handOver(slots, at);
      acc.add([v]); // throws for non-numbers, leaving the slots as they were
      slots[at] = acc;
      slots[at + 1] = HANDED_OVER;
    }
  },
  /** A SumAccumulator in the state these slots describe. */
  handOver(slots: Slots, at: number): SumAccumulator {
    if (slots[at + 1] === HANDED_OVER) return slots[at] as SumAccumulator;
    const acc = new SumAccumulator();
    const total = SUM.result(slots, at);
    if (total !== null) acc.add([total]);
    return acc;
  },
  merge(into: Slots, from: Slots, at: number): void {
    if (from[at + 1] === EMPTY) return;
    if (into[at + 1] !== HANDED_OVER && from[at + 1] !== HANDED_OVER) {
      SUM.addOther(into, at, SUM.result(from, at));
      return;
    }
    const acc = SUM.handOver(into, at);
    acc.merge(SUM.handOver(from, at));
    into[at] = acc;
    into[at + 1] = HANDED_OVER;
  },
  result(slots: Slots, at: number): Value {
    const state = slots[at + 1] as number;
    if (state === EMPTY) return null;
    if (state === INTEGER) return slots[at] as Unscaled;
    if (state === HANDED_OVER) return (slots[at] as SumAccumulator).result();
    return new Scaled(slots[at] as Unscaled, state);
  },
  /** The total as a Float (AVG); 0 when empty. */
  asFloat(slots: Slots, at: number): number {
    const state = slots[at + 1] as number;
    if (state === EMPTY) return 0;
    if (state === INTEGER) return Number(slots[at]);
    if (state === HANDED_OVER) return (slots[at] as SumAccumulator).asFloat();
    return scaledToNumber(new Scaled(slots[at] as Unscaled, state));
  },
} satisfies SlotAggregate & Record<string, unknown>;

/** One product, handed to SUM when it cannot be added in place (never kept). */
const product: Value[] = [null];

/**
 * `SUM(a * b)` of two columns, reading a and b: the product of two decimals at the total's
 * scale is added to it without building a ScaledInteger per record; any other product is
 * computed by `*` itself and added as SUM adds it, so the results are the same.
 */
const SUM_OF_PRODUCT: SlotAggregate = {
  ...SUM,
  add(slots, at, args) {
    const a = args[0];
    const b = args[1];
    if (a instanceof Scaled && b instanceof Scaled && slots[at + 1] === a.scale + b.scale) {
      const ua = a.unscaled;
      const ub = b.unscaled;
      const total = slots[at];
      if (typeof ua === 'number' && typeof ub === 'number' && typeof total === 'number') {
        const p = ua * ub;
        const sum = total + p;
        if (Number.isSafeInteger(p) && Number.isSafeInteger(sum)) {
          slots[at] = sum;
          return;
        }
      }
    }
    product[0] = multiply(a, b);
    SUM.add(slots, at, product);
  },
};

/** AVG in three slots: SUM's two and the count. */
const AVG: SlotAggregate = {
  width: 3,
  init(slots, at) {
    SUM.init(slots, at);
    slots[at + 2] = 0;
  },
  add(slots, at, args) {
    if (args[0] === null) return;
    SUM.add(slots, at, args);
    slots[at + 2] = (slots[at + 2] as number) + 1;
  },
  merge(into, from, at) {
    SUM.merge(into, from, at);
    into[at + 2] = (into[at + 2] as number) + (from[at + 2] as number);
  },
  result(slots, at) {
    const count = slots[at + 2] as number;
    return count === 0 ? null : SUM.asFloat(slots, at) / count;
  },
};

/** MIN (direction −1) or MAX (+1) in one slot, by the same total order as ExtremeAccumulator. */
function extreme(direction: 1 | -1): SlotAggregate {
  const offer = (slots: Slots, at: number, v: Value): void => {
    if (v === null) return;
    const best = slots[at] as Value;
    if (best === null) slots[at] = v;
    else if (typeof v === 'number' && typeof best === 'number') {
      if (direction === 1 ? v > best : v < best) slots[at] = v;
    } else if (orderCompare(v, best) * direction > 0) slots[at] = v;
  };
  return {
    width: 1,
    init(slots, at) {
      slots[at] = null;
    },
    add(slots, at, args) {
      offer(slots, at, args[0]);
    },
    merge(into, from, at) {
      offer(into, at, from[at] as Value);
    },
    result(slots, at) {
      return slots[at] as Value;
    },
  };
}

const MIN = extreme(-1);
const MAX = extreme(1);
