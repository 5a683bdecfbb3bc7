/**
 * Where a statement's FROM/JOIN names get their records, decided once per name, first match wins:
 *   1. a source the host injected by name (`StartQueryOptions.sources`: rows, batches, a generator);
 *   2. the statement's WITH properties (`<name>.type`, `<name>.config_file`) → a connector;
 *   3. the output of an earlier statement in the catalog → its in-process channel;
 *   4. an external source declared in the catalog with connector properties → a connector.
 * Otherwise the name has no type, reported as the registry's "source 'x' has no type".
 *
 * `info` (columns, bounded, table) feeds the planner; `open` is called once the plan is good.
 */
import type { ConnectorContext, Source } from '../connectors/connector';
import { MemorySource } from '../connectors/memory/memory';
import type { ConnectorError, Result } from '../connectors/errors';
import { ObjectProperties, type StatementProperties } from '../connectors/properties';
import { parseKafkaUri, type KafkaUri } from '../connectors/kafka/uri';
import type { ConnectorRegistry } from '../connectors/registry';
import { readFileSourceSettings } from '../connectors/file/file-config';
import { schemaFromConfig } from '../connectors/formats/schema';
import type { PlanColumn } from '../plan/logical';
import type { SourceInfo } from '../plan/planner';
import { NO_FROM_SOURCE } from '../plan/planner';
import type { TableState } from '../runtime/joins/table';
import type { Batch, StreamRecord } from '../types/record';
import { sqlTypeOf } from '../types/values/kinds';
import type { Catalog } from './catalog';
import { fileColumns } from './file-schema';
import type { Row } from '../connectors/formats/csv-decoder';

/** A source supplied by the host instead of a connector (kernel synthetic data, harness topics). */
export interface InjectedSource {
  /**
   * Rows (payload objects), batches of records, an async iterable of batches (a connector
   * `Source`, a generator), or a function returning one (called when the query starts).
   */
  data: readonly Row[] | readonly Batch[] | AsyncIterable<Batch> | (() => AsyncIterable<Batch>);
  /** Payload columns; inferred from the rows when data is an array. */
  columns?: PlanColumn[];
  /** Default: true for arrays, false for iterables. */
  bounded?: boolean;
  /** Serve as a table (lookup join right side, subquery source). */
  table?: boolean;
}

export type SourceSupply = InjectedSource | readonly Row[];

/** How an input is read: `deferRecords` — its reader takes deferred batches (connectors' SourceOptions). */
export interface OpenOptions {
  deferRecords?: boolean;
}

interface Resolved {
  info: SourceInfo;
  /** How the name is read: the connector type, `statement output` or `host data` (SHOW STREAM HEALTH). */
  connector: string;
  open(options?: OpenOptions): Result<AsyncIterable<Batch>>;
  /** The catalog's live rows when the name is a CREATE TABLE result of an earlier statement. */
  liveTable?: TableState;
}

export class SourceResolver {
  private readonly resolved = new Map<string, Resolved>();
  private readonly failures = new Map<string, ConnectorError>();
  private readonly opened: Source[] = [];

  constructor(
    private readonly properties: StatementProperties,
    private readonly catalog: Catalog,
    private readonly registry: ConnectorRegistry,
    private readonly injected: Readonly<Record<string, SourceSupply>>,
    private readonly ctx: ConnectorContext,
    private readonly bindings: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
  ) {}

  /** What the planner needs to know about `name` (cached). */
  info(name: string): SourceInfo {
    return this.resolve(name).info;
  }

  /** Problems found while resolving the names asked so far (missing type, connector not available, bad properties). */
  errors(): ConnectorError[] {
    return [...this.failures.values()];
  }

  open(name: string, options?: OpenOptions): Result<AsyncIterable<Batch>> {
    return this.resolve(name).open(options);
  }

  /** How `name` is read: its connector type, `statement output` or `host data`. */
  connectorType(name: string): string {
    return this.resolve(name).connector;
  }

  /** The live table state `name` resolves to (a CREATE TABLE result in the catalog), if any. */
  liveTable(name: string): TableState | undefined {
    return this.resolve(name).liveTable;
  }

  /** The connector sources opened so far (for commits and their duplicate counts). */
  openedSources(): readonly Source[] {
    return this.opened;
  }

  /** Closes every connector source opened. */
  async close(): Promise<void> {
    await Promise.all(this.opened.map((s) => s.close().catch(() => {})));
  }

  private resolve(name: string): Resolved {
    let resolved = this.resolved.get(name);
    if (!resolved) {
      resolved = this.decide(name);
      this.resolved.set(name, resolved);
    }
    return resolved;
  }

  private decide(name: string): Resolved {
    if (name === NO_FROM_SOURCE) return oneRow(this.ctx);
    const supply = this.injected[name];
    if (supply !== undefined) return injected(supply, this.ctx);
    const own = this.properties.forObject(name, 'source');
    const uri = parseKafkaUri(name);
    if (uri?.topic) return this.connector(withDefaults(name, kafkaUriKeys(uri), own.properties, this.properties.baseDir), false);
    const catalogued = this.catalog.get(name);
    const bound = this.bindings[name];
    if (bound && own.properties.type === undefined && catalogued?.origin !== 'statement') {
      return this.connector(withDefaults(name, bound, own.properties, this.properties.baseDir), false);
    }
    if (own.properties.type !== undefined) {
      return this.connector(own.properties, catalogued?.kind === 'table');
    }
    if (catalogued?.origin === 'statement') {
      const channel = this.catalog.store.channel(name);
      return {
        info: { columns: catalogued.columns, bounded: catalogued.bounded, table: catalogued.kind === 'table' },
        connector: 'statement output',
        open: () => ({ ok: true, value: new MemorySource(name, channel, channel.isEnded()) }),
        liveTable: this.catalog.tableState(name),
      };
    }
    if (catalogued && catalogued.properties.type !== undefined) {
      const props = ObjectProperties.of(name, 'source', catalogued.properties, this.properties.baseDir);
      const resolved = this.connector(props, catalogued.kind === 'table');
      return { ...resolved, info: { ...resolved.info, columns: catalogued.columns ?? resolved.info.columns } };
    }
    return this.connector(own.properties, catalogued?.kind === 'table');
  }

  private connector(props: ObjectProperties, catalogTable: boolean): Resolved {
    const factory = this.registry.sourceFactory(props);
    const table = catalogTable || props.declaresTable;
    if (!factory.ok) {
      this.failures.set(props.name, factory.error);
      return { info: { columns: this.catalog.columnsOf(props.name), bounded: null, table }, connector: props.type ?? 'none', open: () => factory };
    }
    return {
      info: { columns: this.staticColumns(props), bounded: factory.value.bounded(props), table },
      connector: props.type ?? 'none',
      open: (options) => {
        const created = factory.value.create(props, this.ctx, { schema: schemaFromConfig(props.config), deferRecords: options?.deferRecords });
        if (created.ok) this.opened.push(created.value);
        return created;
      },
    };
  }

  private staticColumns(props: ObjectProperties): PlanColumn[] | null {
    const known = this.catalog.columnsOf(props.name);
    if (known) return known;
    if (props.type === 'file_source' || props.type === 'file_source_mmap') {
      const settings = readFileSourceSettings(props).settings;
      if (settings) return fileColumns(settings);
    }
    const declared = schemaFromConfig(props.config);
    return declared ? [...declared.values()].map((f) => ({ name: f.name, type: f.kind })) : null;
  }
}

/** `FROM 'kafka://[brokers/]topic'`: a Kafka source whose topic (and brokers) come from the URI. */
function kafkaUriKeys(uri: KafkaUri): Record<string, string> {
  return { type: 'kafka_source', topic: uri.topic!, ...(uri.brokers ? { 'bootstrap.servers': uri.brokers.join(',') } : {}) };
}

/** A source's properties from default keys (a URI, a notebook binding) under its own WITH keys. */
function withDefaults(name: string, defaults: Readonly<Record<string, string>>, own: ObjectProperties, baseDir: string): ObjectProperties {
  const keys: Record<string, string> = { ...defaults };
  for (const key of own.keys()) keys[key] = own.get(key)!;
  return ObjectProperties.of(name, 'source', keys, baseDir);
}

/** `SELECT …` without FROM reads one empty record. */
function oneRow(ctx: ConnectorContext): Resolved {
  return {
    info: { columns: [], bounded: true, table: false },
    connector: 'none',
    open: () => ({ ok: true, value: fromBatches([[record({}, 0, ctx.now())]]) }),
  };
}

function injected(supply: SourceSupply, ctx: ConnectorContext): Resolved {
  const source: InjectedSource = isRowArray(supply) ? { data: supply } : (supply as InjectedSource);
  const data = source.data;
  const isArray = Array.isArray(data);
  const batches: readonly Batch[] | null = isArray ? (isBatchArray(data as unknown[]) ? (data as Batch[]) : null) : null;
  const rows: readonly Row[] | null = isArray && batches === null ? (data as Row[]) : null;
  const columns = source.columns ?? (rows ? rowColumns(rows) : batches ? rowColumns(batches.flat().map((r) => r.fields)) : null);
  return {
    info: { columns, bounded: source.bounded ?? isArray, table: source.table ?? false },
    connector: 'host data',
    open: () => {
      if (rows) {
        const now = ctx.now();
        return { ok: true, value: fromBatches([rows.map((fields, i) => record(fields, i, now))]) };
      }
      if (batches) return { ok: true, value: fromBatches(batches) };
      return { ok: true, value: typeof data === 'function' ? (data as () => AsyncIterable<Batch>)() : (data as AsyncIterable<Batch>) };
    },
  };
}

function isRowArray(supply: SourceSupply): supply is readonly Row[] {
  return Array.isArray(supply);
}

function isBatchArray(data: unknown[]): boolean {
  return data.length > 0 && Array.isArray(data[0]);
}

function record(fields: Row, offset: number, now: number): StreamRecord {
  return { fields, timestamp: now, eventTime: null, offset, partition: 0, key: null, headers: null };
}

async function* fromBatches(batches: readonly Batch[]): AsyncGenerator<Batch> {
  for (const batch of batches) if (batch.length > 0) yield batch;
}

/** Column names in first-seen order, typed when every non-NULL value agrees. */
function rowColumns(rows: readonly Row[]): PlanColumn[] | null {
  if (rows.length === 0) return null;
  const types = new Map<string, ReturnType<typeof sqlTypeOf> | null>();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row)) {
      if (!types.has(name)) types.set(name, null);
      if (v === null) continue;
      const t = sqlTypeOf(v);
      const seen = types.get(name);
      types.set(name, seen === null || seen === undefined ? t : seen === t ? t : 'any');
    }
  }
  return [...types].map(([name, type]) => ({ name, type: type ?? 'any' }));
}
