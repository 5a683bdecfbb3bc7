/**
 * Header functions (dialect spec §10.3). They read and write `ctx.record.headers`; the runtime
 * builds the output record's headers from the evaluated record, so SET_HEADER/REMOVE_HEADER
 * act on the output (the runtime gives each evaluation a record it may modify).
 */
import { formatValue } from '../values/format';
import { stringArg } from './args';
import { scalar } from './define';
import type { ScalarFunction } from './types';

export const headerFunctions: ScalarFunction[] = [
  scalar({
    name: 'HEADER', min: 1, signature: "HEADER('key')", returns: 'string',
    doc: 'The header value as a String; NULL if absent (keys are case-sensitive).',
    call: ([key], ctx) => ctx.record.headers?.get(stringArg('HEADER', key)) ?? null,
  }),
  scalar({
    name: 'HAS_HEADER', min: 1, signature: "HAS_HEADER('key')", returns: 'boolean', doc: 'TRUE when the record has the header.',
    call: ([key], ctx) => ctx.record.headers?.has(stringArg('HAS_HEADER', key)) ?? false,
  }),
  scalar({
    name: 'HEADER_KEYS', min: 0, signature: 'HEADER_KEYS()', returns: 'string', doc: 'Comma-separated list of the header keys.',
    call: (_args, ctx) => (ctx.record.headers === null ? '' : [...ctx.record.headers.keys()].join(',')),
  }),
  scalar({
    name: 'SET_HEADER', min: 2, signature: "SET_HEADER('key', value)", strict: false, returns: 'string',
    doc: 'Sets (or overwrites) an output header to the value as text (NULL → "null") and returns that text, so the item is also a column.',
    example: "SET_HEADER('risk', 'high')",
    call: ([key, value], ctx) => {
      const text = value === null ? 'null' : formatValue(value);
      const name = key === null ? 'null' : formatValue(key);
      if (ctx.record.headers === null) ctx.record.headers = new Map();
      ctx.record.headers.set(name, text);
      return text;
    },
  }),
  scalar({
    name: 'REMOVE_HEADER', min: 1, signature: "REMOVE_HEADER('key')", returns: 'string',
    doc: 'Removes an output header; returns its old value, or NULL if it was absent.',
    call: ([key], ctx) => {
      const name = stringArg('REMOVE_HEADER', key);
      const old = ctx.record.headers?.get(name);
      if (old === undefined) return null;
      ctx.record.headers?.delete(name);
      return old;
    },
  }),
];
