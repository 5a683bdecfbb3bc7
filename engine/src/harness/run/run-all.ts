/**
 * `run-all [dir]` (harness spec §2.2, §8.4): every matching `.sql` of a directory (except
 * `*.annotated.sql`, `node_modules`, `.git`), in path order, in one process, each as `run -y`;
 * schemas from `<dir>/schemas` when present, else per-file discovery.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { FailureAnalyzer } from '../analyse/types';
import { formatDiagnostic } from '../generator/diagnostics';
import type { TestReport } from '../report/types';
import { reportExitCode } from '../report/types';
import { specForApp } from './app-spec';
import { discoverSchemasDir } from './discovery';
import { runTests } from './run-tests';

export interface RunAllOptions {
  pattern?: string;
  skip?: readonly string[];
  timeoutMs?: number;
  seed?: number;
  records?: number;
  analyzers?: readonly FailureAnalyzer[];
  log?: (line: string) => void;
}

export interface RunAllApp {
  name: string;
  passed: boolean;
  queries_total: number;
  queries_passed: number;
  assertions_total: number;
  assertions_passed: number;
  duration_secs: number;
  error?: string;
  report?: TestReport;
}

export interface RunAllReport {
  title: string;
  start_time: string;
  end_time: string;
  duration_secs: number;
  apps: RunAllApp[];
  summary: { apps_total: number; apps_passed: number; apps_failed: number; queries_total: number; queries_passed: number; assertions_total: number; assertions_passed: number };
}

export const DEFAULT_RUN_ALL_PATTERN = 'apps/*.sql';
export const DEFAULT_RUN_ALL_TIMEOUT_MS = 90_000;

/** A glob (`*`, `**`, `?`) as a regular expression over `/`-separated relative paths. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.sql') && !entry.name.endsWith('.annotated.sql')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The files `run-all` runs: the pattern's matches, else every `.sql` (`**\/*.sql`). */
export function runAllFiles(dir: string, pattern = DEFAULT_RUN_ALL_PATTERN, skip: readonly string[] = []): string[] {
  const all = sqlFiles(dir);
  const rel = (f: string) => path.relative(dir, f).split(path.sep).join('/');
  let matched = all.filter((f) => globRegExp(pattern).test(rel(f)));
  if (matched.length === 0 && pattern === DEFAULT_RUN_ALL_PATTERN) matched = all;
  return matched.filter((f) => !skip.some((s) => rel(f).includes(s))).sort();
}

export async function runAll(dir: string, options: RunAllOptions = {}): Promise<RunAllReport> {
  const started = new Date();
  const t0 = performance.now();
  const sharedSchemas = fs.existsSync(path.join(dir, 'schemas')) ? path.join(dir, 'schemas') : null;
  const apps: RunAllApp[] = [];
  for (const file of runAllFiles(dir, options.pattern, options.skip)) {
    const appStart = performance.now();
    const name = path.relative(dir, file);
    options.log?.(`▶️  ${name}`);
    const schemasDir = sharedSchemas ?? discoverSchemasDir(file) ?? null;
    const resolved = specForApp(file, schemasDir);
    const seconds = () => Math.round((performance.now() - appStart) / 100) / 10;
    if (!resolved.ok) {
      const error = resolved.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n');
      apps.push({ name, passed: false, queries_total: 0, queries_passed: 0, assertions_total: 0, assertions_passed: 0, duration_secs: seconds(), error });
      continue;
    }
    const report = await runTests({
      sqlFile: file,
      spec: resolved.spec,
      schemasDir,
      timeoutMs: options.timeoutMs ?? DEFAULT_RUN_ALL_TIMEOUT_MS,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.records !== undefined ? { records: options.records } : {}),
      ...(options.analyzers ? { analyzers: options.analyzers } : {}),
      cwd: dir,
    });
    const s = report.summary;
    apps.push({
      name,
      passed: reportExitCode(report) === 0,
      queries_total: s.total,
      queries_passed: s.passed,
      assertions_total: s.total_assertions,
      assertions_passed: s.passed_assertions,
      duration_secs: seconds(),
      report,
    });
  }
  const sum = (f: (a: RunAllApp) => number) => apps.reduce((n, a) => n + f(a), 0);
  return {
    title: `Velostream Test Run: ${dir}`,
    start_time: started.toISOString(),
    end_time: new Date().toISOString(),
    duration_secs: Math.round((performance.now() - t0) / 100) / 10,
    apps,
    summary: {
      apps_total: apps.length,
      apps_passed: sum((a) => (a.passed ? 1 : 0)),
      apps_failed: sum((a) => (a.passed ? 0 : 1)),
      queries_total: sum((a) => a.queries_total),
      queries_passed: sum((a) => a.queries_passed),
      assertions_total: sum((a) => a.assertions_total),
      assertions_passed: sum((a) => a.assertions_passed),
    },
  };
}
