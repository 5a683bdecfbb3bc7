#!/usr/bin/env node
/**
 * Scale-out on Kafka end to end (deploy spec §3), with a real one-node KRaft broker from
 * scripts/kafka.mjs on port 19601 (fresh storage, stopped at the end):
 *
 *  1. two runners (`velo serve --kafka`, workers a and b) deploy the same app: a 10-second
 *     tumbling count/sum per user over a 4-partition topic keyed (and partitioned) by user,
 *     written to an output topic; both join the consumer group velo-clicks-user_counts and
 *     get two partitions each;
 *  2. the first 45 s of event time are produced; both runners emit their users' closed windows
 *     and commit offsets (only up to the windows that fired);
 *  3. runner b is killed (SIGKILL) mid-stream; a takes over all four partitions, reads b's
 *     partitions from b's last commit and counts the records b had already processed as
 *     replayed (velo_job_replayed_records_total);
 *  4. the rest of the stream is produced; the output, de-duplicated by user and window, equals
 *     the single-runner result computed from the input (every record counted once: no offset
 *     skipped), the group's committed offsets never passed an unprocessed record, and the
 *     survivor's velo_job_kafka_consumer_lag is 0.
 *
 * Exit 0 when every step held. Needs the built engine (`tsc -b`) and Java + Maven (kafka.mjs).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const VELO = path.join(ROOT, 'engine', 'bin', 'velo.js');
const { Kafka, logLevel, AssignerProtocol } = createRequire(path.join(ROOT, 'engine', 'package.json'))('kafkajs');
const BROKER_PORT = 19601;
const RUNNER_PORTS = { a: 19610, b: 19611 };
const BROKERS = `127.0.0.1:${BROKER_PORT}`;
const STEP_TIMEOUT_MS = 60_000;
const APP = 'clicks';
const GROUP = `velo-${APP}-user_counts`;
const PARTITIONS = 4;
const USERS = 8;
/**
 * Event time origin (a multiple of the 10 s window) and the seconds produced before and after the
 * kill. Recent: the sink stamps output messages with their event time, and the broker's retention
 * (7 days) would delete older ones at once.
 */
const T0 = Math.floor(Date.now() / 10_000) * 10_000 - 3_600_000;
const BEFORE_KILL_S = 45;
const TOTAL_S = 90;
/** Windows [0, 90) s are complete; one record per user at 200 s makes the watermark close them. */
const CLOSING_S = 200;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-scaleout-'));
const children = new Map();
const started = Date.now();
const say = (text) => process.stderr.write(`[scaleout-e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}\n`);
const suffix = Date.now().toString(36);
const IN_TOPIC = `clicks_${suffix}`;
const OUT_TOPIC = `user_counts_${suffix}`;

const kafka = new Kafka({ clientId: 'velo-scaleout-e2e', brokers: [BROKERS], logLevel: logLevel.NOTHING, retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2000 } });

function broker(command) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'kafka.mjs'), command, '--port', String(BROKER_PORT), '--dir', path.join(work, 'kafka')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`kafka.mjs ${command} failed`);
}

/** Resolves with `probe()`'s first truthy value; a probe that hangs counts as not ready after 15 s. */
async function waitFor(what, probe, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      let timer;
      const value = await Promise.race([probe(), new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]).finally(() => clearTimeout(timer));
      if (value) return value;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const APP_SQL = `-- SQL Application: ${APP}
-- Clicks per user per 10 seconds of event time; the input topic is keyed by user.
CREATE TABLE user_counts AS
SELECT user_id PRIMARY KEY, COUNT(*) AS clicks, SUM(v) AS total, _window_start AS window_start
FROM clicks
GROUP BY user_id
WINDOW TUMBLING(10s)
EMIT FINAL
WITH (
  'clicks.type' = 'kafka_source',
  'clicks.topic' = '${IN_TOPIC}',
  'clicks.key.field' = 'user_id',
  'clicks.event.time.field' = 'ts',
  'user_counts.type' = 'kafka_sink',
  'user_counts.topic' = '${OUT_TOPIC}'
);
`;

/** User u's click at second s: partition u mod 4, so every partition carries two users. */
function click(u, s) {
  const user = `u${u}`;
  return { partition: u % PARTITIONS, key: user, value: JSON.stringify({ user_id: user, v: s * 10 + u, ts: T0 + s * 1000 }) };
}

function clicks(fromS, toS) {
  const out = [];
  for (let s = fromS; s < toS; s++) for (let u = 0; u < USERS; u++) out.push(click(u, s));
  return out;
}

/**
 * Produces second by second of event time, one send per second every STEP_MS, as a live source
 * would: a runner's watermark is the highest event time over all its partitions, so a topic
 * filled at once could hand it one partition's whole history before another's, making the
 * second partition's records later than the window's allowed lateness.
 */
const STEP_MS = 100;

async function produce(fromS, toS) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let s = fromS; s < toS; s++) {
    await producer.send({ topic: IN_TOPIC, messages: clicks(s, s + 1), acks: -1 });
    await new Promise((r) => setTimeout(r, STEP_MS));
  }
  await producer.disconnect();
}

/** The single-runner result: per user and window, the count and sum of its clicks. */
function expectedWindows() {
  const out = new Map();
  for (let s = 0; s < TOTAL_S; s++) {
    for (let u = 0; u < USERS; u++) {
      const key = `u${u}@${T0 + Math.floor(s / 10) * 10_000}`;
      const w = out.get(key) ?? { clicks: 0, total: 0 };
      out.set(key, { clicks: w.clicks + 1, total: w.total + s * 10 + u });
    }
  }
  return out;
}

/** Output rows read from the start of the output topic, with how often each user/window came. */
async function outputWindows() {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(OUT_TOPIC).catch(() => []);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high), 0);
  const rows = [];
  if (total > 0) {
    const consumer = kafka.consumer({ groupId: `reader-${Date.now()}-${Math.random()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: OUT_TOPIC, fromBeginning: true });
    await new Promise((done, failed) => {
      consumer.run({ eachMessage: async ({ message }) => {
        rows.push(JSON.parse(message.value.toString()));
        if (rows.length >= total) done();
      } }).catch(failed);
    });
    await consumer.disconnect();
  }
  const windows = new Map();
  const seen = new Map();
  for (const row of rows) {
    const key = `${row.user_id}@${row.window_start}`;
    windows.set(key, { clicks: row.clicks, total: row.total });
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return { rows: rows.length, windows, repeated: [...seen.values()].filter((n) => n > 1).length };
}

/** The group's members with the input partitions each is assigned. */
async function membership() {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([GROUP]);
    const group = groups[0];
    if (group.state !== 'Stable') return null;
    return group.members.map((m) => ({ clientHost: m.clientHost, memberId: m.memberId, partitions: [...(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[IN_TOPIC] ?? [])].sort() }));
  } finally {
    await admin.disconnect();
  }
}

/** The group's committed offset per partition, and the commit's metadata (how far the committer had read). */
async function committed() {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [IN_TOPIC] });
    return new Map(topic.partitions.map((p) => [p.partition, { offset: Number(p.offset), read: Number(p.metadata) }]));
  } finally {
    await admin.disconnect();
  }
}

const offsetsText = (offsets) => [...offsets].map(([p, o]) => `${p}:${o.offset} (read to ${o.read})`).join(' ');

function startRunner(worker) {
  const state = path.join(work, `state-${worker}`);
  const log = fs.openSync(path.join(work, `runner-${worker}.log`), 'w');
  const child = spawn(process.execPath, [VELO, 'serve', '--state', state, '--port', String(RUNNER_PORTS[worker]), '--kafka', BROKERS, '--worker-id', worker], { stdio: ['ignore', 'pipe', log] });
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d.toString()));
  children.set(worker, child);
  return { child, state, url: `http://127.0.0.1:${RUNNER_PORTS[worker]}` };
}

async function api(runner, route) {
  const token = fs.readFileSync(path.join(runner.state, 'token'), 'utf8').trim();
  const res = await fetch(`${runner.url}${route}`, { headers: { Authorization: `Bearer ${token}` } });
  return route === '/metrics' ? res.text() : res.json();
}

function metric(text, name, worker) {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`worker="${worker}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

function deploy(runner) {
  const r = spawnSync(process.execPath, [VELO, 'deploy', `${APP}.sql`, '--state', runner.state, '--server', runner.url, '--out', path.join(work, `deploy-${path.basename(runner.state)}`)], { cwd: work, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`velo deploy failed:\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

async function main() {
  broker('start');
  say(`broker on ${BROKERS}`);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: IN_TOPIC, numPartitions: PARTITIONS }, { topic: OUT_TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  fs.writeFileSync(path.join(work, `${APP}.sql`), APP_SQL);

  const a = startRunner('a');
  const b = startRunner('b');
  for (const r of [a, b]) await waitFor(`runner ${r.url} to listen`, () => /listening on/.test(r.child.output));
  const deployed = deploy(a);
  if (/VW\d+.*partition/i.test(deployed)) throw new Error(`the deploy warned about partitioning although the topic is keyed by the GROUP BY key:\n${deployed}`);
  deploy(b);
  const split = await waitFor('both runners in the group with two partitions each', async () => {
    const members = await membership();
    return members?.length === 2 && members.every((m) => m.partitions.length === 2) ? members : null;
  });
  say(`group ${GROUP}: ${split.map((m) => `[${m.partitions}]`).join(' + ')}`);

  await produce(0, BEFORE_KILL_S);
  // Windows [0, 40) s have fired on both runners (their watermarks are at 44 s).
  await waitFor('both runners to emit the windows before 40 s', async () => (await outputWindows()).windows.size >= USERS * 4);
  const bJobs = await api(b, '/jobs');
  const bIn = bJobs.jobs[0]?.progress.recordsIn ?? 0;
  if (bIn === 0) throw new Error('runner b read nothing before the kill');
  // Each runner commits up to its last fired window: offset 80 of 90 in each partition (window
  // [40, 50) is still open), noting that it read all 90.
  const beforeKill = await waitFor('both runners to commit their fired windows', async () => {
    const offsets = await committed();
    return offsets.size === PARTITIONS && [...offsets.values()].every((o) => o.offset === 80 && o.read === 90) ? offsets : null;
  });
  say(`runner b read ${bIn} records; committed ${offsetsText(beforeKill)}`);

  b.child.kill('SIGKILL');
  say('runner b killed (SIGKILL)');
  const takeover = await waitFor('runner a to take over all four partitions', async () => {
    const members = await membership();
    return members?.length === 1 && members[0].partitions.length === PARTITIONS ? members[0] : null;
  });
  say(`runner a now reads partitions [${takeover.partitions}]`);
  // b's partitions are read again from offset 80: the 10 records per partition b had processed are replays.
  const REPLAYS = 2 * 10;
  const replayed = await waitFor('the replayed records on runner a', async () => {
    const n = metric(await api(a, '/metrics'), 'velo_job_replayed_records_total', 'a');
    return n >= REPLAYS ? n : null;
  }).catch(async (e) => {
    throw new Error(`${e.message}; runner a: ${JSON.stringify((await api(a, '/jobs')).jobs[0]?.progress)}`);
  });
  say(`velo_job_replayed_records_total{worker="a"} = ${replayed}`);

  await produce(BEFORE_KILL_S, TOTAL_S);
  await produce(CLOSING_S, CLOSING_S + 1);
  const expected = expectedWindows();
  const out = await waitFor('every window of the stream in the output', async () => {
    const o = await outputWindows();
    return [...expected.keys()].every((k) => o.windows.has(k)) ? o : null;
  });
  const wrong = [...expected].filter(([k, w]) => JSON.stringify(out.windows.get(k)) !== JSON.stringify(w));
  if (wrong.length > 0) throw new Error(`${wrong.length} windows differ from the single-runner result, e.g. ${wrong[0][0]}: ${JSON.stringify(out.windows.get(wrong[0][0]))} instead of ${JSON.stringify(wrong[0][1])}`);
  const extra = [...out.windows.keys()].filter((k) => !expected.has(k));
  if (extra.length > 0) throw new Error(`unexpected output windows: ${extra.slice(0, 3).join(', ')}`);
  const counted = [...out.windows.values()].reduce((n, w) => n + w.clicks, 0);
  if (counted !== TOTAL_S * USERS) throw new Error(`the output counts ${counted} clicks, the input has ${TOTAL_S * USERS}`);
  say(`output: ${out.rows} rows, ${out.windows.size} distinct user windows (${out.repeated} emitted twice), equal to the single-runner result; ${counted} clicks counted = every input offset`);

  // Every record below the committed offsets is in the output; the closing records (window [200, 210) still open) are not committed.
  const final = await waitFor('runner a to commit the stream up to the open window', async () => {
    const offsets = await committed();
    return [...offsets.values()].every((o) => o.offset === 2 * TOTAL_S) ? offsets : null;
  });
  say(`final: committed ${offsetsText(final)} (the two closing records per partition stay uncommitted)`);
  const replays = metric(await api(a, '/metrics'), 'velo_job_replayed_records_total', 'a');
  if (replays !== REPLAYS) throw new Error(`runner a counted ${replays} replayed records, expected ${REPLAYS} (b's open window in its two partitions)`);
  // Everything published has been read: the survivor's consumer lag over its four partitions is 0.
  await waitFor('runner a to report a consumer lag of 0', async () => /^velo_job_kafka_consumer_lag\{[^}]*worker="a"\} 0$/m.test(await api(a, '/metrics')));
  const aJobs = await api(a, '/jobs');
  say(`runner a: ${aJobs.jobs[0].progress.recordsIn} records in, ${aJobs.jobs[0].progress.recordsOut} out; runner b had read ${bIn} before it died`);
}

let status = 0;
try {
  await main();
  say('scale-out e2e passed');
} catch (e) {
  status = 1;
  process.stderr.write(`scale-out e2e FAILED: ${e.stack ?? e.message}\n`);
  for (const worker of children.keys()) {
    const log = path.join(work, `runner-${worker}.log`);
    if (fs.existsSync(log)) process.stderr.write(`--- runner ${worker} log (tail)\n${fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}\n`);
  }
} finally {
  for (const c of children.values()) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  for (const c of children.values()) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  try {
    broker('stop');
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    status = 1;
  }
  if (process.env.VELO_E2E_KEEP) say(`work directory kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
process.exit(status);
