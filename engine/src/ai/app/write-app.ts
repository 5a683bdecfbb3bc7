/**
 * Writes a generated app to disk: `<dir>/<name>/<name>.sql`, `<name>.test.yaml`, `schemas/`, and
 * the notebook `<dir>/<name>.ipynb` beside the folder (next to the notebook that asked for it).
 * Existing files are kept unless `overwrite`; the paths written are returned.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { GeneratedApp } from './generate-app';

export type WriteOutcome = { ok: true; files: string[] } | { ok: false; error: string };

export function writeApp(app: GeneratedApp, dir: string, overwrite = false): WriteOutcome {
  const folder = path.join(dir, app.name);
  const files: [string, string][] = [
    [path.join(folder, `${app.name}.sql`), app.sql],
    [path.join(folder, `${app.name}.test.yaml`), app.specYaml],
    ...Object.entries(app.schemaFiles).map(([file, yaml]): [string, string] => [path.join(folder, 'schemas', file), yaml]),
    [path.join(dir, `${app.name}.ipynb`), `${JSON.stringify(app.notebook, null, 1)}\n`],
  ];
  const existing = files.map(([f]) => f).filter((f) => fs.existsSync(f));
  if (existing.length > 0 && !overwrite) return { ok: false, error: `${existing.map((f) => path.relative(dir, f)).join(', ')} already exist${existing.length === 1 ? 's' : ''}; choose another name or overwrite` };
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return { ok: true, files: files.map(([f]) => f) };
}
