/**
 * `velo test <sql>` = `velo-test run <sql>` (harness spec §2.2): discover or load the spec and
 * schemas, run the tests in process, print the console log and the report (text, JSON or
 * JUnit), exit 0 when every executed query passed. Arguments and printing only; the run is
 * `runTests`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { parseIsoTimestamp } from '../../types/values/time';
import { defaultAnalyzers } from '../../ai/analyzers';
import { formatDiagnostic } from '../../harness/generator/diagnostics';
import { renderReport, type ReportFormat } from '../../harness/report/render';
import { HEAVY_RULE } from '../../harness/report/text';
import { reportExitCode, type ReportWarning } from '../../harness/report/types';
import { specForApp } from '../../harness/run/app-spec';
import { discoverSchemasDir, displayPath, resolveSqlPath, specCandidates } from '../../harness/run/discovery';
import { runTests } from '../../harness/run/run-tests';
import { ProgressBar, progressEnabled } from '../../harness/generator/progress-bar';
import type { TestSpec } from '../../harness/spec/types';
import { startAutoBroker, type Broker } from '../kafka-broker';

export const usage = `Usage: velo-test run <sql> [options]   (also: velo test <sql>)

Runs the test spec of a SQL application against generated or file data, in process or, with
--kafka, on the topics of a real broker.

Options:
  -s, --spec FILE        test spec (default: discovered next to the SQL file)
  --schemas DIR          schema directory (default: discovered)
  -q, --query NAME       only report this query (its predecessors still run)
  -o, --output FORMAT    text (default), json or junit (xml)
  --timeout-ms N         per-query timeout, overrides the spec
  --records N            record count of every generated input
  --seed N               run seed (default: spec seed, @data.seed, else 42)
  --now TIME             anchor for 'now' (default 2025-01-01T00:00:00.000Z)
  --clock virtual|wall   processing-time clock (default virtual)
  --max-capture N        records kept per captured sink (default 1000000)
  --kafka BROKERS|auto   topic mode against a broker (host:port[,…]); auto starts the
                         project's broker (scripts/kafka.mjs) for the run
  --no-ai / --ai         skip / allow the Claude analysis of failures
  -y, --yes              never prompt; a missing spec is generated in memory
  -v, --verbose          debug lines on stderr
  --no-progress          no progress bars
`;

const VALUE_FLAGS = ['spec', 'schemas', 'query', 'output', 'timeout-ms', 'records', 'seed', 'now', 'clock', 'kafka', 'idle-ms', 'max-capture'];
const BOOLEAN_FLAGS = ['yes', 'verbose', 'no-progress', 'no-ai', 'ai', 'keep-topics', 'data-only', 'use-testcontainers', 'keep-containers', 'reuse-containers'];
const ALIASES = { '-s': '--spec', '-q': '--query', '-o': '--output', '-y': '--yes', '-v': '--verbose' };

export interface TestArgs {
  sql: string;
  spec?: string;
  schemas?: string;
  query?: string;
  format: ReportFormat;
  timeoutMs?: number;
  records?: number;
  seed?: number;
  nowMs?: number;
  clock: 'virtual' | 'wall';
  maxCapture?: number;
  ai: boolean;
  yes: boolean;
  noProgress: boolean;
  /** `--kafka` brokers, or 'auto'. */
  kafka?: string;
}

export function integerFlag(flags: Map<string, string | true>, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`--${name} expects an integer 0 … ${max}, got '${String(v)}'`);
  return Number(v);
}

export function parseFormat(value: string | true | undefined, allowed: readonly string[] = ['text', 'json', 'junit']): ReportFormat {
  const format = value === undefined ? 'text' : String(value).toLowerCase() === 'xml' ? 'junit' : String(value).toLowerCase();
  if (!allowed.includes(format)) throw new UsageError(`-o/--output expects ${allowed.join(', ')}, got '${String(value)}'`);
  return format as ReportFormat;
}

function parseTestArgs(argv: string[], io: CliIO): TestArgs {
  const { flags, positionals } = parseArgs(argv, { values: VALUE_FLAGS, booleans: BOOLEAN_FLAGS, aliases: ALIASES });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing SQL file' : 'expected one SQL file');
  const text = (name: string) => (typeof flags.get(name) === 'string' ? (flags.get(name) as string) : undefined);
  const now = text('now');
  const nowMs = now === undefined ? undefined : parseIsoTimestamp(now);
  if (nowMs === null) throw new UsageError(`--now expects an RFC 3339 instant, got '${now}'`);
  const clock = text('clock') ?? 'virtual';
  if (clock !== 'virtual' && clock !== 'wall') throw new UsageError(`--clock expects virtual or wall, got '${clock}'`);
  for (const ignored of ['use-testcontainers', 'keep-containers', 'reuse-containers']) {
    if (flags.has(ignored)) io.stderr.write(`warning: --${ignored} is ignored (no containers are needed)\n`);
  }
  const args: TestArgs = {
    sql: positionals[0],
    format: parseFormat(flags.get('output')),
    clock,
    ai: !flags.has('no-ai'),
    yes: flags.has('yes'),
    noProgress: flags.has('no-progress'),
  };
  const assign = <K extends keyof TestArgs>(key: K, value: TestArgs[K] | undefined) => {
    if (value !== undefined) args[key] = value;
  };
  assign('spec', text('spec'));
  assign('schemas', text('schemas'));
  assign('query', text('query'));
  assign('timeoutMs', integerFlag(flags, 'timeout-ms'));
  assign('records', integerFlag(flags, 'records'));
  assign('seed', integerFlag(flags, 'seed'));
  assign('nowMs', nowMs);
  assign('maxCapture', integerFlag(flags, 'max-capture'));
  if (flags.has('kafka')) {
    const brokers = text('kafka');
    if (!brokers) throw new UsageError('--kafka expects host:port[,host:port] or auto');
    args.kafka = brokers;
  }
  if (flags.has('data-only')) throw new UsageError('--data-only needs Kafka mode; to write generated data use `velo generate`');
  return args;
}

/** Resolved spec for a run: a file (discovered or given) or one generated in memory (asking first on a TTY). */
async function resolveSpec(args: TestArgs, sqlFile: string, schemasDir: string | null, io: CliIO, say: (line: string) => void): Promise<{ spec: TestSpec; warnings: ReportWarning[] } | { errors: string[] }> {
  const resolved = specForApp(sqlFile, schemasDir, args.spec ? path.resolve(io.cwd, args.spec) : undefined);
  const shown = resolved.diagnostics.map((d) => ({ ...d, file: displayPath(d.file, io.cwd) }));
  for (const d of shown.filter((x) => x.severity === 'warning')) io.stderr.write(formatDiagnostic(d) + '\n');
  if (!resolved.ok) return { errors: shown.filter((d) => d.severity === 'error').map(formatDiagnostic) };
  if (resolved.discovered) say(`📁 Auto-discovered spec: ${displayPath(resolved.discovered, io.cwd)}`);
  const warnings = shown.filter((d) => d.severity === 'warning').map((d) => ({ message: d.message, file: d.file, line: d.line, column: d.column }));
  if (!resolved.generated) return { spec: resolved.spec, warnings };
  if (!args.yes && process.stdin.isTTY && io.stderr.isTTY) {
    const answer = await ask(io, 'No test spec found. Generate from SQL? [Y/n] ');
    if (/^n/i.test(answer.trim())) return { errors: [`no test spec for ${displayPath(sqlFile, io.cwd)} (tried ${specCandidates(sqlFile).map((p) => displayPath(p, io.cwd)).join(', ')})`] };
    const target = specCandidates(sqlFile)[0];
    const save = await ask(io, `Save it as ${displayPath(target, io.cwd)}? [Y/n] `);
    if (!/^n/i.test(save.trim())) fs.writeFileSync(target, resolved.generated.yaml);
  }
  say('📝 Auto-generated test spec from SQL');
  return { spec: resolved.spec, warnings };
}

function ask(io: CliIO, question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: io.stderr });
  return new Promise((resolve) => rl.question(question, (answer) => (rl.close(), resolve(answer))));
}

export async function runTestCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseTestArgs(argv, io);
  const sqlFile = resolveSqlPath(args.sql, io.cwd);
  // With -o json|junit stdout carries only the report (§2.4).
  const console = args.format === 'text' ? io.stdout : io.stderr;
  const say = (line: string) => console.write(line + '\n');
  if (!fs.existsSync(sqlFile)) {
    io.stderr.write(`error: ${args.sql}: SQL file not found\n`);
    return 1;
  }
  say('🧪 Velostream SQL Test Harness');
  say(HEAVY_RULE);
  say(`SQL File: ${displayPath(sqlFile, io.cwd)}`);
  const schemasDir = args.schemas ? path.resolve(io.cwd, args.schemas) : discoverSchemasDir(sqlFile);
  const resolved = await resolveSpec(args, sqlFile, schemasDir ?? null, io, say);
  if ('errors' in resolved) {
    for (const e of resolved.errors) io.stderr.write(e + '\n');
    return 1;
  }
  const { spec } = resolved;
  if (schemasDir && !args.schemas) say(`📁 Auto-discovered schemas: ${displayPath(schemasDir, io.cwd)}`);
  if (args.query) say(`Query Filter: ${args.query}`);
  say(`Output Format: ${args.format}`);
  say(`Timeout: ${args.timeoutMs ?? spec.defaultTimeoutMs}ms`);

  let broker: Broker | null = null;
  if (args.kafka === 'auto') {
    const started = startAutoBroker();
    if (typeof started === 'string') {
      io.stderr.write(`error: ${started}\n`);
      return 1;
    }
    broker = started;
  }
  const brokers = broker?.brokers ?? args.kafka?.split(',').map((b) => b.trim().replace(/^kafka:\/\//, '')).filter((b) => b !== '');
  if (brokers) say(`Kafka: ${brokers.join(',')}`);

  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    io.stderr.write('\n⏹️  Interrupted: stopping the running job (Ctrl-C again to exit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const report = await runTests({
      sqlFile,
      spec,
      schemasDir: schemasDir ?? null,
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(args.nowMs !== undefined ? { nowMs: args.nowMs } : {}),
      clock: args.clock,
      ...(args.records !== undefined ? { records: args.records } : {}),
      ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}),
      ...(args.query !== undefined ? { query: args.query } : {}),
      ...(args.maxCapture !== undefined ? { maxCapture: args.maxCapture } : {}),
      analyzers: defaultAnalyzers({ ai: args.ai, env: io.env, warn: (m) => io.stderr.write(`warning: ${m}\n`) }),
      log: say,
      warn: (w) => io.stderr.write(`warning: ${w.file ? `${displayPath(w.file, io.cwd)}${w.line ? `:${w.line}:${w.column ?? 1}` : ''}: ` : ''}${w.message}\n`),
      warnings: resolved.warnings,
      signal: abort.signal,
      ...(progressEnabled(io.stderr, io.env, args.noProgress) ? { progress: (label: string, total: number) => new ProgressBar(io.stderr, label, total) } : {}),
      cwd: io.cwd,
      ...(brokers ? { kafka: { brokers } } : {}),
    });
    if (args.format === 'text') say('');
    io.stdout.write(renderReport(report, args.format));
    return abort.signal.aborted ? 130 : reportExitCode(report);
  } finally {
    process.off('SIGINT', onSigint);
    broker?.stop();
  }
}

export const command: Command = {
  name: 'test',
  summary: 'run the test spec of a SQL application (= velo-test run)',
  usage,
  run: runTestCommand,
};
