/**
 * The catalog: what queries can read by name — external sources, streams and tables produced by
 * earlier statements (CSAS/CTAS/INSERT/SELECT INTO), named schemas, and parameters.
 *
 * Its metadata is JSON-serialisable (`toJSON`/`fromJSON`): the kernel pushes it to the catalog
 * panel and keeps it per notebook. The records a statement produced in process live beside it in
 * `store` (a MemoryStore channel per output name), and the current rows of each CREATE TABLE
 * result in a `TableState` (`tableState(name)`) that lookup joins and subqueries of later
 * statements read live; neither is serialised.
 */
import type { SqlType } from '../types/values/types';
import type { MemoryChannel } from '../connectors/memory/memory';
import { TableState } from '../runtime/joins/table';
import type { PlanColumn } from '../plan/logical';
import type { PlannedStatement } from '../plan/planner';
import { OutputStore } from './output-store';

export interface CatalogColumn {
  name: string;
  type: SqlType;
}

export interface CatalogObject {
  name: string;
  /** `table`: a CREATE TABLE result or a source declared as a table (lookup joins, subqueries). */
  kind: 'stream' | 'table';
  /** `external`: a source the host declared; `statement`: the output of a statement. */
  origin: 'external' | 'statement';
  /** Payload columns, or null when unknown. */
  columns: CatalogColumn[] | null;
  /** Ends by itself (file without watch, in-memory data, output of a bounded statement); null when unknown. */
  bounded: boolean | null;
  /**
   * Connector properties without the name prefix (`{type: 'file_source', path: 'trades.csv'}`).
   * Empty for statement outputs read in process.
   */
  properties: Record<string, string>;
  /** Output message key columns of a statement output (§10.4). */
  keyColumns: string[];
  /** The statement that produced it, or the ⊕X24 declaration that declared it. */
  sql?: string;
}

export interface CatalogJSON {
  version: 1;
  objects: CatalogObject[];
  schemas: Record<string, CatalogColumn[]>;
  parameters: Record<string, string>;
}

export interface SourceDeclaration {
  columns?: CatalogColumn[] | null;
  bounded?: boolean | null;
  table?: boolean;
  properties?: Record<string, string>;
  /** The declaring statement (⊕X24 `CREATE STREAM n … WITH (…)`), for SHOW CREATE. */
  sql?: string;
}

export class Catalog {
  private readonly objects = new Map<string, CatalogObject>();
  private readonly schemaMap = new Map<string, CatalogColumn[]>();
  private readonly parameterMap = new Map<string, string>();
  /** Records of statement outputs, one channel per output name (not serialised). */
  readonly store = new OutputStore();
  private readonly tableStates = new Map<string, TableState>();

  /** Declares an external source (or table) the host provides. Replaces an earlier declaration. */
  addSource(name: string, declaration: SourceDeclaration = {}): CatalogObject {
    const object: CatalogObject = {
      name,
      kind: declaration.table ? 'table' : 'stream',
      origin: 'external',
      columns: declaration.columns ?? null,
      bounded: declaration.bounded ?? null,
      properties: { ...(declaration.properties ?? {}) },
      keyColumns: [],
      ...(declaration.sql === undefined ? {} : { sql: declaration.sql }),
    };
    this.objects.set(name, object);
    return object;
  }

  /** Registers a planned statement's output so later statements and subqueries can read it. */
  registerOutput(planned: PlannedStatement): CatalogObject | null {
    if (planned.output === null) return null;
    const existing = this.objects.get(planned.output);
    const object: CatalogObject = {
      name: planned.output,
      // INSERT INTO / SELECT … INTO an existing table keeps it a table; CREATE says what it is.
      kind: planned.kind === 'table' || (planned.kind !== 'stream' && existing?.kind === 'table') ? 'table' : 'stream',
      origin: 'statement',
      columns: planned.columns ? planned.columns.map(copyColumn) : existing?.columns ?? null,
      bounded: !planned.unbounded,
      properties: {},
      keyColumns: [...planned.keyColumns],
      sql: planned.statement.text,
    };
    this.objects.set(object.name, object);
    return object;
  }

  /**
   * Where a registered statement's output records go while it runs: its channel in `store` and,
   * for a table, its live `TableState` (rows upserted by message key). CREATE STREAM/TABLE
   * replaces what an earlier run of the same name produced; INSERT INTO and SELECT … INTO append.
   */
  openOutput(planned: PlannedStatement): { channel: MemoryChannel; table: TableState | null } | null {
    const object = planned.output === null ? undefined : this.objects.get(planned.output);
    if (!object) return null;
    const name = object.name;
    const replace = planned.kind === 'stream' || planned.kind === 'table';
    const channel = replace ? this.store.replace(name) : this.store.channel(name);
    if (object.kind !== 'table') {
      this.tableStates.delete(name);
      return { channel, table: null };
    }
    let table = this.tableStates.get(name);
    if (replace || !table) {
      table = new TableState(name);
      this.tableStates.set(name, table);
    }
    return { channel, table };
  }

  /** The live rows of table `name` produced by a statement in this catalog, if any. */
  tableState(name: string): TableState | undefined {
    return this.tableStates.get(name);
  }

  get(name: string): CatalogObject | undefined {
    return this.objects.get(name);
  }

  remove(name: string): boolean {
    this.tableStates.delete(name);
    return this.objects.delete(name);
  }

  list(): CatalogObject[] {
    return [...this.objects.values()];
  }

  streams(): CatalogObject[] {
    return this.list().filter((o) => o.kind === 'stream');
  }

  tables(): CatalogObject[] {
    return this.list().filter((o) => o.kind === 'table');
  }

  /** Columns of `name`: its own, else a named schema of the same name. */
  columnsOf(name: string): PlanColumn[] | null {
    return this.objects.get(name)?.columns ?? this.schemaMap.get(name) ?? null;
  }

  setSchema(name: string, columns: CatalogColumn[]): void {
    this.schemaMap.set(name, columns.map(copyColumn));
  }

  schema(name: string): CatalogColumn[] | undefined {
    return this.schemaMap.get(name);
  }

  schemas(): Record<string, CatalogColumn[]> {
    return Object.fromEntries(this.schemaMap);
  }

  setParameter(name: string, value: string): void {
    this.parameterMap.set(name, value);
  }

  /** Parameters are visible to `${name}` substitution in WITH values. */
  parameters(): Record<string, string> {
    return Object.fromEntries(this.parameterMap);
  }

  toJSON(): CatalogJSON {
    return {
      version: 1,
      objects: this.list().map((o) => ({ ...o, columns: o.columns?.map(copyColumn) ?? null, properties: { ...o.properties }, keyColumns: [...o.keyColumns] })),
      schemas: this.schemas(),
      parameters: this.parameters(),
    };
  }

  static fromJSON(json: CatalogJSON): Catalog {
    const catalog = new Catalog();
    for (const o of json.objects) catalog.objects.set(o.name, { ...o, columns: o.columns?.map(copyColumn) ?? null });
    for (const [name, columns] of Object.entries(json.schemas)) catalog.setSchema(name, columns);
    for (const [name, value] of Object.entries(json.parameters)) catalog.setParameter(name, value);
    return catalog;
  }
}

const copyColumn = (c: CatalogColumn): CatalogColumn => ({ name: c.name, type: c.type });
