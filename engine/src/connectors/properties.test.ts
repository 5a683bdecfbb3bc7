import * as fs from 'fs';
import * as path from 'path';
import { createConnectorRegistry } from './builtin';
import type { ConnectorProblem } from './errors';
import { StatementProperties, type PropertyList } from './properties';
import { loadConfigFile } from './properties/config-file';
import { substituteEnv } from './properties/env';
import { TopicStore } from './topics/topic-store';
import { resolveConnectors } from './validation';
import { CONFORMANCE } from '../../test/shared';

/** An in-memory file system for config files. */
const files = (tree: Record<string, string>) => (file: string) => {
  const text = tree[file];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};

describe('environment substitution', () => {
  const env = { HOST: 'kafka:9092', EMPTY: '' };
  test.each([
    ['${HOST}', 'kafka:9092', []],
    ['x-${HOST}-y', 'x-kafka:9092-y', []],
    ['${MISSING:-fallback}', 'fallback', []],
    ['${EMPTY:-fallback}', 'fallback', []],
    ['${EMPTY}', '', []],
    ['${MISSING:localhost:9333}', 'localhost:9333', []],
    ['${HOST:localhost:9333}', 'kafka:9092', []],
    ['no reference', 'no reference', []],
  ])('%p → %p', (text, value, issues) => {
    expect(substituteEnv(text, env)).toEqual({ value, issues });
  });

  test('${VAR:?message} unset is an error carrying the message; ${VAR} unset is a warning', () => {
    expect(substituteEnv('${TOKEN:?set TOKEN to your API token}', {})).toEqual({
      value: '',
      issues: [{ kind: 'required', variable: 'TOKEN', message: 'TOKEN: set TOKEN to your API token' }],
    });
    expect(substituteEnv('${NOPE}', {}).issues).toEqual([{ kind: 'unset', variable: 'NOPE', message: "environment variable NOPE is not set; using ''" }]);
  });

  test('statement values are substituted; an unset required variable names the key', () => {
    const { properties, diagnostics } = StatementProperties.resolve({
      layers: [[['t.path', '${DATA_DIR:-/data}/t.csv'], ['t.token', '${TOKEN:?needed for t}']]],
      baseDir: '/app',
      env: {},
    });
    expect(properties.get('t.path')).toBe('/data/t.csv');
    expect(diagnostics).toEqual([{ severity: 'error', code: 'VV352', key: 't.token', message: 'TOKEN: needed for t', hint: 'set TOKEN in the environment' }]);
  });
});

describe('merging and per-object views', () => {
  test('source-level and statement WITH merge in textual order; the last duplicate wins', () => {
    const sourceLevel: PropertyList = [['t.format', 'jsonl'], ['t.path', 'a.jsonl']];
    const statement: PropertyList = [['t.type', 'file_source'], ['t.path', 'b.jsonl']];
    const { properties } = StatementProperties.resolve({ layers: [sourceLevel, statement], baseDir: '/app', env: {} });
    const t = properties.forObject('t', 'source').properties;
    expect([t.type, t.format, t.path]).toEqual(['file_source', 'jsonl', '/app/b.jsonl']);
  });

  test('un-prefixed event-time and watermark keys are copied onto every source, not sinks; own keys win', () => {
    const { properties } = StatementProperties.resolve({
      layers: [{ 'event.time.field': 'ts', 'watermark.strategy': 'ascending', 'b.event.time.field': 'other', 'a.type': 'x', 'out.type': 'y' }],
      baseDir: '/',
      env: {},
    });
    const a = properties.forObject('a', 'source').properties;
    const b = properties.forObject('b', 'source').properties;
    const out = properties.forObject('out', 'sink').properties;
    expect([a.get('event.time.field'), a.get('watermark.strategy')]).toEqual(['ts', 'ascending']);
    expect(b.get('event.time.field')).toBe('other');
    expect(out.get('event.time.field')).toBeUndefined();
    expect(properties.objectNames().sort()).toEqual(['a', 'b', 'out']);
  });

  test('topic.name is normalised to topic; without one the topic is the object name', () => {
    const { properties } = StatementProperties.resolve({ layers: [{ 'o.topic.name': 'orders_v2' }], baseDir: '/', env: {} });
    expect(properties.forObject('o', 'source').properties.topic).toBe('orders_v2');
    expect(properties.forObject('p', 'source').properties.topic).toBe('p');
  });
});

describe('config files', () => {
  const tree = {
    '/cfg/base.yaml': 'datasource:\n  type: kafka\n  consumer_config:\n    bootstrap.servers: "${BROKERS:localhost:9092}"\n    auto.offset.reset: latest\n  schema:\n    key.format: string\n',
    '/cfg/orders.yaml': 'extends: base.yaml\ntopic:\n  name: "orders_topic"\n  partitions: 3\ndatasource:\n  schema:\n    # nothing set here: keeps the base schema\nfile:\n  path: ../data/orders.csv\n',
    '/cfg/loop_a.yaml': 'extends: loop_b.yaml\n',
    '/cfg/loop_b.yaml': 'extends: loop_a.yaml\n',
    '/cfg/orphan.yaml': 'extends: gone.yaml\nx: 1\n',
  };

  test('extends chain: nested keys flattened, the extending file wins, an empty section keeps the base', () => {
    const loaded = loadConfigFile('/cfg/orders.yaml', {}, 'orders', files(tree));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files).toEqual(['/cfg/orders.yaml', '/cfg/base.yaml']);
    expect(Object.fromEntries([...loaded.entries].map(([k, v]) => [k, v.value]))).toEqual({
      'datasource.type': 'kafka',
      'datasource.consumer_config.bootstrap.servers': 'localhost:9092',
      'datasource.consumer_config.auto.offset.reset': 'latest',
      'datasource.schema.key.format': 'string',
      'topic.name': 'orders_topic',
      'topic.partitions': '3',
      'file.path': '../data/orders.csv',
    });
  });

  test('SQL keys override YAML; YAML paths resolve against the YAML file; ${VAR:default} in YAML', () => {
    const { properties } = StatementProperties.resolve({
      layers: [{ 'orders.type': 'kafka_source', 'orders.config_file': '../cfg/orders.yaml', 'orders.datasource.consumer_config.auto.offset.reset': 'earliest' }],
      baseDir: '/sql',
      env: { BROKERS: 'broker:29092' },
      readFile: files(tree),
    });
    const { properties: orders, diagnostics } = properties.forObject('orders', 'source');
    expect(diagnostics).toEqual([]);
    expect(orders.get('datasource.consumer_config.auto.offset.reset')).toBe('earliest');
    expect(orders.withPrefix('datasource.consumer_config')).toEqual(
      new Map([
        ['bootstrap.servers', 'broker:29092'],
        ['auto.offset.reset', 'earliest'],
      ]),
    );
    expect([orders.topic, orders.partitions, orders.path]).toEqual(['orders_topic', 3, '/data/orders.csv']);
    expect(orders.configFiles).toEqual(['/cfg/orders.yaml', '/cfg/base.yaml']);
  });

  test('a missing config file is an error naming the key; a missing extends target a warning; a cycle an error', () => {
    const { properties } = StatementProperties.resolve({ layers: [{ 'a.config_file': 'nope.yaml' }], baseDir: '/cfg', env: {}, readFile: files(tree) });
    expect(properties.forObject('a', 'source').diagnostics).toMatchObject([
      { severity: 'error', code: 'VV353', key: 'a.config_file', message: "a.config_file: '/cfg/nope.yaml' not found" },
    ]);
    expect(loadConfigFile('/cfg/orphan.yaml', {}, 'o', files(tree)).diagnostics).toMatchObject([
      { severity: 'warning', code: 'VW550', message: "extends target '/cfg/gone.yaml' not found" },
    ]);
    expect(loadConfigFile('/cfg/loop_a.yaml', {}, 'l', files(tree)).diagnostics).toMatchObject([{ severity: 'error', code: 'VV353' }]);
  });
});

describe('statement validation', () => {
  const registry = createConnectorRegistry();
  const resolve = (layer: Record<string, string>, sources: string[], sinks: string[]) =>
    resolveConnectors(StatementProperties.resolve({ layers: [layer], baseDir: '/', env: {} }).properties, { sources, sinks }, registry);

  test('a source without a type is an error naming it, with the key to add', () => {
    expect(resolve({ 'o.type': 'file_sink', 'o.path': 'x.csv' }, ['trades'], ['o']).diagnostics).toEqual([
      {
        severity: 'error',
        code: 'VV350',
        object: 'trades',
        key: 'trades.type',
        message: "source 'trades' has no type",
        hint: "add 'trades.type' = 'file_source' (or kafka_source) to the WITH clause",
      },
    ]);
  });

  test('a known type this runtime lacks reports "connector not available"', () => {
    const [d] = resolve({ 't.type': 's3_source' }, ['t'], []).diagnostics;
    expect(d).toMatchObject({ severity: 'error', code: 'VV351', key: 't.type', message: 'connector not available: s3_source' });
    const withStore = createConnectorRegistry({ topicStore: new TopicStore() });
    const ok = resolveConnectors(StatementProperties.resolve({ layers: [{ 't.type': 'kafka_source' }], baseDir: '/', env: {} }).properties, { sources: ['t'], sinks: [] }, withStore);
    expect(ok.diagnostics).toEqual([]);
  });

  test('unknown and misplaced types, generic output.type, ignored keys', () => {
    const { diagnostics } = resolve(
      { 't.type': 'ftp_source', 'o.type': 'file_source', 'o.path': 'x', 'output.type': 'file_sink', 'join.timeout': '30s', 'cache.enabled': 'true' },
      ['t'],
      ['o'],
    );
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['VV351', "unknown source type 'ftp_source' for 't'"],
      ['VV351', "'o' is used as a sink but its type 'file_source' is a source type"],
      ['VV354', "a generic 'output.type' is not supported; sink properties are prefixed with the sink's name"],
      ['VW551', "'join.timeout' is ignored by the reference"],
      ['VW551', "'cache.enabled' is ignored by the reference"],
    ]);
  });
});

describe('conformance corpus', () => {
  const corpus = CONFORMANCE;
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const all = fs.existsSync(corpus) ? walk(corpus) : [];
  const configs = all.filter((f) => /\/configs\/[^/]+\.ya?ml$/.test(f));
  const sqlFiles = all.filter((f) => f.endsWith('.sql'));

  test('the corpus is present', () => {
    expect(configs.length).toBeGreaterThan(40);
    expect(sqlFiles.length).toBeGreaterThan(20);
  });

  test.each(configs.map((f) => [path.relative(corpus, f), f]))('%s loads without errors', (_name, file) => {
    const loaded = loadConfigFile(file, {}, 'x');
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.entries.size).toBeGreaterThan(0);
  });

  /** `'key' = 'value'` pairs of the file's WITH clauses, per statement, comments removed. */
  const withBlocks = (sql: string): [string, string][][] =>
    sql
      .replace(/--[^\n]*/g, '')
      .split(';')
      .map((statement) => [...statement.matchAll(/'([^']+)'\s*=\s*'([^']*)'/g)].map((m) => [m[1], m[2]] as [string, string]))
      .filter((pairs) => pairs.length > 0);

  test.each(sqlFiles.map((f) => [path.relative(corpus, f), f]))('%s: every typed object resolves; file sources read cleanly', async (_name, file) => {
    const registry = createConnectorRegistry({ topicStore: new TopicStore() });
    for (const pairs of withBlocks(fs.readFileSync(file, 'utf8'))) {
      const { properties, diagnostics } = StatementProperties.resolve({ layers: [pairs], baseDir: path.dirname(file), env: {} });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const typed = pairs.filter(([k]) => k.endsWith('.type') && k !== 'output.type').map(([k, v]) => [k.slice(0, -'.type'.length), v]);
      const sources = typed.filter(([, v]) => v.endsWith('_source')).map(([n]) => n);
      const sinks = typed.filter(([, v]) => v.endsWith('_sink')).map(([n]) => n);
      const resolved = resolveConnectors(properties, { sources, sinks }, registry);
      expect(resolved.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const [name, props] of resolved.sources) {
        if (props.type !== 'file_source') continue;
        const problems: ConnectorProblem[] = [];
        const created = registry.createSource(props, { now: () => 0, report: (p) => problems.push(p) });
        if (!created.ok) throw new Error(`${name}: ${created.error.message}`);
        let count = 0;
        for await (const batch of created.value) count += batch.length;
        expect(problems).toEqual([]);
        expect(count).toBeGreaterThan(0);
      }
    }
  });
});
