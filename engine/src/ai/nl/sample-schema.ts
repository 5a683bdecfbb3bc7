/**
 * Schema inference from a data sample for NL context and app templates: a CSV or JSON Lines
 * file → a harness schema YAML document (types, enums, ranges, event-time fields) and the parsed
 * schema. Inference itself is the harness's (`velo-test infer-schema`); this only names the
 * source after the file and parses the result back.
 */
import * as path from 'path';
import { loadDataFile } from '../../harness/data/load-data';
import { parseSchema } from '../../harness/generator/load-schema';
import type { Schema } from '../../harness/generator/schema';
import { inferFromSample, schemaYaml } from '../../harness/infer-schema';

export type SampleSchema = { ok: true; name: string; yaml: string; schema: Schema } | { ok: false; error: string };

export function schemaFromSample(file: string, name = path.basename(file).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_]/g, '_')): SampleSchema {
  const data = loadDataFile(file);
  if (!data.ok) return { ok: false, error: `${data.error.file}${data.error.line ? `:${data.error.line}` : ''}: ${data.error.message}` };
  if (data.rows.length === 0) return { ok: false, error: `${file}: no records to infer a schema from` };
  const yaml = schemaYaml(inferFromSample(name, data.rows, data.columns), path.basename(file));
  const parsed = parseSchema(yaml, file);
  if (!parsed.schema) return { ok: false, error: `${file}: ${parsed.diagnostics.map((d) => d.message).join('; ')}` };
  return { ok: true, name, yaml, schema: parsed.schema };
}
