/**
 * One statement deployed as a job on the in-process topic store (harness spec §3.3, §3.7):
 * Kafka-kind sources read their topics from the offsets recorded before publishing, through
 * `TopicFeed`s; the job is complete when every feed is drained (exact, no idle wait) or its
 * bounded sources ended; then it is stopped and its sink captured — a topic from its offsets
 * at deploy time, a file sink by reading the file back. Metrics of the statement's `@metric`
 * annotations are applied to its output records while it runs.
 */
import { performance } from 'perf_hooks';
import type { Catalog } from '../../api/catalog';
import { prepareStatement, runPrepared, type QuerySummary } from '../../api/query';
import type { SourceSupply } from '../../api/sources';
import { createConnectorRegistry } from '../../connectors/builtin';
import type { ConnectorContext } from '../../connectors/connector';
import { eventTimeSpec } from '../../connectors/time/event-time';
import { jsonCodec } from '../../connectors/topics/message-codec';
import type { TopicStore } from '../../connectors/topics/topic-store';
import type { CapturedOutput, CapturedRecord, JobStatistics } from '../assert/output';
import { loadDataFile } from '../data/load-data';
import { MetricsRegistry } from '../metrics/registry';
import type { AppObject, AppStatement } from './app-model';
import type { RunClock } from './clock';
import { TopicFeed } from './topic-feed';
import type { KafkaBridge } from './kafka-mode';
import { jsonValueCodec, type ValueCodec } from '../../connectors/kafka/value-codec';
import type { Batch, StreamRecord } from '../../types/record';

export interface JobOptions {
  statement: AppStatement;
  store: TopicStore;
  catalog: Catalog;
  clock: RunClock;
  baseDir: string;
  timeoutMs: number;
  maxCapture: number;
  /** Per topic, the offsets recorded when the query began publishing. */
  startOffsets: ReadonlyMap<string, readonly number[]>;
  /** Names the output answers to besides its topic and sink name (the spec query name). */
  aliases: readonly string[];
  signal?: AbortSignal;
  /** Draws the `process <query>` phase while the job runs (the CLI's progress bar). */
  progress?: ProgressFactory;
  /** Topic mode against a broker: sources and sink are real topics (kafka-mode.ts). */
  kafka?: KafkaJobTopics;
}

export interface KafkaJobTopics {
  bridge: KafkaBridge;
  /** Per input topic, the broker's end offsets after publishing (the job is drained there). */
  ends: ReadonlyMap<string, readonly number[]>;
}

/** Sources over real topics with their value codecs (Avro/Protobuf schemas loaded first). */
async function kafkaFeeds(o: JobOptions, kafka: KafkaJobTopics, ctx: ConnectorContext): Promise<Map<string, Feed>> {
  const feeds = new Map<string, Feed>();
  const sources = o.statement.sources.filter((s) => s.kind === 'kafka');
  // Every schema first: a consumer is only started once nothing can fail any more.
  const codecs = await Promise.all(sources.map((source) => kafka.bridge.codecOf(source)));
  for (const [i, source] of sources.entries()) {
    const codec = codecs[i];
    feeds.set(source.name, kafka.bridge.feed(source, ctx, o.startOffsets.get(source.topic) ?? [], kafka.ends.get(source.topic) ?? [], eventTimeSpec(source.properties).spec, codec));
  }
  return feeds;
}

/** What a job reads a Kafka-kind source through: the in-process store or a real topic. */
type Feed = AsyncIterable<Batch> & { whenDrained(): Promise<void>; stop(): void };

/** A progress display for one phase of `total` records. */
export interface ProgressReporter {
  update(done: number): void;
  /** The phase ended after `done` records. */
  finish(done: number): void;
}

export type ProgressFactory = (label: string, total: number) => ProgressReporter;

/** How often a running job's input count is shown. */
const PROGRESS_INTERVAL_MS = 100;

export interface JobResult {
  output: CapturedOutput | null;
  /** Set when deployment or execution failed, or the job timed out. */
  error?: string;
  executionMs: number;
  job: JobStatistics;
  recordsOut: number;
  metrics: MetricsRegistry;
  summary: QuerySummary | null;
}

export async function runJob(o: JobOptions): Promise<JobResult> {
  const metrics = new MetricsRegistry();
  const st = o.statement;
  const ctx: ConnectorContext = { now: o.clock.now, report: () => {} };
  const feeds: Feed[] = [];
  const sources: Record<string, SourceSupply> = {};
  let real: Map<string, Feed> | undefined;
  try {
    real = o.kafka ? await kafkaFeeds(o, o.kafka, ctx) : undefined;
  } catch (e) {
    return { output: null, error: (e as Error).message, executionMs: 0, job: emptyStatistics(), recordsOut: 0, metrics, summary: null };
  }
  for (const source of st.sources.filter((s) => s.kind === 'kafka')) {
    const startOffsets = o.startOffsets.get(source.topic) ?? [];
    const eventTime = eventTimeSpec(source.properties).spec;
    const feed: Feed = real?.get(source.name) ?? new TopicFeed(o.store, ctx, { name: source.name, topic: source.topic, startOffsets, ends: source.table, eventTime });
    feeds.push(feed);
    sources[source.name] = { data: () => feed, bounded: source.table, table: source.table };
  }
  /** A job that cannot start: its feeds (consumers, against a broker) are stopped. */
  const notStarted = (error: string): JobResult => {
    feeds.forEach((f) => f.stop());
    return { output: null, error, executionMs: 0, job: emptyStatistics(), recordsOut: 0, metrics, summary: null };
  };
  const sink = st.sink;
  const toTopic = sink !== null && sink.kind === 'kafka';
  if (toTopic && !o.kafka) o.store.ensureTopic(sink.topic, sink.partitions);
  let sinkStart: number[] = [];
  let sinkCodec: ValueCodec = jsonValueCodec;
  if (toTopic && o.kafka) {
    try {
      sinkCodec = await o.kafka.bridge.codecOf(sink);
      await o.kafka.bridge.ensureTopic(sink.topic, sink.partitions);
      sinkStart = await o.kafka.bridge.endOffsets(sink.topic);
    } catch (e) {
      return notStarted((e as Error).message);
    }
  }
  const registry = o.kafka
    ? createConnectorRegistry({ memory: o.catalog.store, kafka: { brokers: [...o.kafka.bridge.brokers] } })
    : createConnectorRegistry({ memory: o.catalog.store, topicStore: o.store });
  // In process the harness produces the sink's messages itself; against a broker the kafka_sink does.
  const options = { sources, registry, baseDir: o.baseDir, now: o.clock.now, writeSinks: !toTopic || o.kafka !== undefined, output: 'iterate' as const, onProblem: () => {} };
  const prepared = prepareStatement(st.statement, o.catalog, options);
  if (prepared.error) return notStarted(`${prepared.error.message}${prepared.error.hint ? ` (${prepared.error.hint})` : ''}`);

  const started = performance.now();
  const handle = runPrepared(prepared, o.catalog, options);
  let recordsOut = 0;
  // A statement without a sink (a plain SELECT in a notebook cell) is captured from its output.
  let direct: CapturedRecord[] = [];
  /** Against a broker: the typed records the sink wrote, matched to the messages read back. */
  const produced: StreamRecord[] = [];
  const consume = (async () => {
    for await (const batch of handle) {
      recordsOut += batch.length;
      for (const metric of st.metrics) metrics.apply(metric, batch, o.clock.now());
      const room = Math.max(0, o.maxCapture - direct.length);
      if (o.kafka) {
        if (toTopic) produced.push(...batch);
        else if (sink === null) for (const r of batch.slice(0, room)) direct.push(r);
        continue;
      }
      if (!toTopic) {
        if (sink === null) for (const r of batch.slice(0, room)) direct.push(r);
        continue;
      }
      // Captured as produced: the record's values with the message key, partition and offset,
      // so the capture needs no decoding of what was just encoded.
      const stored = o.store.produce(sink.topic, batch.map((r) => jsonCodec.encode(r)));
      for (let i = 0; i < Math.min(room, stored.length); i++) {
        const m = stored[i];
        direct.push({ fields: batch[i].fields, key: m.key, headers: m.headers, partition: m.partition, offset: m.offset, timestamp: m.timestamp });
      }
    }
  })();

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    handle.cancel();
  }, o.timeoutMs);
  const onAbort = () => handle.cancel();
  o.signal?.addEventListener('abort', onAbort);
  const bar = o.progress?.(`process ${o.aliases[0] ?? 'query'}`, publishedCount(o, st));
  const ticker = bar && setInterval(() => bar.update(handle.progress().recordsIn), PROGRESS_INTERVAL_MS);
  const drained = feeds.length > 0 ? Promise.all(feeds.map((f) => f.whenDrained())).then(() => 'drained' as const) : new Promise<never>(() => {});
  const first = await Promise.race([drained, handle.done.then(() => 'done' as const)]);
  const finishedAt = performance.now();
  if (first === 'drained') handle.cancel();
  feeds.forEach((f) => f.stop());
  const summary = await handle.done;
  await consume;
  clearTimeout(timer);
  if (ticker) clearInterval(ticker);
  bar?.finish(summary.progress.recordsIn);
  o.signal?.removeEventListener('abort', onAbort);

  const p = summary.progress;
  const job: JobStatistics = { recordsIn: p.recordsIn, recordErrors: p.recordErrors + p.badRecords, lateRecords: p.lateRecords, droppedTooLate: p.droppedTooLate, watermark: p.watermark };
  const executionMs = finishedAt - started;
  let error: string | undefined;
  if (timedOut) error = `timed out after ${o.timeoutMs} ms; consumed ${p.recordsIn} of ${publishedCount(o, st)} input records`;
  else if (summary.status === 'failed' && summary.error) error = summary.error.message;
  if (toTopic && o.kafka && !error) {
    const read = await o.kafka.bridge.readBack(sink.topic, sinkStart, produced, sinkCodec);
    if (typeof read === 'string') error = read;
    else direct = read.slice(0, o.maxCapture);
  }
  const truncated = recordsOut > o.maxCapture ? { truncatedAt: o.maxCapture } : {};
  const name = `${o.aliases[0] ?? 'query'}_output`;
  let output: CapturedOutput;
  if (sink === null) output = { name, location: `sink '${name}'`, aliases: [name, ...o.aliases], records: direct, ...truncated };
  else if (toTopic) output = { name: sink.topic, location: `topic '${sink.topic}'`, aliases: [sink.topic, sink.name, ...o.aliases], records: direct, ...truncated };
  else output = readFileSink(sink, [sink.name, ...o.aliases], o.maxCapture);
  return { output, ...(error ? { error } : {}), executionMs, job, recordsOut, metrics, summary };
}

const emptyStatistics = (): JobStatistics => ({ recordsIn: 0, recordErrors: 0, lateRecords: 0, droppedTooLate: 0, watermark: null });

function publishedCount(o: JobOptions, st: AppStatement): number {
  let n = 0;
  for (const s of st.sources) {
    if (s.kind !== 'kafka') continue;
    const start = o.startOffsets.get(s.topic) ?? [];
    o.store.endOffsets(s.topic).forEach((end, p) => (n += end - (start[p] ?? 0)));
  }
  return n;
}

export function readFileSink(sink: AppObject, aliases: readonly string[], maxCapture: number): CapturedOutput {
  const file = sink.path ?? sink.name;
  const loaded = loadDataFile(file, sink.format);
  const rows = loaded.ok ? loaded.rows : [];
  const records = rows.slice(0, maxCapture).map((fields, i) => ({ fields, key: null, headers: null, partition: 0, offset: i, timestamp: 0 }));
  return { name: file, location: `sink '${file}'`, aliases: [file, ...aliases], records, ...(rows.length > maxCapture ? { truncatedAt: maxCapture } : {}) };
}
