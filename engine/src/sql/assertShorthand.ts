/**
 * The one `-- @assert:` grammar of the project (harness spec §11, dialect spec §13.6): each
 * shorthand line becomes a harness assertion mapping (harness spec §7); a YAML flow mapping is
 * taken as the assertion itself. The engine, the harness and the kernel's `%%test` all read
 * assertions through `parseAssertShorthand`.
 */
import { parse as parseYaml } from 'yaml';
import { canonicalOperator } from './assertOperators';

/** A harness assertion in spec shape: `{type, <field>: <value>, …}`. */
export interface HarnessAssertion {
  type: string;
  [field: string]: unknown;
}

export type ShorthandResult =
  | {
      ok: true;
      assertion: HarnessAssertion;
      /** Output columns the assertion names (checked against the output schema when known). */
      columns: string[];
    }
  | { ok: false; message: string; hint: string };

const NAME = String.raw`[A-Za-z_][\w.]*`;
const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;

const MEMORY_UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

const ok = (assertion: HarnessAssertion, columns: string[] = []): ShorthandResult => ({ ok: true, assertion, columns });

const EXAMPLES = 'e.g. record_count > 0, no_nulls(symbol), field_values(price > 0), {type: percentile, field: latency_ms, p99: 250}';

export function parseAssertShorthand(line: string): ShorthandResult {
  const text = line.trim();
  if (/^\{\{[\s\S]*\}\}$/.test(text)) return ok({ type: 'template', expression: text });
  if (text.startsWith('{')) return flowMapping(text);
  for (const form of FORMS) {
    const match = form.pattern.exec(text);
    if (match) return form.build(match);
  }
  return { ok: false, message: `'${text}' is not an @assert form`, hint: EXAMPLES };
}

interface Form {
  pattern: RegExp;
  build(m: RegExpExecArray): ShorthandResult;
}

const FORMS: Form[] = [
  {
    pattern: new RegExp(String.raw`^record_count\s+between\s+(\d+)\s+and\s+(\d+)$`, 'i'),
    build: (m) => ok({ type: 'record_count', between: [Number(m[1]), Number(m[2])] }),
  },
  {
    pattern: /^record_count\s*(>=|<=|==|=|>|<)\s*(\d+)$/i,
    build: (m) => ok({ type: 'record_count', ...countBound(m[1], Number(m[2])) }),
  },
  {
    pattern: /^record_count\s*(?:==|=)\s*(.*\{\{.+)$/i,
    build: (m) => ok({ type: 'record_count', expression: m[1].trim() }),
  },
  {
    pattern: /^no_nulls(?:\s*\((.*)\))?$/i,
    build: (m) => withNames(m[1] ?? '', (fields) => ok({ type: 'no_nulls', fields }, fields), true),
  },
  {
    pattern: /^schema_contains\s*\((.*)\)$/i,
    build: (m) => withNames(m[1], (fields) => ok({ type: 'schema_contains', fields }, fields)),
  },
  {
    pattern: new RegExp(String.raw`^field_values\s*\(\s*(${NAME})\s+in\s+\((.*)\)\s*\)$`, 'i'),
    build: (m) => fieldInSet(m[1], splitList(m[2])),
  },
  {
    pattern: new RegExp(String.raw`^field_values\s*\(\s*(${NAME})\s*(==|=|!=|<>|>=|<=|>|<|\s(?:contains|starts_with|ends_with|matches)\s)\s*(.+?)\s*\)$`, 'i'),
    build: (m) => {
      const value = literal(m[3]);
      if (value === undefined) return malformed(`'${m[3]}' is not a number, 'text', true or false`);
      return ok({ type: 'field_values', field: m[1], operator: canonicalOperator(m[2]), value }, [m[1]]);
    },
  },
  {
    pattern: /^field_in_set\s*\((.*)\)$/i,
    build: (m) => {
      const [field, ...values] = splitList(m[1]);
      return field ? fieldInSet(field, values) : malformed('field_in_set needs a field and its allowed values');
    },
  },
  {
    pattern: new RegExp(String.raw`^aggregate_check\s*\(\s*(\w+)\s*\(\s*(${NAME})\s*\)\s*(?:==|=)\s*(${NUMBER}|\{\{.+?\}\})\s*(?:(?:±|\+-|\+/-)\s*(${NUMBER}))?\s*\)$`, 'i'),
    build: (m) => {
      const fn = m[1].toUpperCase();
      if (!['SUM', 'COUNT', 'AVG', 'MIN', 'MAX'].includes(fn)) return malformed(`aggregate_check supports SUM, COUNT, AVG, MIN and MAX, not ${m[1]}`);
      const expected = m[3].startsWith('{{') ? m[3] : Number(m[3]);
      return ok({ type: 'aggregate_check', function: fn, field: m[2], expected, ...(m[4] !== undefined ? { tolerance: Number(m[4]) } : {}) }, [m[2]]);
    },
  },
  {
    pattern: /^no_duplicates\s*\((.*)\)$/i,
    build: (m) => withNames(m[1], (key_fields) => ok({ type: 'no_duplicates', key_fields }, key_fields)),
  },
  {
    pattern: new RegExp(String.raw`^ordering\s*\(\s*(${NAME})(?:\s+(asc|desc))?\s*\)$`, 'i'),
    build: (m) => ok({ type: 'ordering', field: m[1], direction: m[2]?.toLowerCase() === 'desc' ? 'descending' : 'ascending' }, [m[1]]),
  },
  {
    pattern: new RegExp(String.raw`^join_coverage\s*>=?\s*(${NUMBER})$`, 'i'),
    build: (m) => ok({ type: 'join_coverage', min_match_rate: Number(m[1]) }),
  },
  {
    pattern: /^execution_time\s*(<=|<|>=|>)\s*(\d+)\s*(ms|s)$/i,
    build: (m) => {
      const ms = Number(m[2]) * (m[3].toLowerCase() === 's' ? 1000 : 1);
      const bound: Record<string, Record<string, number>> = { '<': { max_ms: ms - 1 }, '<=': { max_ms: ms }, '>': { min_ms: ms + 1 }, '>=': { min_ms: ms } };
      return ok({ type: 'execution_time', ...bound[m[1]] });
    },
  },
  {
    pattern: /^memory_usage\s*(<=|<)\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)$/i,
    build: (m) => {
      const bytes = Math.round(Number(m[2]) * MEMORY_UNITS[m[3].toUpperCase()]);
      return ok({ type: 'memory_usage', max_bytes: m[1] === '<' ? bytes - 1 : bytes });
    },
  },
  {
    pattern: /^throughput\s*>=?\s*(\d+(?:\.\d+)?)\s*\/\s*s$/i,
    build: (m) => ok({ type: 'throughput', min_records_per_second: Number(m[1]) }),
  },
];

function countBound(op: string, n: number): Record<string, number> {
  switch (op) {
    case '>':
      return { greater_than: n };
    case '>=':
      return { greater_than: n - 1 };
    case '<':
      return { less_than: n };
    case '<=':
      return { less_than: n + 1 };
    default:
      return { equals: n };
  }
}

function malformed(message: string): ShorthandResult {
  return { ok: false, message, hint: EXAMPLES };
}

function fieldInSet(field: string, rawValues: string[]): ShorthandResult {
  if (!new RegExp(`^${NAME}$`).test(field)) return malformed(`'${field}' is not a column name`);
  if (rawValues.length === 0) return malformed('list at least one allowed value');
  return ok({ type: 'field_in_set', field, values: rawValues.map(unquote) }, [field]);
}

/** A comma list of column names; `allowEmpty` for `no_nulls()` meaning every field. */
function withNames(list: string, build: (names: string[]) => ShorthandResult, allowEmpty = false): ShorthandResult {
  const names = splitList(list);
  if (names.length === 0 && !allowEmpty) return malformed('list at least one column');
  const bad = names.find((n) => !new RegExp(`^${NAME}$`).test(n));
  return bad ? malformed(`'${bad}' is not a column name`) : build(names);
}

/** Splits on commas outside quotes; trims; drops empty items. */
function splitList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === ',') {
      items.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  items.push(current.trim());
  return items.filter((i) => i !== '');
}

function unquote(text: string): string {
  return /^(['"]).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

function literal(text: string): string | number | boolean | undefined {
  if (new RegExp(`^${NUMBER}$`).test(text)) return Number(text);
  if (/^(['"]).*\1$/s.test(text)) return text.slice(1, -1);
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return undefined;
}

function flowMapping(text: string): ShorthandResult {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    return malformed(`not a YAML flow mapping: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { type?: unknown }).type !== 'string') {
    return malformed('a mapping assertion needs a type, e.g. {type: no_nulls, fields: [id]}');
  }
  const assertion = value as HarnessAssertion;
  const columns = [assertion.field, assertion.fields, assertion.key_fields].flat().filter((c): c is string => typeof c === 'string');
  return ok(assertion, columns);
}
