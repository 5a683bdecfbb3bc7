/**
 * The run's schema registry (harness spec §3.1 step 2): every schema file of the schemas
 * directory, schema files named in source configs, schema paths of `inputs[].schema`, and one
 * schema per `@data.source` group whose name is not registered yet. Errors of a schema the run
 * does not use are only warnings (the caller decides, knowing which schemas it uses).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../generator/diagnostics';
import { parseDataHints } from '../generator/hints';
import { loadSchema, loadSchemaDirectory } from '../generator/load-schema';
import type { Schema } from '../generator/schema';
import type { AppModel } from './app-model';
import type { TestSpec } from '../spec/types';

export interface RegisteredSchema {
  schema: Schema;
  /** Where it came from, for the console (`← ./schemas/x.yaml` or `← @data.* hints in SQL`). */
  origin: string;
}

export interface SchemaRegistry {
  schemas: Map<string, RegisteredSchema>;
  /** Schema files given by path (`inputs[].schema: x.yaml`), by resolved path. */
  byPath: Map<string, Schema>;
  /** `@data.seed` of the SQL file. */
  hintSeed?: number;
  /** Diagnostics by schema file (a broken file only matters when the run uses it). */
  diagnostics: Diagnostic[];
}

const CONFIG_SCHEMA_KEYS = ['datasource.schema.value.schema.file', 'schema.file', 'value.schema.file'];

export function isSchemaPath(ref: string): boolean {
  return /\.ya?ml$/i.test(ref) || ref.includes('/');
}

export function buildSchemaRegistry(app: AppModel, sqlText: string, schemasDir: string | null, spec: TestSpec | null, extra: readonly Schema[] = []): SchemaRegistry {
  const registry: SchemaRegistry = { schemas: new Map(), byPath: new Map(), diagnostics: [] };
  const add = (schema: Schema, origin: string) => {
    if (!registry.schemas.has(schema.name)) registry.schemas.set(schema.name, { schema, origin });
  };
  for (const schema of extra) add(schema, 'registered');
  if (schemasDir) {
    const dir = loadSchemaDirectory(schemasDir);
    registry.diagnostics.push(...dir.diagnostics);
    for (const schema of dir.schemas.values()) add(schema, schema.position.file);
  }
  const loadFile = (file: string) => {
    const resolved = path.resolve(file);
    if (registry.byPath.has(resolved) || !fs.existsSync(resolved)) return registry.byPath.get(resolved);
    const { schema, diagnostics } = loadSchema(resolved);
    registry.diagnostics.push(...diagnostics);
    if (schema) {
      registry.byPath.set(resolved, schema);
      add(schema, resolved);
    }
    return schema ?? undefined;
  };
  for (const statement of app.statements) {
    for (const source of statement.sources) {
      const configured = source.properties.first(...CONFIG_SCHEMA_KEYS);
      if (configured) loadFile(path.resolve(configured.origin.dir, configured.value));
    }
  }
  const specDir = spec?.file ? path.dirname(spec.file) : path.dirname(app.file);
  for (const query of spec?.queries ?? []) {
    for (const input of query.inputs) if (input.schema && isSchemaPath(input.schema)) loadFile(path.resolve(specDir, input.schema));
  }
  const hints = parseDataHints(sqlText, app.file);
  registry.diagnostics.push(...hints.diagnostics);
  registry.hintSeed = hints.seed;
  for (const schema of hints.schemas) add(schema, '@data.* hints in SQL');
  return registry;
}
