/**
 * COALESCE, NULLIF and the function form of CAST (dialect spec §11.5). CASE is syntax, evaluated
 * by the runtime; `CAST(x AS T)` may be evaluated with the same `castValue`.
 */
import { castTargetOf, castValue, CAST_TYPE_NAMES } from '../values/cast';
import { sqlEquals } from '../values/compare';
import { argumentError, stringArg } from './args';
import { firstKnown, sameAs, scalar } from './define';
import type { ScalarFunction } from './types';

export const conditionalFunctions: ScalarFunction[] = [
  scalar({
    name: 'COALESCE', min: 1, max: Infinity, signature: 'COALESCE(a, b, …)', strict: false, returns: firstKnown,
    doc: 'The first argument that is not NULL (NULL if all are).', example: "COALESCE(status, 'unknown')",
    call: (args) => {
      for (const a of args) if (a !== null) return a;
      return null;
    },
  }),
  scalar({
    name: 'NULLIF', min: 2, signature: 'NULLIF(a, b)', strict: false, returns: sameAs(0),
    doc: 'NULL when a = b, else a.', example: 'NULLIF(qty, 0)',
    call: ([a, b]) => (sqlEquals(a, b) ? null : a),
  }),
  scalar({
    name: 'CAST', min: 2, signature: 'CAST(x AS type)', strict: false, returns: 'any',
    doc: `Converts x to ${CAST_TYPE_NAMES.join(', ')} (SCALED_INTEGER has scale 4; Integer ↔ Timestamp in epoch ms); unconvertible input is a record error. Also callable as CAST(x, 'TYPE').`,
    example: "CAST('12.50' AS DECIMAL), CAST(ts AS BIGINT)",
    call: ([x, type]) => {
      const name = stringArg('CAST', type);
      const target = castTargetOf(name);
      if (target === null) throw argumentError('CAST', `unknown type '${name}'`);
      return castValue(x, target);
    },
  }),
];
