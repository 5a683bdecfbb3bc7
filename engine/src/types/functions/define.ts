/**
 * Builders for catalogue entries: one place that turns a short spec into a FunctionInfo with
 * its implementation, so each function module lists only what is particular to its functions.
 */
import type { SqlType, Value } from '../values/types';
import { DistinctAccumulator } from './distinct';
import { OrderedAccumulator } from './ordered';
import type { Accumulator, AggregateFunction, EvalContext, FunctionInfo, ScalarFunction, WindowFunction } from './types';

/** A fixed result type, or a rule computing it from the argument types. */
export type ReturnRule = SqlType | ((args: SqlType[]) => SqlType);

interface CommonSpec {
  name: string;
  aliases?: string[];
  /** Arity; `max` defaults to `min`, use Infinity for variadic. */
  min: number;
  max?: number;
  signature: string;
  doc: string;
  returns: ReturnRule;
  extension?: string;
  example?: string;
}

function info(spec: CommonSpec, kind: FunctionInfo['kind'], allowedWithOver: boolean): FunctionInfo {
  const rule = spec.returns;
  return {
    name: spec.name,
    aliases: spec.aliases ?? [],
    kind,
    minArgs: spec.min,
    maxArgs: spec.max ?? spec.min,
    signature: spec.signature,
    doc: spec.doc,
    returnType: typeof rule === 'function' ? rule : () => rule,
    ...(spec.extension === undefined ? {} : { extension: spec.extension }),
    ...(spec.example === undefined ? {} : { example: spec.example }),
    allowedWithOver,
  };
}

export interface ScalarSpec extends CommonSpec {
  /**
   * `true` (default): any NULL argument gives NULL without calling `call` (§11 "Unless stated,
   * a NULL argument gives NULL"). Functions with their own NULL rules set it to false.
   */
  strict?: boolean;
  call(args: Value[], ctx: EvalContext): Value;
}

export function scalar(spec: ScalarSpec): ScalarFunction {
  const impl = spec.call;
  const call =
    spec.strict === false
      ? impl
      : (args: Value[], ctx: EvalContext): Value => {
          for (let i = 0; i < args.length; i++) if (args[i] === null) return null;
          return impl(args, ctx);
        };
  return { ...info(spec, 'scalar', false), kind: 'scalar', call };
}

export interface AggregateSpec extends CommonSpec {
  /** Leading call arguments evaluated per row and passed to `add`; the rest are constants. */
  valueArgs: number;
  withinGroup?: boolean;
  ordered?: boolean;
  allowedWithOver?: boolean;
  create(constantArgs: Value[]): Accumulator;
}

export function aggregate(spec: AggregateSpec): AggregateFunction {
  return {
    ...info(spec, 'aggregate', spec.allowedWithOver ?? false),
    kind: 'aggregate',
    valueArgs: spec.valueArgs,
    withinGroup: spec.withinGroup ?? false,
    ...(spec.ordered ? { ordered: true } : {}),
    create: (options) => {
      const create = (): Accumulator => {
        const acc = spec.create(options.constantArgs);
        return options.distinct ? new DistinctAccumulator(acc) : acc;
      };
      // Sorted first, then DISTINCT: each distinct value keeps its first position in ORDER BY order.
      return options.descending?.length ? new OrderedAccumulator(create, options.descending) : create();
    },
  };
}

export function windowFunction(spec: CommonSpec): WindowFunction {
  return { ...info(spec, 'window', true), kind: 'window' };
}

// ------------------------------------------------------------------------------- return rules

/** The type of argument `i` (e.g. ABS, MIN/MAX keep their input type). */
export function sameAs(i: number): (args: SqlType[]) => SqlType {
  return (args) => args[i] ?? 'any';
}

/** The first argument type that is not NULL (COALESCE, LEAST, GREATEST). */
export function firstKnown(args: SqlType[]): SqlType {
  return args.find((t) => t !== 'null') ?? 'null';
}

/** Numeric result following §5.4 promotion: any float → float, else any decimal → decimal. */
export function numericResult(args: SqlType[]): SqlType {
  if (args.includes('float')) return 'float';
  if (args.includes('decimal')) return 'decimal';
  return args.every((t) => t === 'integer' || t === 'null') ? 'integer' : 'any';
}
