/**
 * WITH properties of one statement (dialect spec §12): merging, environment substitution,
 * `config_file` YAML with `extends`, and per-object views.
 *
 * Precedence for object `n`, lowest first:
 *   YAML of `n.config_file` (its `extends` chain below it)
 *   < un-prefixed source keys of the statement (`event.time.field`, `watermark.*`, `late.data.*`; sources only)
 *   < `n.`-prefixed keys of the statement.
 * Within the statement, the WITH lists (source-level ones and the statement's) merge in textual
 * order and a duplicate key takes the last value. `topic.name` is normalised to `topic`.
 */
import * as path from 'path';
import { issueDiagnostic, substituteEnv, type Env } from './properties/env';
import { loadConfigFile, type ConfigNode, type ReadText } from './properties/config-file';
import type { PropertyDiagnostic, PropertyValue } from './properties/types';

export type { PropertyDiagnostic, PropertyValue } from './properties/types';
export type { ConfigNode } from './properties/config-file';
export type { Env } from './properties/env';

export type ObjectRole = 'source' | 'sink';

/** Key/value pairs as written in one WITH list, in order. */
export type PropertyList = ReadonlyArray<readonly [key: string, value: string]>;

export interface ResolveInput {
  /** Source-level WITH lists and the statement's WITH list, in textual order (later wins). */
  layers: ReadonlyArray<PropertyList | Readonly<Record<string, string>>>;
  /** Directory of the SQL file; `config_file` and relative paths in WITH resolve against it. */
  baseDir: string;
  env?: Env;
  /** File reader for config files (tests inject one); defaults to the file system. */
  readFile?: ReadText;
}

/** Un-prefixed keys that apply to every source of the statement (§12.2). */
const SOURCE_WIDE_PREFIXES = ['event.time.', 'watermark.', 'late.data.'];

export const isSourceWideKey = (key: string): boolean => SOURCE_WIDE_PREFIXES.some((p) => key.startsWith(p));

/** `topic.name` and `topic` are one property (§12.2), also nested (`datasource.topic.name`). */
const normaliseKey = (key: string): string =>
  key === 'topic.name' || key.endsWith('.topic.name') ? key.slice(0, -'.name'.length) : key;

/** The merged WITH properties of one statement. */
export class StatementProperties {
  private constructor(
    private readonly values: ReadonlyMap<string, PropertyValue>,
    readonly baseDir: string,
    private readonly env: Env,
    private readonly readFile: ReadText | undefined,
  ) {}

  /** Merges the layers and substitutes `${…}` in values; `${VAR:?msg}` unset → error VV352. */
  static resolve(input: ResolveInput): { properties: StatementProperties; diagnostics: PropertyDiagnostic[] } {
    const env = input.env ?? process.env;
    const origin = { file: null, dir: input.baseDir };
    const values = new Map<string, PropertyValue>();
    const diagnostics: PropertyDiagnostic[] = [];
    for (const layer of input.layers) {
      const pairs = Array.isArray(layer) ? (layer as PropertyList) : Object.entries(layer);
      for (const [key, raw] of pairs) {
        const { value, issues } = substituteEnv(raw, env);
        for (const issue of issues) {
          diagnostics.push({
            ...issueDiagnostic(issue),
            key,
            hint: issue.kind === 'required' ? `set ${issue.variable} in the environment` : undefined,
          });
        }
        values.delete(key); // re-insert so iteration order reflects the winning position
        values.set(key, { value, origin });
      }
    }
    return { properties: new StatementProperties(values, input.baseDir, env, input.readFile), diagnostics };
  }

  get(key: string): string | undefined {
    return this.values.get(key)?.value;
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** Object names that have at least one `<name>.`-prefixed key (excluding source-wide keys). */
  objectNames(): string[] {
    const names = new Set<string>();
    for (const key of this.values.keys()) {
      const dot = key.indexOf('.');
      if (dot > 0 && !isSourceWideKey(key)) names.add(key.slice(0, dot));
    }
    return [...names];
  }

  /**
   * Everything object `name` is configured with: its prefixed keys (prefix stripped), its
   * config file, and for sources the statement's source-wide keys.
   */
  forObject(name: string, role: ObjectRole): { properties: ObjectProperties; diagnostics: PropertyDiagnostic[] } {
    const prefix = `${name}.`;
    const own = new Map<string, PropertyValue>();
    const sourceWide = new Map<string, PropertyValue>();
    for (const [key, value] of this.values) {
      if (key.startsWith(prefix)) own.set(normaliseKey(key.slice(prefix.length)), value);
      else if (role === 'source' && isSourceWideKey(key)) sourceWide.set(key, value);
    }

    const merged = new Map<string, PropertyValue>();
    const diagnostics: PropertyDiagnostic[] = [];
    let config: { [key: string]: ConfigNode } | null = null;
    let configFiles: string[] = [];
    const configFile = own.get('config_file');
    if (configFile) {
      const file = path.resolve(configFile.origin.dir, configFile.value);
      const loaded = loadConfigFile(file, this.env, name, this.readFile);
      for (const d of loaded.diagnostics) diagnostics.push({ key: `${name}.config_file`, ...d });
      for (const [key, value] of loaded.entries) merged.set(normaliseKey(key), value);
      config = loaded.tree;
      configFiles = loaded.files;
    }
    for (const [key, value] of sourceWide) merged.set(key, value);
    for (const [key, value] of own) merged.set(key, value);
    return { properties: new ObjectProperties(name, role, merged, config, configFiles), diagnostics };
  }
}

/** The properties of one source or sink, prefix stripped, with typed accessors for common keys. */
export class ObjectProperties {
  constructor(
    readonly name: string,
    readonly role: ObjectRole,
    private readonly values: ReadonlyMap<string, PropertyValue>,
    /** The merged config-file tree, or null without `config_file`. */
    readonly config: { readonly [key: string]: ConfigNode } | null = null,
    /** Config files read, most derived first. */
    readonly configFiles: readonly string[] = [],
  ) {}

  /** Builds a view from plain un-prefixed keys (tests, the harness's `source_type` inputs). */
  static of(name: string, role: ObjectRole, keys: Readonly<Record<string, string>>, baseDir = process.cwd()): ObjectProperties {
    const origin = { file: null, dir: baseDir };
    const values = new Map(Object.entries(keys).map(([k, v]) => [normaliseKey(k), { value: v, origin }] as const));
    return new ObjectProperties(name, role, values);
  }

  get(key: string): string | undefined {
    return this.values.get(key)?.value;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** The first of `keys` that is set, with its origin. */
  first(...keys: string[]): PropertyValue | undefined {
    for (const key of keys) {
      const v = this.values.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The first of `keys` that is set, as an absolute path (relative to the file that set it). */
  resolvedPath(...keys: string[]): string | undefined {
    const v = this.first(...keys);
    return v === undefined ? undefined : path.resolve(v.origin.dir, v.value);
  }

  /** Keys under `prefix.` with the prefix stripped (e.g. Kafka client settings). */
  withPrefix(prefix: string): Map<string, string> {
    const out = new Map<string, string>();
    const p = `${prefix}.`;
    for (const [key, v] of this.values) if (key.startsWith(p)) out.set(key.slice(p.length), v.value);
    return out;
  }

  /** Whether `<name>.type` was given explicitly (SQL or the config file's top-level `type`). */
  get hasExplicitType(): boolean {
    return this.values.has('type');
  }

  /**
   * The connector type: `type`, else the config file's `datasource.type` / `data_source.type` /
   * `datasink.type` mapped to this role (`kafka` → `kafka_source` or `kafka_sink`).
   */
  get type(): string | undefined {
    const explicit = this.get('type');
    if (explicit !== undefined) return explicit;
    const kind = this.first('datasource.type', 'data_source.type', 'datasink.type', 'data_sink.type')?.value;
    if (kind === 'kafka' || kind === 'file') return `${kind}_${this.role}`;
    return undefined;
  }

  /** Data format: `format`, else the config file's `file.format` / `data_source.format`. */
  get format(): string | undefined {
    return this.first('format', 'file.format', 'data_source.format', 'datasource.format')?.value;
  }

  /** File path, absolute: `path`, else the config file's `file.path` / `data_source.path`. */
  get path(): string | undefined {
    return this.resolvedPath('path', 'file.path', 'data_source.path', 'datasource.path');
  }

  /** Kafka topic: `topic` (also from `topic.name`), else the object's name (harness §3.2). */
  get topic(): string {
    return this.first('topic', 'datasource.topic', 'datasink.topic')?.value ?? this.name;
  }

  /** Partition count: `partitions`, `topic.partitions` (SQL or config), if given and valid. */
  get partitions(): number | undefined {
    const v = this.first('partitions', 'topic.partitions')?.value;
    const n = v === undefined ? NaN : Number(v);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }

  /** A config file with a `table:` section declares the source a lookup table (§4.4). */
  get declaresTable(): boolean {
    const table = this.config?.table;
    return table !== undefined && table !== '';
  }
}
