/**
 * The notebook's state for one kernel process: the engine catalog, harness schemas, how each
 * source name is served (synthetic, generated), parameters, settings, jobs and display ids. Later
 * cells see what earlier cells registered; interrupts never touch it.
 */
import {
  Catalog,
  type Batch,
  type CatalogObject,
  type DataSchema,
  type InjectedSource,
  type PlanColumn,
} from '@velostream/engine';
import type { Logger } from '../../log';
import { JobRegistry } from './jobs';
import { KafkaConnections } from './kafka-connections';
import { Parameters } from '../cell/params';
import { DeployedJobs } from './deployed-jobs';
import { Pipeline } from './pipeline';
import { Settings } from './settings';
import { boundedRecords, endlessSource, schemaColumns } from './synthetic';
import { isCellError, type CellError } from '../errors';

/** How many executed statements %%nl sees (kernel spec §4.5). */
const RECENT_SQL = 20;

/** How a name without WITH properties gets its records. */
export type Binding =
  | { kind: 'schema'; schema: DataSchema }
  | { kind: 'generated'; schema: DataSchema; records: Batch }
  | { kind: 'generated-endless'; schema: DataSchema; seed: number; rate: number };

export interface SourceListing {
  name: string;
  kind: 'stream' | 'table';
  bounded: boolean | null;
  /** `synthetic`, `generated`, `statement`, or the connector type. */
  binding: string;
  columns: PlanColumn[];
  properties: Record<string, string>;
}

export class Notebook {
  readonly catalog = new Catalog();
  readonly params = new Parameters();
  readonly settings = new Settings();
  readonly jobs: JobRegistry;
  readonly kafka: KafkaConnections;
  /** What `%%deploy` deploys. */
  readonly pipeline = new Pipeline();
  /** The job runner's jobs, for the catalog comm. */
  readonly deployed = new DeployedJobs();
  private readonly schemas = new Map<string, DataSchema>();
  private readonly bindings = new Map<string, Binding>();
  private readonly listeners = new Set<() => void>();
  private displays = 0;
  /** SQL of the statements that ran, newest last (the %%nl context; never their rows). */
  private readonly executedSql: string[] = [];

  constructor(
    readonly sessionId: string,
    readonly log: Logger,
  ) {
    this.jobs = new JobRegistry(() => this.changed());
    this.kafka = new KafkaConnections(this.settings, this.sessionHex());
  }

  private sessionHex(): string {
    return this.sessionId.replace(/[^0-9a-f]/gi, '').slice(0, 8);
  }

  /** `vs-<first 8 hex digits of the session>-<n>`, unique within the process (§3.1). */
  nextDisplayId(): string {
    return `vs-${this.sessionHex()}-${++this.displays}`;
  }

  /** Remembers a statement that ran; the last RECENT_SQL are kept. */
  rememberSql(text: string): void {
    this.executedSql.push(text.trim());
    if (this.executedSql.length > RECENT_SQL) this.executedSql.shift();
  }

  recentSql(): string[] {
    return [...this.executedSql];
  }

  /** `%%schema NAME`: the schema serves NAME with endless synthetic data unless NAME has data. */
  registerSchema(schema: DataSchema): void {
    this.schemas.set(schema.name, schema);
    const columns = schemaColumns(schema);
    this.catalog.setSchema(schema.name, columns);
    const declared = this.catalog.get(schema.name);
    // A source declared with a connector (CREATE STREAM … WITH type) keeps reading it; the schema only describes it.
    if (declared?.origin === 'external' && declared.properties.type !== undefined && !this.bindings.has(schema.name)) {
      this.changed();
      return;
    }
    const bound = this.bindings.get(schema.name);
    if (!bound || bound.kind === 'schema') this.bind(schema.name, { kind: 'schema', schema }, columns, false);
    else this.bind(schema.name, { ...bound, schema }, columns, bound.kind === 'generated');
  }

  /** `%generate NAME --records N`: bounded seeded data. */
  generate(schema: DataSchema, records: number, seed: number): Batch | CellError {
    const batch = boundedRecords(schema, records, seed);
    if (isCellError(batch)) return batch;
    this.schemas.set(schema.name, schema);
    this.bind(schema.name, { kind: 'generated', schema, records: batch }, schemaColumns(schema), true);
    return batch;
  }

  /** `%generate NAME --endless [--rate R]`. */
  generateEndless(schema: DataSchema, seed: number, rate: number): void {
    this.schemas.set(schema.name, schema);
    this.bind(schema.name, { kind: 'generated-endless', schema, seed, rate }, schemaColumns(schema), false);
  }

  /** A statement output now owns the name; it is read from the engine's in-process channel. */
  outputRegistered(name: string): void {
    this.bindings.delete(name);
    this.changed();
  }

  schema(name: string): DataSchema | undefined {
    return this.schemas.get(name);
  }

  schemaNames(): string[] {
    return [...this.schemas.keys()];
  }

  binding(name: string): Binding | undefined {
    return this.bindings.get(name);
  }

  /**
   * Records for the bound names a statement reads. A name whose `'<name>.type'` is set in the
   * statement's WITH is left to its connector (WITH properties are the strongest binding, §4.1).
   */
  injectedSources(statementText: string): Record<string, InjectedSource> {
    const sources: Record<string, InjectedSource> = {};
    for (const [name, binding] of this.bindings) {
      if (declaresType(statementText, name)) continue;
      // A %connect'ed topic binds stronger than a %%schema (§4.1): the schema only describes it.
      if (binding.kind === 'schema' && this.kafka.isTopic(name)) continue;
      const columns = schemaColumns(binding.schema);
      switch (binding.kind) {
        case 'generated':
          sources[name] = { data: [binding.records], columns, bounded: true };
          break;
        case 'generated-endless':
          sources[name] = { data: endlessSource(binding.schema, binding.seed, binding.rate), columns, bounded: false };
          break;
        case 'schema':
          sources[name] = {
            data: endlessSource(binding.schema, this.settings.values.seed, this.settings.values.rate),
            columns,
            bounded: false,
          };
          break;
      }
    }
    return sources;
  }

  /** Every source name the notebook knows: bound names, catalog objects, schemas. */
  sources(): SourceListing[] {
    const listing = new Map<string, SourceListing>();
    for (const object of this.catalog.list()) listing.set(object.name, this.describeObject(object));
    for (const connection of this.kafka.list())
      for (const { topic } of connection.topics)
        if (!listing.has(topic) || listing.get(topic)!.binding === 'synthetic')
          listing.set(topic, {
            name: topic,
            kind: 'stream',
            bounded: false,
            binding: 'kafka',
            columns: this.catalog.schema(topic) ?? [],
            properties: { type: 'kafka_source', topic, 'bootstrap.servers': connection.brokers.join(',') },
          });
    for (const name of this.schemas.keys())
      if (!listing.has(name))
        listing.set(name, {
          name,
          kind: 'stream',
          bounded: false,
          binding: 'schema',
          columns: this.catalog.schema(name) ?? [],
          properties: {},
        });
    return [...listing.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  source(name: string): SourceListing | undefined {
    return this.sources().find((s) => s.name === name);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners (the catalog comm) that sources, jobs, schemas or parameters changed. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  private bind(name: string, binding: Binding, columns: PlanColumn[], bounded: boolean): void {
    this.bindings.set(name, binding);
    this.catalog.addSource(name, { columns, bounded });
    this.changed();
  }

  private describeObject(object: CatalogObject): SourceListing {
    const binding = this.bindings.get(object.name);
    const bindingName = binding
      ? binding.kind === 'schema'
        ? 'synthetic'
        : 'generated'
      : object.origin === 'statement'
        ? 'statement'
        : (object.properties.type ?? 'none');
    return {
      name: object.name,
      kind: object.kind,
      bounded: binding ? binding.kind === 'generated' : object.bounded,
      binding: bindingName,
      columns: object.columns ?? this.catalog.schema(object.name) ?? [],
      properties: object.properties,
    };
  }
}

/** True when the statement's WITH sets `'<name>.type'`. */
function declaresType(statementText: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`['"]${escaped}\\.type['"]\\s*=`, 'i').test(statementText);
}
