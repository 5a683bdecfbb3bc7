/**
 * `velo generate <schema.yaml|app.sql> [--source S] [-n N | --records N] [--seed N] [--now T]
 *  [--time-sim START..END] [-f|--format jsonl|csv|json] [-o FILE|-] [--kafka B --topic T]`
 *
 * Writes records from the harness generator (harness spec §10.6): JSON Lines to stdout by
 * default; for a SQL file the schema of `--source` comes from the schemas directory next to it,
 * else from its `-- @data.*` hints. With `--kafka` the records are published instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { parseIsoTimestamp } from '../../types/values/time';
import type { StreamRecord } from '../../types/record';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../harness/generator/diagnostics';
import { createGenerator, type RecordGenerator } from '../../harness/generator/generator';
import { firstFromSource, parseDataHints } from '../../harness/generator/hints';
import { loadSchema, loadSchemaDirectory } from '../../harness/generator/load-schema';
import { ProgressBar, progressEnabled } from '../../harness/generator/progress-bar';
import { firstAvailable } from '../../harness/generator/references';
import { referencesFromFiles, referencesFromRegistry } from '../../harness/generator/reference-pools';
import type { Schema, TimeSimulation } from '../../harness/generator/schema';
import { DEFAULT_NOW_MS, parseTimeSpec } from '../../harness/generator/timespec';
import { encodeWireJson, OUTPUT_FORMATS, RecordWriter, type OutputFormat } from '../../harness/generator/wire';

const usage = `Usage: velo generate <schema.yaml|app.sql> [options]

Writes synthetic records generated from a schema file, or from a SQL application's schemas
directory and -- @data.* hints. Same seed, now and schema give byte-identical output.

Options:
  --source S            source whose schema to use (SQL input; default: the first hinted or FROM source)
  -n, --records N       number of records (default: the schema's record_count, else 1000)
  --seed N              run seed, integer 0 … 2^53−1 (default: @data.seed, else 42)
  --now T               anchor for 'now' and relative times, RFC 3339 (default 2025-01-01T00:00:00.000Z)
  --time-sim START..END event times evenly spaced from START to END (e.g. -10m..now)
  -f, --format F        jsonl (default), csv or json
  -o, --output FILE     output file, '-' for stdout (default)
  --kafka BROKERS       publish to Kafka (comma-separated host:port) instead of writing
  --topic T             Kafka topic (default: the source name)
  --no-progress         no progress bar
`;

const BATCH_SIZE = 10_000;

interface GenerateArgs {
  input: string;
  source?: string;
  records?: number;
  seed?: number;
  nowMs: number;
  timeSimulation?: TimeSimulation;
  format: OutputFormat;
  output?: string;
  kafka?: { brokers: string[]; topic?: string };
  noProgress: boolean;
}

function parseGenerateArgs(argv: string[], io: CliIO): GenerateArgs {
  const { flags, positionals } = parseArgs(argv, {
    values: ['source', 'records', 'seed', 'now', 'time-sim', 'format', 'output', 'kafka', 'topic'],
    booleans: ['no-progress', 'verbose'],
    aliases: { '-n': '--records', '-f': '--format', '-o': '--output', '-v': '--verbose' },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing schema or SQL file' : 'expected one file');
  const text = (name: string) => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const integer = (name: string, max: number) => {
    const v = text(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n > max) throw new UsageError(`--${name} expects an integer 0 … ${max}, got '${v}'`);
    return n;
  };
  const format = (text('format') ?? 'jsonl').toLowerCase();
  if (!OUTPUT_FORMATS.includes(format as OutputFormat)) throw new UsageError(`--format expects jsonl, csv or json, got '${format}'`);
  const nowText = text('now');
  const nowMs = nowText === undefined ? DEFAULT_NOW_MS : parseIsoTimestamp(nowText);
  if (nowMs === null) throw new UsageError(`--now expects an RFC 3339 instant, got '${nowText}'`);
  const brokers = text('kafka') ?? io.env.VELOSTREAM_KAFKA_BROKERS;
  const args: GenerateArgs = {
    input: positionals[0],
    nowMs,
    format: format as OutputFormat,
    noProgress: flags.has('no-progress'),
  };
  const source = text('source');
  if (source !== undefined) args.source = source;
  const records = integer('records', Number.MAX_SAFE_INTEGER);
  if (records !== undefined) args.records = records;
  const seed = integer('seed', Number.MAX_SAFE_INTEGER);
  if (seed !== undefined) args.seed = seed;
  const timeSim = text('time-sim');
  if (timeSim !== undefined) args.timeSimulation = parseTimeSim(timeSim);
  const output = text('output');
  if (output !== undefined && output !== '-') args.output = output;
  if (flags.has('kafka')) args.kafka = { brokers: (brokers ?? '').split(',').filter(Boolean), topic: text('topic') };
  else if (flags.has('topic')) throw new UsageError('--topic needs --kafka');
  return args;
}

function parseTimeSim(value: string): TimeSimulation {
  const [startText, endText, ...rest] = value.split('..');
  const start = parseTimeSpec(startText);
  const end = endText === undefined ? null : parseTimeSpec(endText);
  if (rest.length > 0 || start === null || end === null)
    throw new UsageError(`--time-sim expects START..END with times like -1h, now or RFC 3339, got '${value}'`);
  return { start, end, sequential: true };
}

interface ResolvedSchema {
  schema: Schema | null;
  registry: Map<string, Schema>;
  diagnostics: Diagnostic[];
}

/** A schema file, or the schema of a source of a SQL application (§3.6). */
function resolveSchema(file: string, source: string | undefined): ResolvedSchema {
  if (!file.toLowerCase().endsWith('.sql')) {
    const { schema, diagnostics } = loadSchema(file);
    return { schema, registry: new Map(schema ? [[schema.name, schema]] : []), diagnostics };
  }
  let sql: string;
  try {
    sql = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return { schema: null, registry: new Map(), diagnostics: [problem(file, `cannot read ${file}: ${reason}`, 'generate.file')] };
  }
  const dir = discoverSchemaDir(path.dirname(file));
  const directory = dir ? loadSchemaDirectory(dir) : { schemas: new Map<string, Schema>(), diagnostics: [] };
  const hints = parseDataHints(sql, file);
  const registry = new Map(directory.schemas);
  // Schema files override hints (§5.9).
  for (const hinted of hints.schemas) if (!registry.has(hinted.name)) registry.set(hinted.name, { ...hinted });
  const diagnostics = [...directory.diagnostics, ...hints.diagnostics];
  const name = source ?? hints.schemas[0]?.name ?? firstFromSource(sql);
  const schema = name === undefined ? undefined : registry.get(name);
  if (schema && hints.seed !== undefined && schema.seed === undefined) schema.seed = hints.seed;
  if (!schema) {
    const message = name === undefined ? `no source found in ${file}` : `no schema for source '${name}'`;
    diagnostics.push(problem(file, message, 'generate.no-schema', 'add schemas/<source>.schema.yaml, -- @data.* hints, or run velo infer-schema'));
  }
  // Only the used schema's own problems count; errors of other schema files become warnings.
  const ownFiles = new Set([file, schema?.position.file]);
  const relevant = diagnostics.flatMap((d) => {
    if (ownFiles.has(d.file) || !schema) return [d];
    return d.severity === 'error' ? [{ ...d, severity: 'warning' as const }] : [];
  });
  return { schema: schema ?? null, registry, diagnostics: relevant };
}

function discoverSchemaDir(dir: string): string | undefined {
  return [path.join(dir, 'schemas'), path.join(dir, 'schema'), path.join(dir, '..', 'schemas')].find((d) => {
    try {
      return fs.statSync(d).isDirectory();
    } catch {
      return false;
    }
  });
}

function problem(file: string, message: string, code: string, hint?: string): Diagnostic {
  return { severity: 'error', code, message, file, line: 0, column: 0, ...(hint ? { hint } : {}) };
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseGenerateArgs(argv, io);
  let input = path.resolve(io.cwd, args.input);
  if (!fs.existsSync(input) && fs.existsSync(input + '.sql')) input += '.sql';
  const { schema, registry, diagnostics } = resolveSchema(input, args.source);
  const seed = args.seed ?? schema?.seed;
  const references = firstAvailable(referencesFromFiles(), referencesFromRegistry(registry, { seed, nowMs: args.nowMs }));
  const created = schema
    ? createGenerator(schema, {
        ...(args.records !== undefined ? { records: args.records } : {}),
        ...(seed !== undefined ? { seed } : {}),
        nowMs: args.nowMs,
        ...(args.timeSimulation ? { timeSimulation: args.timeSimulation } : {}),
        source: args.source ?? schema.name,
        resolveReference: references,
      })
    : { generator: null, diagnostics: [] };
  const all = [...diagnostics, ...created.diagnostics];
  for (const d of all) io.stderr.write(formatDiagnostic(d) + '\n');
  if (!created.generator || hasErrors(all)) return 1;

  const generator = created.generator;
  const bar = progressEnabled(io.stderr, io.env, args.noProgress) ? new ProgressBar(io.stderr, `generate ${generator.schema.name}`, generator.count) : undefined;
  try {
    if (args.kafka) await publish(generator, args.kafka, bar);
    else await write(generator, args, io, bar);
  } catch (err) {
    bar?.finish();
    const e = err as NodeJS.ErrnoException;
    io.stderr.write(`error: ${e.syscall === 'open' ? `cannot write ${args.output}: ${e.message}` : e.message}\n`);
    return 1;
  }
  bar?.finish();
  return 0;
}

async function write(generator: RecordGenerator, args: GenerateArgs, io: CliIO, bar: ProgressBar | undefined): Promise<void> {
  // Opened synchronously so an unwritable path fails before anything is generated.
  const file = args.output ? fs.createWriteStream('', { fd: fs.openSync(path.resolve(io.cwd, args.output), 'w') }) : undefined;
  const out: NodeJS.WritableStream = file ?? io.stdout;
  const failed = new Promise<never>((_, reject) =>
    out.once('error', (err: Error) => reject(new Error(`cannot write ${args.output ?? 'stdout'}: ${err.message}`))),
  );
  failed.catch(() => undefined);
  const writer = new RecordWriter(args.format, generator.schema.fields.map((f) => f.name));
  for (let rows = generator.nextFields(BATCH_SIZE); rows.length > 0; rows = generator.nextFields(BATCH_SIZE)) {
    await Promise.race([send(out, writer.write(rows)), failed]);
    bar?.update(generator.produced);
  }
  await Promise.race([send(out, writer.finish()), failed]);
  if (file) await Promise.race([new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve()))), failed]);
}

/** Writes with back-pressure: waits for 'drain' when the stream's buffer is full. */
function send(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === '' || stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}

/** Publishes to Kafka with the generator's keys, event-time timestamps and headers. */
async function publish(generator: RecordGenerator, target: NonNullable<GenerateArgs['kafka']>, bar: ProgressBar | undefined): Promise<void> {
  if (target.brokers.length === 0) throw new Error('--kafka needs brokers (host:port,…) or VELOSTREAM_KAFKA_BROKERS');
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'velo-generate', brokers: target.brokers, logLevel: logLevel.NOTHING });
  const topic = target.topic ?? generator.schema.name;
  const admin = kafka.admin();
  const producer = kafka.producer();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic))
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
  } finally {
    await admin.disconnect();
  }
  await producer.connect();
  try {
    for (let records = generator.nextRecords(BATCH_SIZE); records.length > 0; records = generator.nextRecords(BATCH_SIZE)) {
      await producer.send({ topic, messages: records.map(toKafkaMessage) });
      bar?.update(generator.produced);
    }
  } finally {
    await producer.disconnect();
  }
}

function toKafkaMessage(record: StreamRecord) {
  return {
    key: typeof record.key === 'string' ? record.key : null,
    value: encodeWireJson(record.fields),
    timestamp: String(record.timestamp),
    ...(record.headers ? { headers: Object.fromEntries(record.headers) } : {}),
  };
}

export const command: Command = {
  name: 'generate',
  summary: 'write synthetic records from a schema or a SQL file\'s @data hints',
  usage,
  run,
};
