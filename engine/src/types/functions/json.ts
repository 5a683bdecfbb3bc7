/**
 * JSON_VALUE / JSON_EXTRACT / JSON_QUERY / JSON_EXISTS (dialect spec §11.5). The document is JSON
 * text or an already structured value (a Map/array read from a JSON source). Paths: `$`, `$.a.b`,
 * array index as `$.items.0`; `[*]`, filters and negative indexes are errors.
 */
import { Struct, type Value } from '../values/types';
import { toJson } from '../values/format';
import { ValueError } from '../values/errors';
import { stringArg } from './args';
import { scalar } from './define';
import type { ScalarFunction } from './types';

/** Sentinel: the path leads nowhere (distinct from a JSON null found at the path). */
const MISSING = Symbol('missing');
type Found = Value | typeof MISSING;

const pathCache = new Map<string, string[]>();

/** Path segments of `$.a.0.b` (a bare `a.b` is accepted too, as in the reference). */
export function parseJsonPath(fn: string, path: string): string[] {
  let segments = pathCache.get(path);
  if (segments !== undefined) return segments;
  const trimmed = path.trim();
  if (/[[\]*?@]/.test(trimmed) || /(^|\.)-\d/.test(trimmed)) {
    throw new ValueError('ARGUMENT_ERROR', `${fn}: unsupported JSON path ${JSON.stringify(path)} (use $.a.b or $.items.0)`);
  }
  const body = trimmed.startsWith('$') ? trimmed.slice(1) : trimmed;
  segments = body.split('.').filter((s) => s !== '');
  if (pathCache.size > 256) pathCache.clear();
  pathCache.set(path, segments);
  return segments;
}

/** JSON text → runtime value: objects become Maps, integers Integers, other numbers Floats. */
function fromJson(parsed: unknown): Value {
  if (parsed === null || typeof parsed === 'string' || typeof parsed === 'boolean' || typeof parsed === 'number') return parsed;
  if (Array.isArray(parsed)) return parsed.map(fromJson);
  const map = new Map<string, Value>();
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) map.set(k, fromJson(v));
  return map;
}

/** JSON text as a runtime value (objects → Maps); undefined when the text is not JSON. */
export function parseJsonText(text: string): Value | undefined {
  try {
    return fromJson(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The document as a structured value, or MISSING when JSON text does not parse. */
function documentOf(doc: Value): Found {
  if (typeof doc !== 'string') return doc;
  const parsed = parseJsonText(doc);
  return parsed === undefined ? MISSING : parsed;
}

function walk(fn: string, doc: Value, path: Value): Found {
  let current = documentOf(doc);
  for (const segment of parseJsonPath(fn, stringArg(fn, path))) {
    if (current === MISSING) return MISSING;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return MISSING;
      current = Number(segment) < current.length ? current[Number(segment)] : MISSING;
    } else if (current instanceof Map || current instanceof Struct) {
      const fields = current instanceof Struct ? current.fields : current;
      current = fields.has(segment) ? (fields.get(segment) as Value) : MISSING;
    } else return MISSING;
  }
  return current;
}

function isContainer(v: Value): boolean {
  return Array.isArray(v) || v instanceof Map || v instanceof Struct;
}

const jsonValue = (name: string, aliasOf?: string): ScalarFunction =>
  scalar({
    name, min: 2, signature: `${name}(json, path)`, returns: 'any',
    doc: `${aliasOf === undefined ? 'The' : `Same as ${aliasOf}: the`} scalar at path (Integer, Float, String, Boolean); objects and arrays are returned as JSON text; NULL when absent.`,
    example: `${name}(payload, '$.user.id')`,
    call: ([doc, path]) => {
      const found = walk(name, doc, path);
      if (found === MISSING) return null;
      return isContainer(found) ? toJson(found) : found;
    },
  });

export const jsonFunctions: ScalarFunction[] = [
  jsonValue('JSON_VALUE'),
  jsonValue('JSON_EXTRACT', 'JSON_VALUE'),
  scalar({
    name: 'JSON_QUERY', min: 2, signature: 'JSON_QUERY(json, path)', returns: 'string',
    doc: 'The object or array at path as JSON text; NULL for scalars and absent paths.',
    call: ([doc, path]) => {
      const found = walk('JSON_QUERY', doc, path);
      return found !== MISSING && isContainer(found) ? toJson(found) : null;
    },
  }),
  scalar({
    name: 'JSON_EXISTS', min: 2, signature: 'JSON_EXISTS(json, path)', returns: 'boolean',
    doc: 'TRUE when path exists in the document (invalid JSON gives FALSE).',
    call: ([doc, path]) => walk('JSON_EXISTS', doc, path) !== MISSING,
  }),
];
