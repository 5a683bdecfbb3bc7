/**
 * `-- @data.*` hints in SQL files (harness spec §5.9, dialect spec §13.5) into schemas of the
 * same model as schema files. `@data.source: <name>` starts a group; hints before any group
 * belong to the first FROM source. Keys are case-insensitive; errors carry `<sql file>:<line>`.
 */
import type { Value } from '../../types/values/types';
import { hasErrors, type Diagnostic } from './diagnostics';
import { closestName } from '../../types/names';
import { literalToFieldType } from './convert';
import { zipfWeights } from './distributions';
import { parseHintScalar, parseHintSpec, parseHintValue, stripQuotes, type HintScalar, type HintValue } from './hint-values';
import { compilePattern } from './pattern';
import {
  crossFieldProblems,
  DEFAULT_NULL_PROBABILITY,
  FIELD_TYPE_NAMES,
  isNumericType,
  parseTypeName,
  resolveDistribution,
  type DistributionParams,
  type FieldConstraints,
  type FieldSpec,
  type FieldType,
  type Schema,
  type TimeSimulation,
} from './schema';
import { parseTimeSpec, type TimeSpec } from './timespec';

export interface DataHintOptions {
  /** The first FROM source of the first statement; found by a text scan when not given. */
  defaultSource?: string;
  /** The fields a source is known to have; a hint naming another field is then an error. */
  sourceFields?: (source: string) => readonly string[] | undefined;
}

export interface DataHintsResult {
  /** One schema per group without errors, in file order. */
  schemas: Schema[];
  /** `@data.seed`, the run seed when neither `--seed` nor the spec gives one. */
  seed?: number;
  diagnostics: Diagnostic[];
}

const HINT_LINE = /^(\s*--\s*)(@data\.)([\w.]+)\s*:\s*(.*?)\s*$/i;
const GROUP_KEYS = ['source', 'generated_source', 'record_count', 'seed', 'time_simulation', 'time_start', 'time_end'];
const FIELD_PROPERTIES = [
  'type',
  'weights',
  'distribution',
  'mean',
  'std_dev',
  'exponent',
  'volatility',
  'drift',
  'group_by',
  'pattern',
  'sequential',
  'references',
  'derived',
  'nullable',
  'start',
  'end',
];
const SPEC_KINDS = ['enum', 'range', 'timestamp', 'uuid'];
const HINT_WALK_DEFAULTS = { drift: 0.0001, volatility: 0.02 };

interface Located {
  line: number;
  column: number;
  key: string;
}

/** Everything said about one field, before it becomes a `FieldSpec`. */
interface FieldHints {
  name: string;
  at: Located;
  type?: { text: string; at: Located };
  kind?: string;
  values?: HintScalar[];
  range?: { min: number; max: number };
  props: Map<string, { value: HintValue; raw: string; at: Located }>;
}

interface Group {
  source: string | undefined;
  at: Located;
  recordCount?: number;
  timeMode?: 'sequential' | 'random';
  timeStart?: TimeSpec;
  timeEnd?: TimeSpec;
  fields: Map<string, FieldHints>;
}

export function parseDataHints(sql: string, file: string, options: DataHintOptions = {}): DataHintsResult {
  const parser = new HintParser(file);
  const lines = sql.split(/\r?\n/);
  lines.forEach((text, i) => {
    const m = HINT_LINE.exec(text);
    if (m) parser.hint(m[3], m[4], { line: i + 1, column: m[1].length + 1, key: `@data.${m[3]}` });
  });
  const defaultSource = options.defaultSource ?? firstFromSource(sql);
  const schemas = parser.groups.flatMap((group) => {
    const before = parser.diagnostics.length;
    const schema = parser.schema(group, defaultSource, options.sourceFields);
    return schema && !hasErrors(parser.diagnostics.slice(before)) ? [schema] : [];
  });
  return { schemas, ...(parser.seed !== undefined ? { seed: parser.seed } : {}), diagnostics: parser.diagnostics };
}

/** The first `FROM <name>` outside comments and strings: the hint default source (§5.9). */
export function firstFromSource(sql: string): string | undefined {
  const code = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, ' ');
  return /\bFROM\s+([A-Za-z_][\w]*)/i.exec(code)?.[1];
}

class HintParser {
  readonly diagnostics: Diagnostic[] = [];
  readonly groups: Group[] = [];
  seed?: number;

  constructor(private readonly file: string) {}

  hint(key: string, rawValue: string, at: Located): void {
    const parts = key.split('.');
    const head = parts[0].toLowerCase();
    if (parts.length === 1 && GROUP_KEYS.includes(head)) return this.groupHint(head, rawValue, at);
    if (parts.length > 2 || parts[0] === '') return this.report('warning', at, 'hint.unknown-key', `unknown hint '${at.key}' (ignored)`);
    if (parts.length === 1) return this.shortForm(parts[0], rawValue, at);
    const field = this.field(parts[0], at);
    const property = parts[1].toLowerCase();
    if (property === 'type') {
      field.type = { text: stripQuotes(rawValue), at };
      return;
    }
    if (!FIELD_PROPERTIES.includes(property)) {
      const suggestion = closestName(property, FIELD_PROPERTIES);
      return this.report(
        'warning',
        at,
        'hint.unknown-key',
        `unknown hint '${at.key}' (ignored${suggestion ? `; did you mean '@data.${parts[0]}.${suggestion}'?` : ''})`,
      );
    }
    // Expressions and patterns are taken verbatim: they may hold commas and brackets.
    const verbatim = property === 'derived' || property === 'pattern' || property === 'references';
    const value = verbatim ? { ok: true as const, value: stripQuotes(rawValue) } : parseHintValue(rawValue);
    if (!value.ok) return this.report('error', at, 'hint.invalid-value', `${at.key}: ${value.message}`);
    field.props.set(property, { value: value.value, raw: rawValue, at });
  }

  private groupHint(key: string, rawValue: string, at: Located): void {
    const value = parseHintScalar(rawValue);
    switch (key) {
      case 'source':
      case 'generated_source':
        this.groups.push({ source: String(value), at, fields: new Map() });
        return;
      case 'seed':
        if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) this.seed = value;
        else this.expected(at, 'an integer seed ≥ 0', rawValue);
        return;
      case 'record_count':
        if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) this.group(at).recordCount = value;
        else this.expected(at, 'an integer ≥ 0', rawValue);
        return;
      case 'time_simulation':
        if (value === 'sequential' || value === 'random') this.group(at).timeMode = value;
        else this.expected(at, 'sequential or random', rawValue);
        return;
      default: {
        const spec = parseTimeSpec(value);
        if (spec === null) return this.expected(at, "a time spec ('now', '-1h', or an RFC 3339 instant)", rawValue);
        if (key === 'time_start') this.group(at).timeStart = spec;
        else this.group(at).timeEnd = spec;
      }
    }
  }

  /** `@data.<f>: enum […] | range […] | timestamp | uuid`, with `, key: value` options. */
  private shortForm(name: string, rawValue: string, at: Located): void {
    const parsed = parseHintSpec(rawValue);
    const kind = parsed.ok ? parsed.value.kind.toLowerCase() : '';
    if (!parsed.ok || !SPEC_KINDS.includes(kind)) {
      const suggestion = closestName(name, GROUP_KEYS);
      if (suggestion && !parsed.ok) return this.report('warning', at, 'hint.unknown-key', `unknown hint '${at.key}' (ignored; did you mean '@data.${suggestion}'?)`);
      const message = parsed.ok ? `unknown kind '${parsed.value.kind}'` : parsed.message;
      return this.report('error', at, 'hint.invalid-value', `${at.key}: ${message}`, 'expected enum [...], range [min, max], timestamp or uuid');
    }
    const spec = parsed.value;
    const field = this.field(name, at);
    field.kind = kind;
    if (kind === 'enum') {
      if (!spec.list || spec.list.length === 0) return this.expected(at, 'enum [value, …]', rawValue);
      field.values = spec.list;
    }
    if (kind === 'range') {
      const [min, max] = spec.list ?? [];
      if (spec.list?.length !== 2 || typeof min !== 'number' || typeof max !== 'number')
        return this.expected(at, 'range [min, max] with numbers', rawValue);
      if (min > max) return this.report('error', at, 'schema.invalid-range', `${at.key}: min ${min} is greater than max ${max}`);
      field.range = { min, max };
    }
    for (const [option, value] of spec.options) {
      if (!FIELD_PROPERTIES.includes(option) || option === 'type') {
        this.report('warning', at, 'hint.unknown-key', `unknown option '${option}' in ${at.key} (ignored)`);
        continue;
      }
      field.props.set(option, { value, raw: String(value), at });
    }
  }

  private field(name: string, at: Located): FieldHints {
    const group = this.group(at);
    const key = name.toLowerCase();
    let field = group.fields.get(key);
    if (!field) {
      field = { name, at, props: new Map() };
      group.fields.set(key, field);
    }
    return field;
  }

  /** The current group; hints before any `@data.source` open the default-source group. */
  private group(at: Located): Group {
    if (this.groups.length === 0) this.groups.push({ source: undefined, at, fields: new Map() });
    return this.groups[this.groups.length - 1];
  }

  schema(group: Group, defaultSource: string | undefined, sourceFields: DataHintOptions['sourceFields']): Schema | null {
    const name = group.source ?? defaultSource;
    if (name === undefined) {
      this.report('error', group.at, 'hint.no-source', `${group.at.key}: no @data.source and no FROM source to attach these hints to`, 'add -- @data.source: <name>');
      return null;
    }
    const known = sourceFields?.(name);
    const fields: FieldSpec[] = [];
    for (const hints of group.fields.values()) {
      if (known && !known.some((k) => k.toLowerCase() === hints.name.toLowerCase())) {
        this.report('error', hints.at, 'hint.unknown-field', `${hints.at.key}: source '${name}' has no field '${hints.name}'`, `fields of '${name}': ${known.join(', ')}`);
        continue;
      }
      const field = this.fieldSpec(hints);
      if (field) fields.push(field);
    }
    if (fields.length === 0) {
      if (group.fields.size === 0) this.report('warning', group.at, 'hint.no-fields', `hints for '${name}' name no fields (no schema made)`);
      return null;
    }
    const schema: Schema = { name, fields, position: this.position(group.at) };
    if (group.recordCount !== undefined) schema.recordCount = group.recordCount;
    if (this.seed !== undefined) schema.seed = this.seed;
    const timeSimulation = this.timeSimulation(group, fields);
    if (timeSimulation) schema.timeSimulation = timeSimulation;
    for (const problem of crossFieldProblems(schema)) {
      const at = problem.field === null ? group.at : [...group.fields.values()].find((h) => h.name === fields[problem.field!].name)!.at;
      this.report('error', at, problem.code, problem.message, problem.hint);
    }
    return schema;
  }

  /**
   * `@data.time_*` hints, or a field hinted `timestamp, sequential: true`, give the schema a
   * default time simulation: sequential unless `random`, over `-1h`…`now` unless bounded.
   */
  private timeSimulation(group: Group, fields: FieldSpec[]): TimeSimulation | undefined {
    const sequentialField = [...group.fields.values()].find((h) => h.props.get('sequential')?.value === true);
    if (!group.timeMode && !group.timeStart && !group.timeEnd && !sequentialField) return undefined;
    const fieldRange = sequentialField && fields.find((f) => f.name === sequentialField.name)?.constraints;
    const range = fieldRange?.timestampEpochMs ?? fieldRange?.timestampRange;
    return {
      start: group.timeStart ?? range?.start ?? { kind: 'relative', offsetMs: -3_600_000 },
      end: group.timeEnd ?? range?.end ?? { kind: 'relative', offsetMs: 0 },
      sequential: group.timeMode !== 'random',
    };
  }

  private fieldSpec(h: FieldHints): FieldSpec | null {
    const type = this.fieldType(h);
    if (!type) return null;
    const constraints: FieldConstraints = {};
    const prop = (name: string) => h.props.get(name);
    const before = this.diagnostics.length;

    if (h.values) {
      const values = h.values.map((raw) => literalToFieldType(raw, type));
      const bad = values.findIndex((v) => v === undefined);
      if (bad >= 0) this.expected(h.at, `${describeType(type)} enum values`, String(h.values[bad]));
      else constraints.enumValues = { values: values as Value[] };
    }
    const weights = prop('weights');
    if (weights && constraints.enumValues) {
      const list = weights.value;
      if (!Array.isArray(list) || list.some((w) => typeof w !== 'number' || w < 0)) this.expected(weights.at, 'a list of weights ≥ 0', weights.raw);
      else if (list.length !== constraints.enumValues.values.length)
        this.report('error', weights.at, 'schema.weights', `${weights.at.key}: ${list.length} weights for ${constraints.enumValues.values.length} values`);
      else if (!list.some((w) => (w as number) > 0)) this.report('error', weights.at, 'schema.weights', `${weights.at.key}: all weights are zero`);
      else constraints.enumValues.weights = list as number[];
    }
    if (h.range && isNumericType(type)) constraints.range = h.range;
    this.distribution(h, type, constraints);
    if (h.kind === 'timestamp') {
      const start = this.timeOption(h, 'start');
      const end = this.timeOption(h, 'end');
      const range = { start: start ?? { kind: 'relative', offsetMs: -3_600_000 }, end: end ?? { kind: 'relative', offsetMs: 0 } } as const;
      if (type.kind === 'integer') constraints.timestampEpochMs = range;
      else if (start || end) constraints.timestampRange = range;
    }
    const pattern = prop('pattern');
    if (pattern) {
      const compiled = compilePattern(String(pattern.value));
      if (compiled.ok) constraints.pattern = { source: String(pattern.value), node: compiled.node };
      else this.report('error', pattern.at, 'schema.invalid-pattern', `${pattern.at.key}: invalid pattern: ${compiled.message} at position ${compiled.offset + 1}`);
    }
    const references = prop('references');
    if (references) {
      const text = String(references.value);
      const dot = text.lastIndexOf('.');
      if (dot <= 0 || dot === text.length - 1) this.expected(references.at, 'source.field', text);
      else constraints.references = { schema: text.slice(0, dot), field: text.slice(dot + 1) };
    }
    const derived = prop('derived');
    if (derived) constraints.derived = { expression: String(derived.value), dependsOn: [] };
    const nullable = prop('nullable');
    if (nullable && typeof nullable.value !== 'boolean') this.expected(nullable.at, 'true or false', nullable.raw);

    if (hasErrors(this.diagnostics.slice(before))) return null;
    return {
      name: h.name,
      type,
      nullProbability: nullable?.value === true ? DEFAULT_NULL_PROBABILITY : 0,
      constraints,
      position: this.position(h.at),
    };
  }

  /** `.type`, else inferred: enum ⇒ string, range ⇒ float, timestamp ⇒ timestamp, uuid ⇒ uuid. */
  private fieldType(h: FieldHints): FieldType | null {
    if (h.type) {
      const type = parseTypeName(h.type.text);
      if (type) return type;
      const suggestion = closestName(h.type.text, FIELD_TYPE_NAMES);
      this.report('error', h.type.at, 'schema.unknown-type', `${h.type.at.key}: unknown type '${h.type.text}'`, `valid types: ${FIELD_TYPE_NAMES.join(', ')}` + (suggestion ? `; did you mean '${suggestion}'?` : ''));
      return null;
    }
    const inferred: Record<string, FieldType> = {
      enum: { kind: 'string' },
      range: { kind: 'float' },
      timestamp: { kind: 'timestamp' },
      uuid: { kind: 'uuid' },
    };
    if (h.kind) return inferred[h.kind];
    if (h.props.get('sequential')?.value === true) return { kind: 'timestamp' };
    this.report('error', h.at, 'hint.missing-type', `field '${h.name}' has no type`, `add -- @data.${h.name}.type: <type>`);
    return null;
  }

  private distribution(h: FieldHints, type: FieldType, constraints: FieldConstraints): void {
    const entry = h.props.get('distribution');
    const number = (key: string) => {
      const p = h.props.get(key);
      if (p === undefined) return undefined;
      if (typeof p.value === 'number') return p.value;
      this.expected(p.at, 'a number', p.raw);
      return undefined;
    };
    const groupBy = h.props.get('group_by');
    const params: DistributionParams = {
      mean: number('mean'),
      stdDev: number('std_dev'),
      exponent: number('exponent'),
      drift: number('drift'),
      volatility: number('volatility'),
      ...(groupBy ? { groupBy: String(groupBy.value) } : {}),
    };
    if (!entry) return;
    const name = String(entry.value);
    if (constraints.enumValues) {
      if (name === 'zipf' && !constraints.enumValues.weights)
        constraints.enumValues.weights = zipfWeights(constraints.enumValues.values.length, params.exponent ?? 1);
      return;
    }
    if (!isNumericType(type)) {
      this.report('warning', entry.at, 'schema.inapplicable-constraint', `${entry.at.key}: distribution applies to numeric fields, not ${type.kind} (ignored)`);
      return;
    }
    const distribution = resolveDistribution(name, params, constraints.range, HINT_WALK_DEFAULTS);
    if (typeof distribution === 'string') this.report('error', entry.at, 'hint.invalid-value', `${entry.at.key}: ${distribution}`);
    else constraints.distribution = distribution;
  }

  private timeOption(h: FieldHints, key: 'start' | 'end'): TimeSpec | undefined {
    const p = h.props.get(key);
    if (p === undefined) return undefined;
    const spec = parseTimeSpec(p.value);
    if (spec === null) this.expected(p.at, "a time spec ('now', '-1h', or an RFC 3339 instant)", p.raw);
    return spec ?? undefined;
  }

  private expected(at: Located, what: string, got: string): void {
    this.report('error', at, 'hint.invalid-value', `${at.key}: expected ${what}, got '${got}'`);
  }

  private report(severity: Diagnostic['severity'], at: Located, code: string, message: string, hint?: string): void {
    this.diagnostics.push({ severity, code, message, file: this.file, line: at.line, column: at.column, path: at.key, ...(hint ? { hint } : {}) });
  }

  private position(at: Located) {
    return { file: this.file, line: at.line, column: at.column };
  }
}

function describeType(type: FieldType): string {
  return type.kind === 'decimal' ? `decimal(${type.precision})` : type.kind;
}
