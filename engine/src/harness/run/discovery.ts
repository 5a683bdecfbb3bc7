/**
 * Auto-discovery (harness spec §2.3): the spec, schemas directory and data directory of a SQL
 * file, first existing candidate wins. `<dir>` is the SQL file's directory, `<parent>` its parent.
 */
import * as fs from 'fs';
import * as path from 'path';

function candidates(sqlFile: string): { dir: string; parent: string; stem: string } {
  const dir = path.dirname(path.resolve(sqlFile));
  return { dir, parent: path.dirname(dir), stem: path.basename(sqlFile).replace(/\.sql$/i, '') };
}

const firstExisting = (paths: string[], isDir = false) =>
  paths.find((p) => fs.existsSync(p) && fs.statSync(p).isDirectory() === isDir);

/** The spec files tried, in order. */
export function specCandidates(sqlFile: string): string[] {
  const { dir, parent, stem } = candidates(sqlFile);
  return [
    path.join(dir, `${stem}.test.yaml`),
    path.join(dir, `${stem}.spec.yaml`),
    path.join(parent, 'tests', `${stem}.test.yaml`),
    path.join(parent, 'tests', `${stem}.spec.yaml`),
    path.join(dir, 'test_spec.yaml'),
    path.join(dir, 'test_spec.yml'),
    path.join(parent, 'test_spec.yaml'),
  ];
}

export function discoverSpec(sqlFile: string): string | undefined {
  return firstExisting(specCandidates(sqlFile));
}

export function discoverSchemasDir(sqlFile: string): string | undefined {
  const { dir, parent } = candidates(sqlFile);
  return firstExisting([path.join(dir, 'schemas'), path.join(dir, 'schema'), path.join(parent, 'schemas')], true);
}

export function discoverDataDir(sqlFile: string): string | undefined {
  const { dir, parent } = candidates(sqlFile);
  return firstExisting([path.join(dir, 'data'), path.join(parent, 'data')], true);
}

/** `.sql` is appended when the file does not exist without it (§2.1). */
export function resolveSqlPath(arg: string, cwd: string): string {
  const p = path.resolve(cwd, arg);
  return !fs.existsSync(p) && !p.toLowerCase().endsWith('.sql') && fs.existsSync(`${p}.sql`) ? `${p}.sql` : p;
}

/** A path relative to `cwd` with a leading `./` when inside it, for console lines. */
export function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  if (path.isAbsolute(rel) || rel.split(path.sep).filter((part) => part === '..').length > 2) return p;
  return rel.startsWith('..') ? rel : `./${rel}`;
}
