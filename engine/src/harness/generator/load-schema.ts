/**
 * Schema YAML files (harness spec §5.1–§5.5) into the schema model, with positioned
 * diagnostics: unknown keys warn with "did you mean", invalid values are errors with
 * `file:line:col` and the YAML path. A schema is returned only when there are no errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, type Node } from 'yaml';
import { hasErrors, type Diagnostic } from './diagnostics';
import { closestName } from '../../types/names';
import { literalToFieldType } from './convert';
import { zipfWeights } from './distributions';
import { compilePattern } from './pattern';
import {
  crossFieldProblems,
  DEFAULT_NULL_PROBABILITY,
  DISTRIBUTION_NAMES,
  FIELD_TYPE_NAMES,
  isNumericType,
  parseTypeName,
  resolveDistribution,
  type DistributionParams,
  type FieldConstraints,
  type FieldSpec,
  type FieldType,
  type Schema,
  type TimeRange,
} from './schema';
import { parseTimeSpec, type TimeSpec } from './timespec';
import { join, YamlContext, type MapEntry } from './yaml-context';

export interface SchemaLoadResult {
  /** Null when any diagnostic is an error. */
  schema: Schema | null;
  diagnostics: Diagnostic[];
}

const SCHEMA_KEYS = ['name', 'description', 'record_count', 'key_field', 'fields'] as const;
const FIELD_KEYS = ['name', 'type', 'nullable', 'null_probability', 'description', 'constraints'] as const;
const CONSTRAINT_KEYS = [
  'enum_values',
  'range',
  'length',
  'pattern',
  'distribution',
  'derived',
  'references',
  'timestamp_range',
  'timestamp_epoch_ms',
  'sequence',
] as const;

/** Which field types each constraint applies to (§5.3); elsewhere it warns and is ignored. */
const APPLIES_TO: Partial<Record<(typeof CONSTRAINT_KEYS)[number], readonly FieldType['kind'][]>> = {
  range: ['integer', 'float', 'decimal'],
  length: ['string'],
  pattern: ['string'],
  timestamp_range: ['timestamp', 'date'],
  timestamp_epoch_ms: ['integer'],
  sequence: ['integer', 'string'],
};

const SCHEMA_WALK_DEFAULTS = { drift: 0, volatility: 0.02 };

/** A file holding only a relative `*.yaml` path: a git symlink checked out as plain text. */
const LINK_TEXT = /^\s*([\w./-]+\.ya?ml)\s*$/;
const MAX_LINKS = 5;

export function loadSchema(file: string): SchemaLoadResult {
  let current = file;
  for (let hops = 0; ; hops++) {
    let text: string;
    try {
      text = fs.readFileSync(current, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
      return {
        schema: null,
        diagnostics: [{ severity: 'error', code: 'schema.file', message: `cannot read schema: ${reason}`, file: current, line: 0, column: 0 }],
      };
    }
    const link = LINK_TEXT.exec(text);
    const target = link ? path.resolve(path.dirname(current), link[1]) : undefined;
    if (target === undefined || hops === MAX_LINKS || !fs.existsSync(target)) return parseSchema(text, current);
    current = target;
  }
}

export function parseSchema(text: string, file: string): SchemaLoadResult {
  const { context, root } = YamlContext.parse(text, file);
  if (root === null) {
    if (!hasErrors(context.diagnostics)) context.expected(root, '(document)', 'a schema map');
    return { schema: null, diagnostics: context.diagnostics };
  }
  const schema = new SchemaReader(context).schema(root);
  return { schema: hasErrors(context.diagnostics) ? null : schema, diagnostics: context.diagnostics };
}

export interface SchemaDirectory {
  /** Loaded schemas by `name`; the first file of a duplicated name wins. */
  schemas: Map<string, Schema>;
  /** Diagnostics of every file, including those that failed to load. */
  diagnostics: Diagnostic[];
}

/** Every `*.yaml`/`*.yml` file of `dir` (not recursive), in path order (§3.1). */
export function loadSchemaDirectory(dir: string): SchemaDirectory {
  const schemas = new Map<string, Schema>();
  const diagnostics: Diagnostic[] = [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  const loadedFiles = new Set<string>();
  for (const file of files) {
    const result = loadSchema(file);
    // A link to a schema file of this directory is the same schema, not a duplicate.
    const definedIn = result.schema?.position.file;
    if (definedIn !== undefined && definedIn !== file && loadedFiles.has(definedIn)) continue;
    if (definedIn !== undefined) loadedFiles.add(definedIn);
    diagnostics.push(...result.diagnostics);
    if (result.schema === null) continue;
    const previous = schemas.get(result.schema.name);
    if (previous) {
      const { line, column } = result.schema.position;
      diagnostics.push({
        severity: 'warning',
        code: 'schema.duplicate-name',
        message: `schema '${result.schema.name}' is already defined in ${previous.position.file} (this one is ignored)`,
        file,
        line,
        column,
      });
      continue;
    }
    schemas.set(result.schema.name, result.schema);
  }
  return { schemas, diagnostics };
}

class SchemaReader {
  constructor(private readonly ctx: YamlContext) {}

  schema(root: Node): Schema | null {
    const entries = this.ctx.map(root, '', SCHEMA_KEYS);
    if (entries === null) return null;
    const name = this.optional(entries, 'name', '', (n, p) => this.ctx.string(n, p));
    if (!entries.has('name')) this.ctx.required(entries, 'name', root, '');
    const fieldsNode = this.ctx.required(entries, 'fields', root, '');
    const fields = fieldsNode === undefined ? [] : this.fields(fieldsNode);
    const schema: Schema = {
      name: name ?? '',
      fields: fields.map((f) => f.spec),
      position: this.ctx.position(root),
    };
    const description = this.optional(entries, 'description', '', (n, p) => this.ctx.string(n, p));
    if (description !== undefined) schema.description = description;
    const recordCount = this.optional(entries, 'record_count', '', (n, p) => this.ctx.number(n, p, { integer: true, min: 0 }));
    if (recordCount !== undefined) schema.recordCount = recordCount;
    const keyField = this.optional(entries, 'key_field', '', (n, p) => this.ctx.string(n, p));
    if (keyField !== undefined) schema.keyField = keyField;
    this.reportCrossFieldProblems(schema, entries, fields);
    return schema;
  }

  /** The fields that loaded, each with its YAML node and path. */
  private fields(node: Node | null): LoadedField[] {
    const items = this.ctx.list(node, 'fields');
    if (items === undefined) return [];
    if (items.length === 0) this.ctx.expected(node, 'fields', 'a non-empty list of fields');
    const loaded: LoadedField[] = [];
    items.forEach((item, i) => {
      const spec = this.field(item, `fields[${i}]`);
      if (spec !== null) loaded.push({ spec, node: item, path: `fields[${i}]` });
    });
    return loaded;
  }

  private field(node: Node | null, p: string): FieldSpec | null {
    const entries = this.ctx.map(node, p, FIELD_KEYS);
    if (entries === null) return null;
    const nameNode = this.ctx.required(entries, 'name', node, p);
    const typeNode = this.ctx.required(entries, 'type', node, p);
    const name = nameNode === undefined ? undefined : this.ctx.string(nameNode, join(p, 'name'));
    const type = typeNode === undefined ? undefined : this.fieldType(typeNode, join(p, 'type'));
    const nullable = this.optional(entries, 'nullable', p, (n, q) => this.ctx.boolean(n, q));
    const nullProbability = this.optional(entries, 'null_probability', p, (n, q) => this.ctx.number(n, q, { min: 0, max: 1 }));
    const description = this.optional(entries, 'description', p, (n, q) => this.ctx.string(n, q));
    if (name === undefined || type === undefined) return null;
    const constraintsNode = entries.get('constraints')?.value ?? null;
    const constraints = constraintsNode === null ? {} : this.constraints(constraintsNode, join(p, 'constraints'), type);
    return {
      name,
      type,
      // `null_probability` implies nullable (§5.1).
      nullProbability: nullProbability ?? (nullable ? DEFAULT_NULL_PROBABILITY : 0),
      ...(description !== undefined ? { description } : {}),
      constraints,
      position: this.ctx.position(node),
    };
  }

  private fieldType(node: Node | null, p: string): FieldType | undefined {
    if (isScalar(node) && typeof node.value === 'string') {
      const type = parseTypeName(node.value);
      if (type) return type;
      const suggestion = closestName(node.value, FIELD_TYPE_NAMES);
      this.ctx.error(
        node,
        p,
        `${p}: unknown type '${node.value}'`,
        'schema.unknown-type',
        `valid types: ${FIELD_TYPE_NAMES.join(', ')}, {decimal: {precision: P}}` + (suggestion ? `; did you mean '${suggestion}'?` : ''),
      );
      return undefined;
    }
    if (isMap(node)) {
      const entries = this.ctx.map(node, p, ['decimal']);
      const decimal = entries?.get('decimal');
      if (decimal === undefined) {
        if (entries !== null) this.ctx.expected(node, p, '{decimal: {precision: P}}');
        return undefined;
      }
      const params = this.ctx.map(decimal.value, join(p, 'decimal'), ['precision']);
      const precisionNode = params?.get('precision')?.value;
      const precision =
        precisionNode === undefined
          ? 4
          : this.ctx.number(precisionNode, join(p, 'decimal.precision'), { integer: true, min: 0, max: 18 });
      return precision === undefined ? undefined : { kind: 'decimal', precision };
    }
    this.ctx.expected(node, p, `a field type (${FIELD_TYPE_NAMES.join(', ')})`);
    return undefined;
  }

  private constraints(node: Node, p: string, type: FieldType): FieldConstraints {
    const entries = this.ctx.map(node, p, CONSTRAINT_KEYS);
    if (entries === null) return {};
    const c: FieldConstraints = {};
    for (const [key, { key: keyNode }] of entries) {
      const allowed = APPLIES_TO[key as keyof typeof APPLIES_TO];
      if (allowed && !allowed.includes(type.kind)) {
        this.ctx.warning(
          keyNode,
          join(p, key),
          `${join(p, key)}: '${key}' applies to ${allowed.join(', ')} fields, not ${type.kind} (ignored)`,
          'schema.inapplicable-constraint',
        );
        entries.delete(key);
      }
    }
    const at = (key: string) => join(p, key);
    const value = (key: string) => entries.get(key)?.value ?? null;

    if (entries.has('range')) {
      const range = this.range(value('range'), at('range'), type);
      if (range) c.range = range;
    }
    if (entries.has('enum_values')) {
      const enumValues = this.enumValues(value('enum_values'), at('enum_values'), type);
      if (enumValues) c.enumValues = enumValues;
    }
    if (entries.has('distribution')) this.distribution(value('distribution'), at('distribution'), type, c);
    if (entries.has('length')) {
      const length = this.length(value('length'), at('length'));
      if (length) c.length = length;
    }
    if (entries.has('pattern')) {
      const source = this.ctx.string(value('pattern'), at('pattern'));
      if (source !== undefined) {
        const compiled = compilePattern(source);
        if (compiled.ok) c.pattern = { source, node: compiled.node };
        else
          this.ctx.error(
            value('pattern'),
            at('pattern'),
            `${at('pattern')}: invalid pattern '${source}': ${compiled.message} at position ${compiled.offset + 1}`,
            'schema.invalid-pattern',
            'supported: literals, escapes, [classes], ., (a|b), ? * + {n} {n,m}',
          );
      }
    }
    if (entries.has('derived')) {
      const derived = this.derived(value('derived'), at('derived'));
      if (derived) c.derived = derived;
    }
    if (entries.has('references')) {
      const references = this.references(value('references'), at('references'));
      if (references) c.references = references;
    }
    if (entries.has('timestamp_range')) {
      const range = this.timeRange(value('timestamp_range'), at('timestamp_range'));
      if (range) c.timestampRange = range;
    }
    if (entries.has('timestamp_epoch_ms')) {
      const range = this.timeRange(value('timestamp_epoch_ms'), at('timestamp_epoch_ms'));
      if (range) c.timestampEpochMs = range;
    }
    if (entries.has('sequence')) {
      const sequence = this.sequence(value('sequence'), at('sequence'));
      if (sequence) c.sequence = sequence;
    }
    return c;
  }

  private range(node: Node | null, p: string, type: FieldType): { min: number; max: number } | undefined {
    const entries = this.ctx.map(node, p, ['min', 'max']);
    if (entries === null) return undefined;
    const bounds = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
    const minNode = this.ctx.required(entries, 'min', node, p);
    const maxNode = this.ctx.required(entries, 'max', node, p);
    const min = minNode === undefined ? undefined : this.ctx.number(minNode, join(p, 'min'), bounds);
    const max = maxNode === undefined ? undefined : this.ctx.number(maxNode, join(p, 'max'), bounds);
    if (min === undefined || max === undefined) return undefined;
    if (min > max) {
      this.ctx.error(node, p, `${p}: min ${min} is greater than max ${max}`, 'schema.invalid-range');
      return undefined;
    }
    if (type.kind === 'integer' && Math.ceil(min) > Math.floor(max)) {
      this.ctx.error(node, p, `${p}: no integer lies in [${min}, ${max}]`, 'schema.invalid-range');
      return undefined;
    }
    return { min, max };
  }

  private enumValues(node: Node | null, p: string, type: FieldType): FieldConstraints['enumValues'] {
    const entries = this.ctx.map(node, p, ['values', 'weights']);
    if (entries === null) return undefined;
    const valuesNode = this.ctx.required(entries, 'values', node, p);
    const items = valuesNode === undefined ? undefined : this.ctx.list(valuesNode, join(p, 'values'));
    if (items === undefined) return undefined;
    if (items.length === 0) {
      this.ctx.expected(valuesNode, join(p, 'values'), 'a non-empty list');
      return undefined;
    }
    const values = items.map((item, i) => {
      const raw = isScalar(item) ? item.value : undefined;
      const converted =
        typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
          ? literalToFieldType(raw, type)
          : undefined;
      if (converted === undefined) this.ctx.expected(item, `${join(p, 'values')}[${i}]`, `a ${describeType(type)} value`);
      return converted;
    });
    if (values.includes(undefined)) return undefined;
    const weightsEntry = entries.get('weights');
    if (weightsEntry === undefined) return { values: values as NonNullable<(typeof values)[number]>[] };
    const weights = this.weights(weightsEntry.value, join(p, 'weights'), items.length);
    return weights === undefined ? undefined : { values: values as NonNullable<(typeof values)[number]>[], weights };
  }

  private weights(node: Node | null, p: string, count: number): number[] | undefined {
    const items = this.ctx.list(node, p);
    if (items === undefined) return undefined;
    const weights = items.map((item, i) => this.ctx.number(item, `${p}[${i}]`, { min: 0 }));
    if (weights.includes(undefined)) return undefined;
    if (weights.length !== count) {
      this.ctx.error(node, p, `${p}: ${weights.length} weights for ${count} values`, 'schema.weights', 'give one weight per value');
      return undefined;
    }
    if (!weights.some((w) => w! > 0)) {
      this.ctx.error(node, p, `${p}: all weights are zero`, 'schema.weights');
      return undefined;
    }
    return weights as number[];
  }

  /** Sets `c.distribution` (or enum weights for zipf over an enum without weights). */
  private distribution(node: Node | null, p: string, type: FieldType, c: FieldConstraints): void {
    let name: string;
    let paramsNode: Node | null = null;
    let nameNode: Node | null = node;
    if (isScalar(node) && typeof node.value === 'string') {
      name = node.value;
    } else if (isMap(node) && node.items.length === 1 && isScalar(node.items[0].key)) {
      name = String((node.items[0].key as { value: unknown }).value);
      nameNode = node.items[0].key as Node;
      paramsNode = node.items[0].value as Node | null;
    } else {
      this.ctx.expected(node, p, 'a distribution name or a map {<name>: {…}}');
      return;
    }
    if (!(DISTRIBUTION_NAMES as readonly string[]).includes(name.toLowerCase())) {
      const suggestion = closestName(name, DISTRIBUTION_NAMES);
      this.ctx.error(
        nameNode,
        p,
        `${p}: unknown distribution '${name}'`,
        'schema.invalid-value',
        'valid: uniform, normal, log_normal, zipf, random_walk' + (suggestion ? `; did you mean '${suggestion}'?` : ''),
      );
      return;
    }
    const params = paramsNode === null ? {} : this.distributionParams(paramsNode, join(p, name), name);
    if (params === undefined) return;

    if (c.enumValues) {
      if (name === 'zipf' && !c.enumValues.weights) c.enumValues.weights = zipfWeights(c.enumValues.values.length, params.exponent ?? 1);
      else if (name !== 'uniform')
        this.ctx.warning(node, p, `${p}: only zipf shapes an enum field (ignored)`, 'schema.inapplicable-constraint');
      return;
    }
    if (!isNumericType(type)) {
      this.ctx.warning(node, p, `${p}: distribution applies to numeric fields, not ${type.kind} (ignored)`, 'schema.inapplicable-constraint');
      return;
    }
    const distribution = resolveDistribution(name, params, c.range, SCHEMA_WALK_DEFAULTS);
    if (typeof distribution === 'string') {
      this.ctx.error(node, p, `${p}: ${distribution}`, 'schema.invalid-value');
      return;
    }
    if (distribution.kind === 'zipf' && !c.range)
      this.ctx.warning(node, p, `${p}: zipf needs a range (values are uniform instead)`, 'schema.zipf-without-range');
    c.distribution = distribution;
  }

  private distributionParams(node: Node, p: string, name: string): DistributionParams | undefined {
    const keysByDistribution: Record<string, readonly string[]> = {
      uniform: [],
      normal: ['mean', 'std_dev'],
      log_normal: ['mean', 'std_dev'],
      lognormal: ['mean', 'std_dev'],
      zipf: ['exponent'],
      random_walk: ['drift', 'volatility', 'group_by', 'allow_below_min', 'allow_above_max'],
      gbm: ['drift', 'volatility', 'group_by', 'allow_below_min', 'allow_above_max'],
    };
    if (isScalar(node) && node.value === null) return {};
    const entries = this.ctx.map(node, p, keysByDistribution[name.toLowerCase()]);
    if (entries === null) return undefined;
    const before = this.ctx.diagnostics.length;
    const num = (key: string, bounds: Parameters<YamlContext['number']>[2] = {}) =>
      this.optional(entries, key, p, (n, q) => this.ctx.number(n, q, bounds));
    const bool = (key: string) => this.optional(entries, key, p, (n, q) => this.ctx.boolean(n, q));
    const params: DistributionParams = {
      mean: num('mean'),
      stdDev: num('std_dev', { min: 0 }),
      exponent: num('exponent', { min: 0, exclusiveMin: true }),
      drift: num('drift'),
      volatility: num('volatility', { min: 0 }),
      groupBy: this.optional(entries, 'group_by', p, (n, q) => this.ctx.string(n, q)),
      allowBelowMin: bool('allow_below_min'),
      allowAboveMax: bool('allow_above_max'),
    };
    return hasErrors(this.ctx.diagnostics.slice(before)) ? undefined : params;
  }

  private length(node: Node | null, p: string): { min: number; max: number } | undefined {
    const entries = this.ctx.map(node, p, ['min', 'max']);
    if (entries === null) return undefined;
    const min = this.optional(entries, 'min', p, (n, q) => this.ctx.number(n, q, { integer: true, min: 0 })) ?? 5;
    const max = this.optional(entries, 'max', p, (n, q) => this.ctx.number(n, q, { integer: true, min: 0 })) ?? 20;
    if (min > max) {
      this.ctx.error(node, p, `${p}: min ${min} is greater than max ${max}`, 'schema.invalid-range');
      return undefined;
    }
    return { min, max };
  }

  private derived(node: Node | null, p: string): FieldConstraints['derived'] {
    if (isScalar(node) && typeof node.value === 'string') return { expression: node.value, dependsOn: [] };
    const entries = this.ctx.map(node, p, ['expression', 'depends_on']);
    if (entries === null) return undefined;
    const exprNode = this.ctx.required(entries, 'expression', node, p);
    const expression = exprNode === undefined ? undefined : this.ctx.string(exprNode, join(p, 'expression'));
    const dependsOn = this.optional(entries, 'depends_on', p, (n, q) => this.stringList(n, q)) ?? [];
    return expression === undefined ? undefined : { expression, dependsOn };
  }

  private references(node: Node | null, p: string): FieldConstraints['references'] {
    if (isScalar(node) && typeof node.value === 'string') {
      const dot = node.value.lastIndexOf('.');
      if (dot > 0 && dot < node.value.length - 1) return { schema: node.value.slice(0, dot), field: node.value.slice(dot + 1) };
      this.ctx.expected(node, p, "{schema, field, file?} or 'schema.field'");
      return undefined;
    }
    const entries = this.ctx.map(node, p, ['schema', 'field', 'file']);
    if (entries === null) return undefined;
    const schemaNode = this.ctx.required(entries, 'schema', node, p);
    const fieldNode = this.ctx.required(entries, 'field', node, p);
    const schema = schemaNode === undefined ? undefined : this.ctx.string(schemaNode, join(p, 'schema'));
    const field = fieldNode === undefined ? undefined : this.ctx.string(fieldNode, join(p, 'field'));
    const file = this.optional(entries, 'file', p, (n, q) => this.ctx.string(n, q));
    if (schema === undefined || field === undefined) return undefined;
    // A referenced file is relative to the schema file (§5.7).
    const resolved = file === undefined ? undefined : path.resolve(path.dirname(this.ctx.file), file);
    return { schema, field, ...(resolved !== undefined ? { file: resolved } : {}) };
  }

  private timeRange(node: Node | null, p: string): TimeRange | undefined {
    const entries = this.ctx.map(node, p, ['start', 'end']);
    if (entries === null) return undefined;
    const start = this.optional(entries, 'start', p, (n, q) => this.timeSpec(n, q)) ?? { kind: 'relative', offsetMs: -3_600_000 };
    const end = this.optional(entries, 'end', p, (n, q) => this.timeSpec(n, q)) ?? { kind: 'relative', offsetMs: 0 };
    if (!endsAfterStart(start, end)) {
      this.ctx.error(node, p, `${p}: end must be after start`, 'schema.invalid-range');
      return undefined;
    }
    return { start, end };
  }

  private timeSpec(node: Node | null, p: string): TimeSpec | undefined {
    const spec = isScalar(node) ? parseTimeSpec(node.value) : null;
    if (spec === null) this.ctx.expected(node, p, "a time spec ('now', '-1h', '30m', or an RFC 3339 instant)");
    return spec ?? undefined;
  }

  private sequence(node: Node | null, p: string): FieldConstraints['sequence'] {
    const entries = this.ctx.map(node, p, ['start', 'step', 'prefix', 'width']);
    if (entries === null) return undefined;
    const before = this.ctx.diagnostics.length;
    const int = (key: string, bounds = {}) =>
      this.optional(entries, key, p, (n, q) => this.ctx.number(n, q, { integer: true, ...bounds }));
    const sequence = {
      start: int('start') ?? 1,
      step: int('step') ?? 1,
      prefix: this.optional(entries, 'prefix', p, (n, q) => this.ctx.string(n, q)) ?? '',
      width: int('width', { min: 0, max: 64 }) ?? 0,
    };
    return hasErrors(this.ctx.diagnostics.slice(before)) ? undefined : sequence;
  }

  private stringList(node: Node | null, p: string): string[] | undefined {
    const items = this.ctx.list(node, p);
    if (items === undefined) return undefined;
    const strings = items.map((item, i) => this.ctx.string(item, `${p}[${i}]`));
    return strings.includes(undefined) ? undefined : (strings as string[]);
  }

  /** Reads an optional entry with `read`; undefined when absent or invalid. */
  private optional<T>(
    entries: Map<string, MapEntry>,
    key: string,
    parentPath: string,
    read: (node: Node | null, path: string) => T | undefined,
  ): T | undefined {
    const entry = entries.get(key);
    return entry === undefined ? undefined : read(entry.value, join(parentPath, key));
  }

  private reportCrossFieldProblems(schema: Schema, entries: Map<string, MapEntry>, fields: LoadedField[]): void {
    for (const problem of crossFieldProblems(schema)) {
      if (problem.field === null) {
        this.ctx.error(entries.get('key_field')?.value, 'key_field', problem.message, problem.code, problem.hint);
        continue;
      }
      const { node, path: fieldPath } = fields[problem.field];
      const subPath = ASPECT_PATHS[problem.aspect];
      const target = isMap(node) ? (node.getIn(subPath, true) as Node | undefined) : undefined;
      this.ctx.error(target ?? node, `${fieldPath}.${subPath.join('.')}`, problem.message, problem.code, problem.hint);
    }
  }
}

interface LoadedField {
  spec: FieldSpec;
  node: Node | null;
  path: string;
}

const ASPECT_PATHS: Record<'name' | 'key_field' | 'group_by' | 'depends_on', string[]> = {
  name: ['name'],
  key_field: ['name'],
  group_by: ['constraints', 'distribution', 'random_walk', 'group_by'],
  depends_on: ['constraints', 'derived', 'depends_on'],
};

function endsAfterStart(start: TimeSpec, end: TimeSpec): boolean {
  if (start.kind !== end.kind) return true; // decided against T0 at generation
  return start.kind === 'relative' ? (end as typeof start).offsetMs > start.offsetMs : (end as typeof start).ms > start.ms;
}

function describeType(type: FieldType): string {
  return type.kind === 'decimal' ? `decimal(${type.precision})` : type.kind;
}
