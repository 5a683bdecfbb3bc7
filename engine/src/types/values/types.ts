/**
 * The runtime value model shared by every layer of the engine (dialect spec §5.2).
 *
 * JS `number` carries both Integer and Float: an integral number is an Integer, any other
 * number a Float. Where the static type matters (Int / Int is Float, SUM of integers) the
 * planner tracks it; printing is identical for both (§5.4). Integers beyond 2^53 are `bigint`.
 */

/** Exact decimal: `unscaled / 10^scale` (ScaledInteger and Decimal of the dialect). */
export class Scaled {
  /** `unscaled` is a number while |unscaled| <= 2^53, a bigint beyond. */
  constructor(
    readonly unscaled: number | bigint,
    readonly scale: number,
  ) {}
}

/** An instant without zone, epoch milliseconds (CSV ISO-8601 text, CAST(… AS TIMESTAMP)). */
export class Timestamp {
  constructor(readonly ms: number) {}
}

/** A calendar date (UTC midnight, epoch milliseconds). */
export class SqlDate {
  constructor(readonly ms: number) {}
}

/** A duration in milliseconds (INTERVAL literals), plus ⊕X33 calendar months (month/year units). */
export class Interval {
  constructor(
    readonly ms: number,
    readonly months = 0,
  ) {}
}

/** Struct values from STRUCT(k, v, …); JSON objects read from sources are plain `Map`s. */
export class Struct {
  constructor(readonly fields: Map<string, Value>) {}
}

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Scaled
  | Timestamp
  | SqlDate
  | Interval
  | Value[]
  | Map<string, Value>
  | Struct;

/** Static types the planner and validator reason with. */
export type SqlType =
  | 'integer'
  | 'float'
  | 'decimal'
  | 'string'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'interval'
  | 'array'
  | 'map'
  | 'struct'
  | 'null'
  | 'any';
