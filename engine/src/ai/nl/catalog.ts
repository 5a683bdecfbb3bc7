/**
 * What natural-language SQL generation knows about the data: sources with typed columns and,
 * where the schema or a sample gives them, enum values, ranges and the event-time field. Built
 * from harness schemas (files, `%%schema`) or from the engine catalog; never holds data rows
 * beyond the distinct values a schema already declares.
 */
import type { Catalog } from '../../api/catalog';
import type { Schema, FieldSpec } from '../../harness/generator/schema';
import type { SqlType } from '../../types/values/types';

export interface NlColumn {
  name: string;
  type: SqlType;
  /** Declared enum values (strings as written), for matching named values in a request. */
  values?: string[];
  range?: { min: number; max: number };
  /** Holds event time (epoch ms or timestamp): the time column of windows. */
  eventTime?: boolean;
  description?: string;
}

export interface NlSource {
  name: string;
  /** `table`: a bounded lookup relation (join partner), else a stream. */
  kind: 'stream' | 'table';
  columns: NlColumn[];
  description?: string;
}

export interface NlCatalog {
  sources: NlSource[];
  /** `SET` parameters of the session (name → value text). */
  parameters?: Record<string, string>;
}

/** A harness schema as an NL source; `tables` names the schemas read as tables. */
export function sourceFromSchema(schema: Schema, kind: 'stream' | 'table' = 'stream'): NlSource {
  return { name: schema.name, kind, columns: schema.fields.map(columnFromField), ...(schema.description ? { description: schema.description } : {}) };
}

export function catalogFromSchemas(schemas: readonly Schema[], tables: readonly string[] = []): NlCatalog {
  return { sources: schemas.map((s) => sourceFromSchema(s, tables.includes(s.name) ? 'table' : 'stream')) };
}

function columnFromField(field: FieldSpec): NlColumn {
  const c = field.constraints;
  const column: NlColumn = { name: field.name, type: sqlTypeOfField(field) };
  if (c.enumValues) column.values = c.enumValues.values.map((v) => String(v));
  if (c.range) column.range = { ...c.range };
  if (c.timestampEpochMs || c.timestampRange || field.type.kind === 'timestamp' || (/(^|_)(time|ts|timestamp)$/.test(field.name) && field.type.kind === 'integer')) column.eventTime = true;
  if (field.description) column.description = field.description;
  return column;
}

function sqlTypeOfField(field: FieldSpec): SqlType {
  switch (field.type.kind) {
    case 'integer':
    case 'float':
    case 'decimal':
    case 'boolean':
    case 'timestamp':
    case 'date':
    case 'string':
      return field.type.kind;
    case 'uuid':
      return 'string';
  }
}

/**
 * The engine catalog as an NL catalog: its streams and tables with known columns, refined by the
 * harness schemas of the same name (enum values, ranges, event time) when the host has them.
 */
export function catalogFromEngine(catalog: Catalog, schemas: ReadonlyMap<string, Schema> = new Map()): NlCatalog {
  const sources: NlSource[] = [];
  const seen = new Set<string>();
  for (const object of catalog.list()) {
    const schema = schemas.get(object.name);
    seen.add(object.name);
    if (schema) sources.push(sourceFromSchema(schema, object.kind));
    else if (object.columns) sources.push({ name: object.name, kind: object.kind, columns: object.columns.map((c) => ({ name: c.name, type: c.type, ...(/(^|_)(time|ts|timestamp)$/.test(c.name) ? { eventTime: true } : {}) })) });
  }
  for (const [name, schema] of schemas) if (!seen.has(name)) sources.push(sourceFromSchema(schema));
  return { sources, parameters: catalog.parameters() };
}

/** A compact text form for prompts and explanations: one line per source. */
export function describeCatalog(catalog: NlCatalog): string {
  return catalog.sources
    .map((s) => {
      const cols = s.columns.map((c) => {
        const extra = [c.values ? `values ${c.values.map((v) => `'${v}'`).join(', ')}` : '', c.range ? `${c.range.min}..${c.range.max}` : '', c.eventTime ? 'event time' : ''].filter(Boolean).join('; ');
        return `${c.name} ${c.type}${extra ? ` (${extra})` : ''}`;
      });
      return `${s.kind} ${s.name}${s.description ? ` -- ${s.description}` : ''}: ${cols.join(', ')}`;
    })
    .join('\n');
}
