/**
 * Static types for planning (dialect spec §5.2, §5.4): the SqlType of an operator's result from
 * its operand types, of a CAST target, and of a declared column type. 'any' whenever the
 * answer depends on values the planner cannot see.
 */
import type { TypeName } from '../sql/ast';
import type { CastTarget } from '../types/values/cast';
import type { SqlType } from '../types/values/types';
import type { ArithmeticOp } from './logical';

const NUMERIC = new Set<SqlType>(['integer', 'float', 'decimal']);

/** Result type of `a op b` for + - * / % (§5.4). */
export function arithmeticType(op: ArithmeticOp, a: SqlType, b: SqlType): SqlType {
  if (a === 'null' || b === 'null') return 'null';
  if ((a === 'timestamp' || a === 'integer') && b === 'interval' && (op === '+' || op === '-')) return a;
  if (a === 'string' && b === 'interval') return 'timestamp';
  if (a === 'interval' && b === 'interval') return 'integer';
  if (!NUMERIC.has(a) || !NUMERIC.has(b)) return 'any';
  if (a === 'decimal' || b === 'decimal') {
    // Scaled × Float and Scaled ÷ Float give Float (§5.4); every other mix stays exact.
    if ((op === '*' || op === '/') && (a === 'float' || b === 'float')) return 'float';
    return 'decimal';
  }
  if (a === 'float' || b === 'float') return 'float';
  return op === '/' ? 'float' : 'integer';
}

/** The type both branches of a CASE (or COALESCE-like choice) share, else 'any'. */
export function commonType(types: SqlType[]): SqlType {
  const known = types.filter((t) => t !== 'null');
  if (known.length === 0) return types.length ? 'null' : 'any';
  return known.every((t) => t === known[0]) ? known[0] : 'any';
}

const CAST_TYPES: Record<CastTarget, SqlType> = {
  INTEGER: 'integer',
  FLOAT: 'float',
  STRING: 'string',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  DECIMAL: 'decimal',
  SCALED_INTEGER: 'decimal',
};

export function castResultType(target: CastTarget): SqlType {
  return CAST_TYPES[target];
}

/** The SqlType of a column definition type (`CREATE STREAM s (price DECIMAL, …)`). */
export function declaredType(type: TypeName): SqlType {
  switch (type.name) {
    case 'INTEGER':
    case 'BIGINT':
      return 'integer';
    case 'FLOAT':
    case 'DOUBLE':
    case 'REAL':
      return 'float';
    case 'STRING':
      return 'string';
    case 'BOOLEAN':
      return 'boolean';
    case 'TIMESTAMP':
      return 'timestamp';
    case 'DATE':
      return 'date';
    case 'DECIMAL':
    case 'SCALED_INTEGER':
      return 'decimal';
    case 'ARRAY':
      return 'array';
    case 'MAP':
    case 'STRUCT':
      return 'map';
    case 'JSON':
      return 'string';
  }
}
