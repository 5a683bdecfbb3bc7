/**
 * The catalog `velo nl` and `velo init --from-prompt` work on: harness schema files (`--schemas`,
 * default ./schemas), data samples with inferred schemas (`--sample`), and an application's
 * sources and outputs (`--app`); `--tables` names schemas read as tables.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CliIO } from './command';
import { Catalog } from '../api/catalog';
import { prepareStatement } from '../api/query';
import { catalogFromEngine, sourceFromSchema, type NlCatalog } from '../ai/nl/catalog';
import { schemaFromSample } from '../ai/nl/sample-schema';
import { loadSchemaDirectory } from '../harness/generator/load-schema';
import type { Schema } from '../harness/generator/schema';
import { parse } from '../sql/parse';

/** Schemas, samples and app sources as an NL catalog, or a message saying what could not be read. */
export function loadNlCatalog(flags: ReadonlyMap<string, string | true>, io: CliIO): { catalog: NlCatalog; schemas: Map<string, Schema> } | string {
  const schemas = new Map<string, Schema>();
  const dirFlag = flags.get('schemas');
  const dir = typeof dirFlag === 'string' ? path.resolve(io.cwd, dirFlag) : path.join(io.cwd, 'schemas');
  if (typeof dirFlag === 'string' && !fs.existsSync(dir)) return `schema directory '${dirFlag}' not found`;
  if (fs.existsSync(dir)) for (const [name, schema] of loadSchemaDirectory(dir).schemas) schemas.set(name, schema);
  const samples = flags.get('sample');
  for (const file of typeof samples === 'string' ? samples.split(',') : []) {
    const inferred = schemaFromSample(path.resolve(io.cwd, file.trim()));
    if (!inferred.ok) return inferred.error;
    schemas.set(inferred.name, inferred.schema);
  }
  const engineCatalog = new Catalog();
  const tables = typeof flags.get('tables') === 'string' ? (flags.get('tables') as string).split(',').map((t) => t.trim()) : [];
  for (const [name, schema] of schemas) engineCatalog.addSource(name, { columns: sourceFromSchema(schema).columns.map((c) => ({ name: c.name, type: c.type })), table: tables.includes(name) });
  const app = flags.get('app');
  if (typeof app === 'string') {
    const file = path.resolve(io.cwd, app);
    if (!fs.existsSync(file)) return `cannot read '${app}': file not found`;
    const parsed = parse(fs.readFileSync(file, 'utf8'));
    for (const statement of parsed.statements) {
      const prepared = prepareStatement(statement, engineCatalog, { baseDir: path.dirname(file), env: io.env });
      const planned = prepared.planned;
      if (!planned) continue;
      // Sources the app reads through WITH properties (CSV headers give their columns).
      for (const name of planned.sources) {
        const info = prepared.sources.info(name);
        if (!engineCatalog.get(name) && info.columns) engineCatalog.addSource(name, { columns: info.columns, table: info.table });
      }
      engineCatalog.registerOutput(planned);
    }
  }
  if (engineCatalog.list().length === 0) return 'no catalog: pass --schemas DIR and/or --app APP.sql';
  return { catalog: catalogFromEngine(engineCatalog, schemas), schemas };
}

/** `VELOSTREAM_AI` (on, off; default auto): the CLI's counterpart of the kernel's `ai` setting. */
export function aiSetting(env: NodeJS.ProcessEnv): 'auto' | 'on' | 'off' {
  const v = env.VELOSTREAM_AI?.trim().toLowerCase();
  return v === 'on' || v === 'off' ? v : 'auto';
}
