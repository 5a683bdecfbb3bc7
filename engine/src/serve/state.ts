/**
 * The runner's durable state (deploy spec §1 "state"), one directory:
 *
 *   token                         the bearer token (mode 0600), generated on first start
 *   apps/<app>/app.json           versions kept, the active one, whether it should run, stopped jobs
 *   apps/<app>/v<N>/manifest.json the deployed manifest (jobs, base directory, artifacts' checksums)
 *   apps/<app>/v<N>/<app>.sql     the application, plus the other artifacts sent with it
 *   apps/<app>/v<N>/positions.json per file source: the next record to read and the sink's safe size
 *
 * Every write goes to a temp file that is then renamed over the old one, so a runner killed at
 * any moment leaves either the old or the new file, never half of one.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Versions kept per app (older ones are deleted). */
export const KEPT_VERSIONS = 5;

export interface AppRecord {
  name: string;
  /** Kept versions, ascending. */
  versions: number[];
  active: number;
  /** False after DELETE-less stops (`velo stop` of every job, an app stop). */
  running: boolean;
  /** Jobs of the active version stopped by `POST /jobs/{name}/stop`. */
  stoppedJobs: string[];
}

export interface Manifest {
  app: string;
  /** Directory the app's relative paths resolve against. */
  baseDir: string;
  /** Artifacts by file name (at least `<app>.sql`). */
  files: Record<string, string>;
  /** Free-form descriptive fields from the deploying client (jobs, metrics, alerts, panels, checksums). */
  [key: string]: unknown;
}

/** Position of one file source, recorded only once what was read before it is in the sink. */
export interface SourcePosition {
  /** The next record to read (records before it were processed and written). */
  offset: number;
  /** The job's file sink size when that was recorded (a restart truncates back to it), if it has one. */
  sinkBytes?: number;
}

export type Positions = Record<string, SourcePosition>;

export function writeFileAtomic(file: string, text: string, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, text, mode === undefined ? undefined : { mode });
  fs.renameSync(temp, file);
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

export class StateStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(path.join(dir, 'apps'), { recursive: true, mode: 0o700 });
  }

  get tokenFile(): string {
    return path.join(this.dir, 'token');
  }

  /** The token in `file` (default: the state dir's, generated when missing). */
  token(file?: string): string {
    if (file) return fs.readFileSync(file, 'utf8').trim();
    if (!fs.existsSync(this.tokenFile)) writeFileAtomic(this.tokenFile, crypto.randomBytes(24).toString('hex') + '\n', 0o600);
    return fs.readFileSync(this.tokenFile, 'utf8').trim();
  }

  apps(): AppRecord[] {
    const dir = path.join(this.dir, 'apps');
    return fs
      .readdirSync(dir)
      .map((name) => this.app(name))
      .filter((a): a is AppRecord => a !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  app(name: string): AppRecord | null {
    return readJson<AppRecord>(path.join(this.appDir(name), 'app.json'));
  }

  saveApp(record: AppRecord): void {
    writeFileAtomic(path.join(this.appDir(record.name), 'app.json'), JSON.stringify(record, null, 2));
  }

  deleteApp(name: string): void {
    fs.rmSync(this.appDir(name), { recursive: true, force: true });
  }

  /** Stores a new version's manifest and artifacts; returns its number and drops versions beyond the last KEPT_VERSIONS. */
  addVersion(manifest: Manifest): AppRecord {
    const previous = this.app(manifest.app);
    const version = previous ? Math.max(...previous.versions) + 1 : 1;
    const dir = this.versionDir(manifest.app, version);
    for (const [file, text] of Object.entries(manifest.files)) writeFileAtomic(path.join(dir, path.basename(file)), text);
    writeFileAtomic(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version }, null, 2));
    const versions = [...(previous?.versions ?? []), version];
    for (const old of versions.splice(0, Math.max(0, versions.length - KEPT_VERSIONS))) fs.rmSync(this.versionDir(manifest.app, old), { recursive: true, force: true });
    return { name: manifest.app, versions, active: previous?.active ?? version, running: true, stoppedJobs: previous?.stoppedJobs ?? [] };
  }

  manifest(app: string, version: number): (Manifest & { version: number }) | null {
    return readJson(path.join(this.versionDir(app, version), 'manifest.json'));
  }

  sqlFile(app: string, version: number): string {
    return path.join(this.versionDir(app, version), `${app}.sql`);
  }

  positions(app: string, version: number): Positions {
    return readJson<Positions>(this.positionsFile(app, version)) ?? {};
  }

  savePositions(app: string, version: number, positions: Positions): void {
    writeFileAtomic(this.positionsFile(app, version), JSON.stringify(positions));
  }

  clearPositions(app: string, version: number): void {
    fs.rmSync(this.positionsFile(app, version), { force: true });
  }

  private positionsFile(app: string, version: number): string {
    return path.join(this.versionDir(app, version), 'positions.json');
  }

  private appDir(name: string): string {
    return path.join(this.dir, 'apps', name);
  }

  private versionDir(app: string, version: number): string {
    return path.join(this.appDir(app), `v${version}`);
  }
}
