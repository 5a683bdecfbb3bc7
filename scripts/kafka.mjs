#!/usr/bin/env node
// A real Apache Kafka broker (KRaft, one node) for development and tests, without Docker.
//
//   node scripts/kafka.mjs start|stop|status [--port P] [--dir D]
//
// The broker's jars come from Maven Central through `mvn dependency:copy-dependencies` on a
// generated pom and are cached under ~/.cache/velostream/kafka-<version> (shared by every
// checkout). `start` formats the storage directory once, starts the broker on 127.0.0.1:P and
// returns when it accepts clients; the pid file in D lets `stop`/`status` find it again.
// Node built-ins only: this runs in test stages before anything else is known to work.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KAFKA_VERSION = '3.9.1';
const SLF4J_VERSION = '1.7.36';
const RELOAD4J_VERSION = '1.2.25';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'velostream', `kafka-${KAFKA_VERSION}`);
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

class ScriptError extends Error {}

function log(message) {
  process.stderr.write(`kafka: ${message}\n`);
}

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** Java and Maven, installed with apt on a fresh Debian machine when we may; else a clear error. */
function ensureTools() {
  const missing = ['java', 'mvn'].filter((c) => !which(c));
  if (missing.length === 0) return;
  const canApt = process.getuid?.() === 0 && which('apt-get');
  if (canApt) {
    log(`installing ${missing.join(' and ')} with apt-get (openjdk-17-jre-headless, maven)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const packages = [...(missing.includes('java') ? ['openjdk-17-jre-headless'] : []), 'maven'];
    spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  }
  const still = ['java', 'mvn'].filter((c) => !which(c));
  if (still.length > 0) {
    throw new ScriptError(
      `${still.join(' and ')} not found on PATH. The Kafka broker needs Java 17+ and Maven ` +
        `(Debian: apt-get install openjdk-17-jre-headless maven).`,
    );
  }
}

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.velostream</groupId>
  <artifactId>kafka-broker-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>${SLF4J_VERSION}</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>${RELOAD4J_VERSION}</version></dependency>
  </dependencies>
</project>
`;

const LOG4J = `log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
`;

/** The broker's classpath, downloading the jars on first use. */
function brokerJars() {
  const libs = join(CACHE, 'libs');
  const done = join(CACHE, 'complete');
  if (!existsSync(done)) {
    ensureTools();
    log(`fetching Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${CACHE}`);
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(join(CACHE, 'pom.xml'), POM);
    rmSync(libs, { recursive: true, force: true });
    const mvn = spawnSync(
      'mvn',
      ['-q', '-B', '-f', join(CACHE, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'],
      { stdio: 'inherit' },
    );
    if (mvn.status !== 0) throw new ScriptError(`mvn dependency:copy-dependencies failed (exit ${mvn.status})`);
    writeFileSync(join(CACHE, 'log4j.properties'), LOG4J);
    writeFileSync(done, new Date().toISOString());
  }
  ensureTools();
  return readdirSync(libs)
    .filter((f) => f.endsWith('.jar'))
    .map((f) => join(libs, f))
    .join(':');
}

function parseArgs(argv) {
  const options = { command: argv[0], port: 9092, dir: undefined };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--dir') options.dir = resolve(argv[++i]);
    else throw new ScriptError(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65534) {
    throw new ScriptError('--port needs a port number (the controller listens on port + 1)');
  }
  options.dir ??= join(ROOT, 'node_modules', '.cache', 'kafka', `broker-${options.port}`);
  return options;
}

function serverProperties(port, dir) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${port + 1}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${port + 1}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(dir, 'data')}`,
    'num.partitions=1',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // Consumers of a fresh group start at once instead of after the default 3 s.
    'group.initial.rebalance.delay.ms=0',
    'log.segment.bytes=16777216',
    '',
  ].join('\n');
}

/** The Kafka random-uuid format: 16 random bytes, base64url without padding, never starting with '-' (as Kafka's own). */
function clusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function readPid(dir) {
  const file = join(dir, 'kafka.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return alive(pid) ? pid : undefined;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port) {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function java(classpath, args, extra = {}) {
  return [
    '-Xms128m',
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(CACHE, 'log4j.properties')}`,
    ...(extra.logDir ? [`-Dkafka.logs.dir=${extra.logDir}`] : []),
    '-cp',
    classpath,
    ...args,
  ];
}

async function start({ port, dir }) {
  const running = readPid(dir);
  if (running) {
    log(`already running (pid ${running}) on 127.0.0.1:${port}`);
    return;
  }
  if (await portOpen(port)) throw new ScriptError(`port ${port} is already in use by another process`);
  const classpath = brokerJars();
  mkdirSync(dir, { recursive: true });
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, serverProperties(port, dir));
  if (!existsSync(join(dir, 'data', 'meta.properties'))) {
    const format = spawnSync('java', java(classpath, ['kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', properties]), {
      encoding: 'utf8',
    });
    if (format.status !== 0) throw new ScriptError(`formatting ${join(dir, 'data')} failed:\n${format.stdout}${format.stderr}`);
  }
  const logFile = join(dir, 'kafka.log');
  const out = openSync(logFile, 'a');
  const child = spawn('java', java(classpath, ['kafka.Kafka', properties], { logDir: dir }), {
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  writeFileSync(join(dir, 'kafka.pid'), String(child.pid));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!alive(child.pid)) throw new ScriptError(`the broker exited during start-up; see ${logFile}`);
    if ((await portOpen(port)) && readFileSync(logFile, 'utf8').includes('Kafka Server started')) {
      log(`broker ${KAFKA_VERSION} serving on 127.0.0.1:${port} (pid ${child.pid}, dir ${dir})`);
      return;
    }
    await sleep(250);
  }
  process.kill(child.pid, 'SIGKILL');
  throw new ScriptError(`the broker did not serve within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

async function stop({ dir }) {
  const pid = readPid(dir);
  if (!pid) {
    log('not running');
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (alive(pid) && Date.now() < deadline) await sleep(200);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(join(dir, 'kafka.pid'), { force: true });
  log(`stopped (pid ${pid})`);
}

async function status({ port, dir }) {
  const pid = readPid(dir);
  const serving = pid !== undefined && (await portOpen(port));
  process.stdout.write(serving ? `running pid=${pid} brokers=127.0.0.1:${port} dir=${dir}\n` : 'stopped\n');
  return serving ? 0 : 3;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  switch (options.command) {
    case 'start':
      return start(options).then(() => 0);
    case 'stop':
      return stop(options).then(() => 0);
    case 'status':
      return status(options);
    default:
      process.stderr.write('usage: node scripts/kafka.mjs start|stop|status [--port P] [--dir D]\n');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`kafka: ${error instanceof ScriptError ? error.message : error.stack}\n`);
    process.exit(1);
  },
);
