/**
 * The spec a run of one SQL file uses (harness spec §2.3, §10.2): the given or discovered spec
 * file, loaded with its diagnostics, or — when there is none — one generated from the SQL in
 * memory. Non-interactive; the CLI adds the TTY prompt.
 */
import * as fs from 'fs';
import { hasErrors, type Diagnostic } from '../generator/diagnostics';
import { loadSpec } from '../spec/load-spec';
import type { TestSpec } from '../spec/types';
import { loadAppModel } from './app-model';
import { discoverSpec } from './discovery';
import { generateSpec, type GeneratedSpec } from './generated-spec';
import { buildSchemaRegistry } from './schemas';

export type AppSpec =
  | { ok: true; spec: TestSpec; discovered: string | null; diagnostics: Diagnostic[]; generated?: GeneratedSpec }
  | { ok: false; diagnostics: Diagnostic[] };

export function specForApp(sqlFile: string, schemasDir: string | null, given?: string): AppSpec {
  const file = given ?? discoverSpec(sqlFile);
  if (file) {
    const { spec, diagnostics } = loadSpec(file);
    return spec && !hasErrors(diagnostics) ? { ok: true, spec, discovered: given ? null : file, diagnostics } : { ok: false, diagnostics };
  }
  const text = fs.readFileSync(sqlFile, 'utf8');
  const app = loadAppModel(sqlFile, text);
  const registry = buildSchemaRegistry(app, text, schemasDir, null);
  const generated = generateSpec(app, (name) => registry.schemas.has(name));
  return { ok: true, spec: generated.spec, discovered: null, diagnostics: [], generated };
}
