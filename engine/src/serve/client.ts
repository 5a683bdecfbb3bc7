/**
 * Talking to a runner from the CLI and the kernel: where it is (`runner.json` in its state
 * directory, written while it serves), its token, and the JSON API calls.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Manifest } from './state';
import { writeFileAtomic } from './state';

export const DEFAULT_PORT = 9400;

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.VELOSTREAM_RUNNER_STATE ?? path.join(env.HOME ?? os.homedir(), '.velostream', 'runner');
}

/** What a serving runner publishes in its state directory. */
export interface RunnerInfo {
  url: string;
  pid: number;
  tokenFile: string;
}

export function runnerInfoFile(stateDir: string): string {
  return path.join(stateDir, 'runner.json');
}

export function writeRunnerInfo(stateDir: string, info: RunnerInfo): void {
  writeFileAtomic(runnerInfoFile(stateDir), JSON.stringify(info));
}

/** The runner serving `stateDir`, when its process is alive. */
export function readRunnerInfo(stateDir: string): RunnerInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(runnerInfoFile(stateDir), 'utf8')) as RunnerInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

/** A failed API call: the HTTP status and the runner's message. */
export class RunnerCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: unknown = null,
  ) {
    super(message);
  }
}

export class RunnerClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** The client for the runner of `stateDir` (URL and token from `runner.json`), or for `server` with `tokenFile`. */
  static connect(options: { server?: string; tokenFile?: string; stateDir?: string }): RunnerClient {
    const stateDir = options.stateDir ?? defaultStateDir();
    const info = readRunnerInfo(stateDir);
    const url = options.server ?? info?.url ?? `http://127.0.0.1:${DEFAULT_PORT}`;
    const tokenFile = options.tokenFile ?? info?.tokenFile ?? path.join(stateDir, 'token');
    let token: string;
    try {
      token = fs.readFileSync(tokenFile, 'utf8').trim();
    } catch {
      throw new RunnerCallError(0, `cannot read the runner token from ${tokenFile}`);
    }
    return new RunnerClient(url.replace(/\/$/, ''), token);
  }

  deploy(manifest: Manifest): Promise<unknown> {
    return this.call('POST', '/apps', manifest);
  }

  apps(): Promise<{ apps: unknown[] }> {
    return this.call('GET', '/apps') as Promise<{ apps: unknown[] }>;
  }

  jobs(): Promise<{ jobs: Array<Record<string, unknown>> }> {
    return this.call('GET', '/jobs') as Promise<{ jobs: Array<Record<string, unknown>> }>;
  }

  stopJob(job: string): Promise<unknown> {
    return this.call('POST', `/jobs/${encodeURIComponent(job)}/stop`);
  }

  rollback(app: string): Promise<unknown> {
    return this.call('POST', `/apps/${encodeURIComponent(app)}/rollback`);
  }

  async call(method: string, route: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(this.url + route, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new RunnerCallError(0, `no runner answers at ${this.url} (${(e as Error).message}); start one with 'velo serve'`);
    }
    if (res.status === 401) throw new RunnerCallError(401, `the runner at ${this.url} refused the token (401)`);
    const text = await res.text();
    const value = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) throw new RunnerCallError(res.status, String(value.error ?? res.statusText), value);
    return value;
  }
}

/**
 * The runner serving `stateDir`, started as a daemon (`velo serve --daemon`) when none runs:
 * what `%%deploy --target local` needs.
 */
export async function ensureLocalRunner(stateDir: string): Promise<RunnerInfo> {
  const running = readRunnerInfo(stateDir);
  if (running) return running;
  const velo = path.resolve(__dirname, '../../bin/velo.js');
  const result = spawnSync(process.execPath, [velo, 'serve', '--daemon', '--state', stateDir, '--port', '0'], { encoding: 'utf8', timeout: 30_000 });
  const info = readRunnerInfo(stateDir);
  if (!info) throw new RunnerCallError(0, `could not start a runner for ${stateDir}: ${(result.stderr || result.stdout || 'no output').trim()}`);
  return info;
}
