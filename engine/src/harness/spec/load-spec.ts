/**
 * Test spec YAML (harness spec §4) into the spec model, with positioned diagnostics: unknown
 * keys warn with "did you mean", wrong kinds, missing keys and unknown assertion types are
 * errors with `file:line:col` and the YAML path. The alternative forms of §4.6 are normalised.
 * A spec is returned only when there are no errors.
 */
import * as fs from 'fs';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { resolveFileFormat } from '../../connectors/formats/codec';
import { parseIsoTimestamp } from '../../types/values/time';
import { hasErrors, type Diagnostic } from '../generator/diagnostics';
import { closestName } from '../../types/names';
import type { TimeSimulation } from '../generator/schema';
import { parseTimeSpec } from '../generator/timespec';
import { join, YamlContext, type MapEntry } from '../generator/yaml-context';
import {
  ASSERTION_TYPE_NAMES,
  ASSERTION_TYPES,
  COMMON_ASSERTION_KEYS,
  normaliseAssertion,
  type FieldKind,
} from './assertion-catalog';
import type { AssertionSpec, InputSpec, OutputSpec, QuerySpec, SourceType, TestSpec } from './types';

export interface SpecLoadResult {
  spec: TestSpec | null;
  diagnostics: Diagnostic[];
}

/** Defaults of §4.2. */
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RECORDS = 1000;

const TOP_KEYS = ['application', 'description', 'default_timeout_ms', 'default_records', 'seed', 'now', 'topic_naming', 'config', 'queries'];
const TOPIC_NAMING_KEYS = ['pattern', 'namespace', 'branch_from_env', 'user_from_env', 'branch', 'user', 'hash_long_names', 'max_topic_length'];
const QUERY_KEYS = [
  'name',
  'description',
  'skip',
  'dependencies',
  'inputs',
  'output',
  'outputs',
  'assertions',
  'metric_assertions',
  'timeout_ms',
  'capture_format',
  'capture_schema',
];
const INPUT_KEYS = ['source', 'schema', 'records', 'from_previous', 'from_file', 'data_file', 'source_type', 'time_simulation', 'key_field', 'null_probability'];
const TIME_SIM_KEYS = ['start_time', 'end_time', 'sequential', 'jitter_ms', 'events_per_second', 'batch_size', 'time_scale'];
const SOURCE_TYPE_KEYS = ['type', 'topic', 'path', 'format', 'watch'];
/** At most this many errors are listed (§4.1). */
const MAX_ERRORS = 20;

export function loadSpec(file: string): SpecLoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return { spec: null, diagnostics: [{ severity: 'error', code: 'spec.file', message: `cannot read test spec: ${reason}`, file, line: 0, column: 0 }] };
  }
  return parseSpec(text, file);
}

export function parseSpec(text: string, file: string): SpecLoadResult {
  const { context, root } = YamlContext.parse(text, file);
  if (root === null) {
    if (!hasErrors(context.diagnostics)) context.expected(root, '(document)', 'a test spec map');
    // The YAML parser reports one mistake several ways; the first message is the clear one.
    return { spec: null, diagnostics: context.diagnostics.slice(0, 1) };
  }
  const spec = new SpecReader(context).spec(root);
  const errors = context.diagnostics.filter((d) => d.severity === 'error');
  const diagnostics = errors.length > MAX_ERRORS ? [...context.diagnostics.filter((d) => d.severity === 'warning'), ...errors.slice(0, MAX_ERRORS)] : context.diagnostics;
  return { spec: errors.length > 0 ? null : spec, diagnostics };
}

class SpecReader {
  constructor(private readonly c: YamlContext) {}

  spec(root: Node): TestSpec {
    const entries = this.c.map(root, '', TOP_KEYS) ?? new Map<string, MapEntry>();
    const application = this.c.required(entries, 'application', root, '');
    const spec: TestSpec = {
      application: application === undefined ? '' : this.c.string(application, 'application') ?? '',
      defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
      defaultRecords: DEFAULT_RECORDS,
      config: {},
      queries: [],
      file: this.c.file,
    };
    const get = (key: string) => entries.get(key)?.value;
    if (entries.has('description')) spec.description = this.c.string(get('description'), 'description');
    if (entries.has('default_timeout_ms')) spec.defaultTimeoutMs = this.c.number(get('default_timeout_ms'), 'default_timeout_ms', { integer: true, min: 0, exclusiveMin: true }) ?? DEFAULT_TIMEOUT_MS;
    if (entries.has('default_records')) spec.defaultRecords = this.c.number(get('default_records'), 'default_records', { integer: true, min: 0 }) ?? DEFAULT_RECORDS;
    if (entries.has('seed')) spec.seed = this.c.number(get('seed'), 'seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
    if (entries.has('now')) {
      const node = get('now');
      const ms = isScalar(node) && typeof node.value === 'string' ? parseIsoTimestamp(node.value) : null;
      if (ms === null) this.c.expected(node, 'now', 'an RFC 3339 instant');
      else spec.nowMs = ms;
    }
    if (entries.has('topic_naming')) this.c.map(get('topic_naming') ?? null, 'topic_naming', TOPIC_NAMING_KEYS);
    if (entries.has('config')) spec.config = this.config(get('config') ?? null);
    const queries = this.c.required(entries, 'queries', root, '');
    const items = queries === undefined ? [] : this.c.list(queries, 'queries') ?? [];
    items.forEach((item, i) => {
      const q = this.query(item, `queries[${i}]`);
      if (q) spec.queries.push(q);
    });
    this.crossChecks(spec, items);
    return spec;
  }

  private config(node: Node | null): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isMap(node)) {
      this.c.expected(node, 'config', 'a map of names to values');
      return out;
    }
    for (const pair of node.items) {
      const key = pair.key as Node;
      if (!isScalar(key)) continue;
      const value = this.c.string(pair.value as Node, `config.${String(key.value)}`);
      if (value !== undefined) out[String(key.value)] = value;
    }
    return out;
  }

  private query(node: Node | null, path: string): QuerySpec | null {
    const entries = this.c.map(node, path, QUERY_KEYS);
    if (!entries) return null;
    const get = (key: string) => entries.get(key)?.value;
    const nameNode = this.c.required(entries, 'name', node, path);
    const query: QuerySpec = {
      name: nameNode === undefined ? '' : this.c.string(nameNode, join(path, 'name')) ?? '',
      skip: false,
      dependencies: [],
      inputs: [],
      outputs: [],
      assertions: [],
      metricAssertions: [],
      captureFormat: 'json',
      position: this.c.position(node),
    };
    if (entries.has('description')) query.description = this.c.string(get('description'), join(path, 'description'));
    if (entries.has('skip')) query.skip = this.c.boolean(get('skip'), join(path, 'skip')) ?? false;
    if (entries.has('dependencies')) query.dependencies = this.strings(get('dependencies'), join(path, 'dependencies')) ?? [];
    const inputs = this.c.required(entries, 'inputs', node, path);
    if (inputs !== undefined) query.inputs = this.inputs(inputs, join(path, 'inputs'));
    if (entries.has('output')) query.outputSinkType = this.legacyOutput(get('output') ?? null, join(path, 'output'));
    if (entries.has('outputs')) query.outputs = this.outputs(get('outputs') ?? null, join(path, 'outputs'));
    if (entries.has('assertions')) query.assertions = this.assertions(get('assertions') ?? null, join(path, 'assertions'));
    if (entries.has('metric_assertions')) {
      query.metricAssertions = this.assertions(get('metric_assertions') ?? null, join(path, 'metric_assertions'));
      query.metricAssertions.forEach((a, i) => {
        if (ASSERTION_TYPES[a.type]?.family !== 'metric') this.c.error(null, `${path}.metric_assertions[${i}]`, `${path}.metric_assertions[${i}].type: expected a metric_* type, got '${a.type}'`, 'spec.invalid-value');
      });
    }
    if (entries.has('timeout_ms')) query.timeoutMs = this.c.number(get('timeout_ms'), join(path, 'timeout_ms'), { integer: true, min: 0, exclusiveMin: true });
    if (entries.has('capture_format')) {
      const format = this.oneOf(get('capture_format'), join(path, 'capture_format'), ['json', 'avro', 'protobuf']);
      if (format) query.captureFormat = format as QuerySpec['captureFormat'];
    }
    if (entries.has('capture_schema')) this.c.string(get('capture_schema'), join(path, 'capture_schema'));
    return query;
  }

  /** A list of inputs, or a map `{source: {…}}` (§4.6). */
  private inputs(node: Node | null, path: string): InputSpec[] {
    if (isMap(node)) {
      return node.items.flatMap((pair) => {
        const key = pair.key as Node;
        const source = isScalar(key) ? String(key.value) : '';
        const input = this.input((pair.value as Node | null) ?? null, join(path, source), source);
        return input ? [input] : [];
      });
    }
    const items = this.c.list(node, path) ?? [];
    return items.flatMap((item, i) => {
      const input = this.input(item, `${path}[${i}]`);
      return input ? [input] : [];
    });
  }

  private input(node: Node | null, path: string, sourceFromKey?: string): InputSpec | null {
    const entries = sourceFromKey !== undefined && node === null ? new Map<string, MapEntry>() : this.c.map(node, path, INPUT_KEYS);
    if (!entries) return null;
    const get = (key: string) => entries.get(key)?.value;
    let source = sourceFromKey;
    if (source === undefined) {
      const sourceNode = this.c.required(entries, 'source', node, path);
      source = sourceNode === undefined ? '' : this.c.string(sourceNode, join(path, 'source')) ?? '';
    }
    const input: InputSpec = { source, position: this.c.position(node) };
    if (entries.has('schema')) input.schema = this.c.string(get('schema'), join(path, 'schema'));
    if (entries.has('records')) input.records = this.c.number(get('records'), join(path, 'records'), { integer: true, min: 0 });
    if (entries.has('from_previous')) {
      const v = get('from_previous');
      // `from_previous: true` means the previous query in declaration order, resolved by the caller.
      if (isScalar(v) && v.value === true) input.fromPrevious = PREVIOUS_QUERY;
      else input.fromPrevious = this.c.string(v, join(path, 'from_previous'));
    }
    if (entries.has('data_file')) input.dataFile = this.c.string(get('data_file'), join(path, 'data_file'));
    if (entries.has('from_file')) input.dataFile = this.c.string(get('from_file'), join(path, 'from_file'));
    if (entries.has('source_type')) input.sourceType = this.sourceType(get('source_type') ?? null, join(path, 'source_type'));
    if (entries.has('time_simulation')) input.timeSimulation = this.timeSimulation(get('time_simulation') ?? null, join(path, 'time_simulation'));
    if (entries.has('key_field')) input.keyField = this.c.string(get('key_field'), join(path, 'key_field'));
    if (entries.has('null_probability')) input.nullProbability = this.c.number(get('null_probability'), join(path, 'null_probability'), { min: 0, max: 1 });
    return input;
  }

  private timeSimulation(node: Node | null, path: string): TimeSimulation | undefined {
    const entries = this.c.map(node, path, TIME_SIM_KEYS);
    if (!entries) return undefined;
    const get = (key: string) => entries.get(key)?.value;
    const time = (key: string, fallback: string) => {
      if (!entries.has(key)) return parseTimeSpec(fallback)!;
      const node = get(key);
      const spec = isScalar(node) ? parseTimeSpec(node.value) : null;
      if (spec === null) this.c.expected(node, join(path, key), "a time like 'now', '-1h' or an RFC 3339 instant");
      return spec ?? parseTimeSpec(fallback)!;
    };
    const sim: TimeSimulation = { start: time('start_time', '-1h'), end: time('end_time', 'now'), sequential: true };
    if (entries.has('sequential')) sim.sequential = this.c.boolean(get('sequential'), join(path, 'sequential')) ?? true;
    if (entries.has('jitter_ms')) sim.jitterMs = this.c.number(get('jitter_ms'), join(path, 'jitter_ms'), { integer: true, min: 0 });
    if (entries.has('events_per_second')) this.c.number(get('events_per_second'), join(path, 'events_per_second'), { min: 0, exclusiveMin: true });
    if (entries.has('batch_size')) this.c.number(get('batch_size'), join(path, 'batch_size'), { integer: true, min: 1 });
    if (entries.has('time_scale')) this.c.number(get('time_scale'), join(path, 'time_scale'), { min: 0, exclusiveMin: true });
    // Mixed relative/absolute bounds depend on T0 and are checked when the input is generated.
    const at = (t: TimeSimulation['start']) => (t.kind === 'relative' ? t.offsetMs : t.ms);
    if (sim.start.kind === sim.end.kind && at(sim.end) <= at(sim.start)) this.c.error(node, join(path, 'end_time'), `${join(path, 'end_time')}: end must be after start`, 'spec.invalid-value');
    return sim;
  }

  private sourceType(node: Node | null, path: string): SourceType | undefined {
    const entries = this.c.map(node, path, SOURCE_TYPE_KEYS);
    if (!entries) return undefined;
    const get = (key: string) => entries.get(key)?.value;
    const typeNode = this.c.required(entries, 'type', node, path);
    const type = typeNode === undefined ? undefined : this.oneOf(typeNode, join(path, 'type'), ['kafka', 'file']);
    if (entries.has('watch')) this.c.boolean(get('watch'), join(path, 'watch'));
    if (type === 'kafka') {
      const topic = entries.has('topic') ? this.c.string(get('topic'), join(path, 'topic')) : undefined;
      return topic === undefined ? { type: 'kafka' } : { type: 'kafka', topic };
    }
    if (type !== 'file') return undefined;
    const pathNode = this.c.required(entries, 'path', node, path);
    const file = pathNode === undefined ? undefined : this.c.string(pathNode, join(path, 'path'));
    const formatText = entries.has('format') ? this.c.string(get('format'), join(path, 'format')) : undefined;
    const format = resolveFileFormat(formatText, file);
    if (format === undefined) this.c.expected(get('format'), join(path, 'format'), 'Csv, CsvNoHeader, JsonLines or Json');
    return file === undefined || format === undefined ? undefined : { type: 'file', path: file, format };
  }

  private legacyOutput(node: Node | null, path: string): SourceType | undefined {
    const entries = this.c.map(node, path, ['sink_type']);
    const sinkType = entries?.get('sink_type');
    return sinkType ? this.sourceType(sinkType.value, join(path, 'sink_type')) : undefined;
  }

  private outputs(node: Node | null, path: string): OutputSpec[] {
    const items = this.c.list(node, path) ?? [];
    return items.flatMap((item, i) => {
      const p = `${path}[${i}]`;
      const entries = this.c.map(item, p, ['sink', 'assertions']);
      if (!entries) return [];
      const sinkNode = this.c.required(entries, 'sink', item, p);
      const sink = sinkNode === undefined ? undefined : this.c.string(sinkNode, join(p, 'sink'));
      const assertions = entries.has('assertions') ? this.assertions(entries.get('assertions')!.value, join(p, 'assertions')) : [];
      return sink === undefined ? [] : [{ sink, assertions, position: this.c.position(item) }];
    });
  }

  private assertions(node: Node | null, path: string): AssertionSpec[] {
    if (node === null) return [];
    const items = this.c.list(node, path) ?? [];
    return items.flatMap((item, i) => {
      const assertion = readAssertion(this.c, item, `${path}[${i}]`);
      return assertion ? [assertion] : [];
    });
  }

  private strings(node: Node | null | undefined, path: string): string[] | undefined {
    return readKind(this.c, node ?? null, path, 'strings') as string[] | undefined;
  }

  private oneOf(node: Node | null | undefined, path: string, values: readonly string[]): string | undefined {
    return readKind(this.c, node ?? null, path, { oneOf: values }) as string | undefined;
  }

  /** Duplicate names and `from_previous` naming unknown queries (§4.1). */
  private crossChecks(spec: TestSpec, items: (Node | null)[]): void {
    const seen = new Set<string>();
    spec.queries.forEach((q, i) => {
      const node = items[i];
      if (seen.has(q.name)) this.c.error(node, `queries[${i}].name`, `queries[${i}].name: duplicate query name '${q.name}'`, 'spec.duplicate-name');
      seen.add(q.name);
      q.inputs.forEach((input, k) => {
        if (input.fromPrevious === PREVIOUS_QUERY) {
          const previous = spec.queries[i - 1];
          if (previous) input.fromPrevious = previous.name;
          else this.c.error(node, `queries[${i}].inputs[${k}].from_previous`, `queries[${i}].inputs[${k}].from_previous: there is no previous query`, 'spec.invalid-value');
        } else if (input.fromPrevious !== undefined && !spec.queries.some((other) => other.name === input.fromPrevious)) {
          const suggestion = closestName(input.fromPrevious, spec.queries.map((other) => other.name));
          this.c.error(
            node,
            `queries[${i}].inputs[${k}].from_previous`,
            `queries[${i}].inputs[${k}].from_previous: unknown query '${input.fromPrevious}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
            'spec.unknown-query',
          );
        }
      });
    });
  }
}

/** Placeholder for `from_previous: true` until the query list is known. */
const PREVIOUS_QUERY = '\u0000previous';

/**
 * One assertion mapping: its type must be known (else an error listing the valid types), its
 * keys are checked against the catalogue, and the alternative forms are normalised.
 */
export function readAssertion(c: YamlContext, node: Node | null, path: string): AssertionSpec | null {
  if (!isMap(node)) {
    c.expected(node, path, 'an assertion map {type: …}');
    return null;
  }
  const typeNode = node.items.find((p) => isScalar(p.key) && p.key.value === 'type')?.value as Node | undefined;
  if (typeNode === undefined) {
    c.error(node, join(path, 'type'), `${join(path, 'type')}: required key 'type' is missing`, 'spec.missing-key');
    return null;
  }
  const type = isScalar(typeNode) && typeof typeNode.value === 'string' ? typeNode.value : undefined;
  const shape = type === undefined ? undefined : ASSERTION_TYPES[type];
  if (shape === undefined || type === undefined) {
    const suggestion = type === undefined ? undefined : closestName(type, ASSERTION_TYPE_NAMES);
    c.error(
      typeNode,
      join(path, 'type'),
      `${join(path, 'type')}: unknown assertion type ${type === undefined ? describeNode(typeNode) : `'${type}'`}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
      'spec.unknown-assertion',
      `valid types: ${ASSERTION_TYPE_NAMES.join(', ')}`,
    );
    return null;
  }
  const kinds = { ...shape.fields, ...(shape.alternatives ?? {}) };
  const entries = c.map(node, path, [...COMMON_ASSERTION_KEYS, ...Object.keys(kinds)]);
  if (!entries) return null;
  const fields: Record<string, unknown> = {};
  let valid = true;
  for (const [key, entry] of entries) {
    if (key === 'type' || key === 'description') continue;
    const value = readKind(c, entry.value, join(path, key), kinds[key]);
    if (value === undefined) valid = false;
    else fields[key] = value;
  }
  for (const key of shape.required) {
    if (!entries.has(key)) {
      c.error(node, join(path, key), `${join(path, key)}: required key '${key}' is missing`, 'spec.missing-key');
      valid = false;
    }
  }
  if (!valid) return null;
  const normalised = normaliseAssertion(type, fields);
  if (!normalised.ok) {
    const key = normalised.message.split(':')[0];
    c.error(entries.get(key)?.value ?? node, `${path}.${key}`, `${path}.${normalised.message}`, 'spec.invalid-value');
    return null;
  }
  return { type: normalised.type, fields: normalised.fields, position: c.position(node) };
}

/** The value of `node` as the given kind, or undefined after an error. */
function readKind(c: YamlContext, node: Node | null, path: string, kind: FieldKind): unknown {
  if (typeof kind === 'object' && 'oneOf' in kind) {
    const text = isScalar(node) && node.value !== null ? String(node.value) : undefined;
    const match = text === undefined ? undefined : kind.oneOf.find((v) => v.toLowerCase() === text.toLowerCase());
    if (match === undefined) {
      const suggestion = text === undefined ? undefined : closestName(text, kind.oneOf);
      c.expected(node, path, `one of ${kind.oneOf.join(', ')}`, suggestion ? `did you mean '${suggestion}'?` : undefined);
    }
    return match;
  }
  if (typeof kind === 'object') {
    const items = c.list(node, path);
    if (!items) return undefined;
    const out: Record<string, unknown>[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const p = `${path}[${i}]`;
      const entries = c.map(item, p, Object.keys(kind.listOf));
      if (!entries) return void (ok = false);
      const row: Record<string, unknown> = {};
      for (const [key, entry] of entries) {
        const v = readKind(c, entry.value, join(p, key), kind.listOf[key]);
        if (v === undefined) ok = false;
        row[key] = v;
      }
      for (const key of kind.required) {
        if (!entries.has(key)) {
          c.error(item, join(p, key), `${join(p, key)}: required key '${key}' is missing`, 'spec.missing-key');
          ok = false;
        }
      }
      out.push(row);
    });
    return ok ? out : undefined;
  }
  switch (kind) {
    case 'string':
      return c.string(node, path);
    case 'number':
      return c.number(node, path);
    case 'integer':
      return c.number(node, path, { integer: true });
    case 'rate':
      return c.number(node, path, { min: 0, max: 1 });
    case 'boolean':
      return c.boolean(node, path);
    case 'scalar':
      if (isScalar(node) && node.value !== null && typeof node.value !== 'object') return node.value;
      c.expected(node, path, 'a number, string or boolean');
      return undefined;
    case 'strings': {
      if (!isSeq(node)) {
        c.expected(node, path, 'a list');
        return undefined;
      }
      const out: string[] = [];
      for (const [i, item] of (node.items as (Node | null)[]).entries()) {
        const s = c.string(item, `${path}[${i}]`);
        if (s === undefined) return undefined;
        out.push(s);
      }
      return out;
    }
    case 'pair': {
      const items = isSeq(node) ? (node.items as (Node | null)[]) : null;
      const values = items?.map((item) => (isScalar(item) && typeof item.value === 'number' ? item.value : undefined));
      if (!values || values.length !== 2 || values.some((v) => v === undefined)) {
        c.expected(node, path, 'a list [min, max] of two numbers');
        return undefined;
      }
      return values as number[];
    }
    case 'labels': {
      if (!isMap(node)) {
        c.expected(node, path, 'a map of label names to values');
        return undefined;
      }
      const out: Record<string, string> = {};
      for (const pair of node.items) {
        const key = pair.key as Node;
        const value = c.string(pair.value as Node, join(path, isScalar(key) ? String(key.value) : '?'));
        if (value === undefined) return undefined;
        out[isScalar(key) ? String(key.value) : ''] = value;
      }
      return out;
    }
  }
}

function describeNode(node: Node): string {
  return isScalar(node) ? String(node.value) : isMap(node) ? 'a map' : 'a list';
}
