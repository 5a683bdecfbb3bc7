import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fakeMessagesServer } from '../ai/fake-messages-server';
import { main } from './velo-test';
import { captureCli } from './testing';

const velоTest = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => captureCli((io) => main(args, io), cwd, env);

const SQL = `CREATE STREAM out_s AS SELECT id, amount FROM orders
WITH ('orders.type' = 'kafka_source', 'out_s.type' = 'kafka_sink');`;
const SCHEMA = 'name: orders\nfields:\n  - {name: id, type: integer}\n  - {name: amount, type: integer, constraints: {range: {min: 1, max: 9}}}\n';

function app(spec: string, withSchema = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-test-cli-'));
  fs.writeFileSync(path.join(dir, 'app.sql'), SQL);
  fs.writeFileSync(path.join(dir, 'app.test.yaml'), spec);
  if (withSchema) {
    fs.mkdirSync(path.join(dir, 'schemas'));
    fs.writeFileSync(path.join(dir, 'schemas', 'orders.schema.yaml'), SCHEMA);
  }
  return dir;
}

const GOOD = 'application: demo\nqueries:\n  - name: out_s\n    inputs: [{source: orders, records: 10}]\n    assertions:\n      - {type: record_count, equals: 10}\n';

describe('velo-test run', () => {
  test('prints the banner first on stderr; -o json puts only the report on stdout', async () => {
    const r = await velоTest(['run', 'app', '-o', 'json'], app(GOOD));
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toMatch(/^velo-test v\d+\.\d+\.\d+ \(\w+\)$/);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).slice(0, 4)).toEqual(['application', 'run_id', 'start_time', 'end_time']);
    expect(report.summary).toMatchObject({ total: 1, passed: 1, total_assertions: 1 });
    expect(r.stderr).toContain('📁 Auto-discovered spec: ./app.test.yaml');
  });

  test('-o junit writes one testsuite per query and one testcase per assertion', async () => {
    const r = await velоTest(['run', 'app.sql', '-o', 'xml'], app(GOOD));
    expect(r.stdout).toContain('<testsuite name="out_s" tests="1" failures="0" errors="0" skipped="0"');
    expect(r.stdout).toContain('<testcase name="record_count[1]" classname="demo.out_s" time="0.000"/>');
  });

  test('an error_rate below min_records is skipped in text, JSON and JUnit, and the run still exits 0', async () => {
    const spec = GOOD.replace('      - {type: record_count, equals: 10}\n', '      - {type: record_count, equals: 10}\n      - {type: error_rate, max_rate: 0.01, min_records: 1000}\n');
    const dir = app(spec);
    const text = await velоTest(['run', 'app.sql'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('⏭️ error_rate: skipped: 10 records consumed, fewer than min_records 1000');
    expect(text.stdout).toContain('Assertions: 2 total, 1 passed, 0 failed, 1 skipped');
    const json = await velоTest(['run', 'app.sql', '-o', 'json'], dir);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.queries[0].status).toBe('passed');
    expect(report.queries[0].assertions[1]).toMatchObject({ type: 'error_rate', passed: false, status: 'skipped', skip_reason: '10 records consumed, fewer than min_records 1000' });
    expect(report.summary).toMatchObject({ passed_assertions: 1, failed_assertions: 0, skipped_assertions: 1 });
    const junit = await velоTest(['run', 'app.sql', '-o', 'junit'], dir);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain('<testsuite name="out_s" tests="2" failures="0" errors="0" skipped="1"');
    expect(junit.stdout).toContain('<testcase name="error_rate[2]" classname="demo.out_s" time="0.000">\n      <skipped message="10 records consumed, fewer than min_records 1000"/>');
  });

  test('dlq_count counts the dead letters of a job with enable_dlq, and is skipped for a job without one', async () => {
    const failing = (dlq: string) =>
      `CREATE STREAM out_s AS SELECT id, CAST(CONCAT('n', id) AS INTEGER) AS bad FROM orders\nWITH ('orders.type' = 'kafka_source', 'out_s.type' = 'kafka_sink'${dlq});`;
    const spec = GOOD.replace('      - {type: record_count, equals: 10}\n', '      - {type: record_count, equals: 0}\n      - {type: dlq_count, equals: 10, error_types: [cast]}\n');
    const dir = app(spec);
    fs.writeFileSync(path.join(dir, 'app.sql'), failing(", 'enable_dlq' = 'true'"));
    const withDlq = JSON.parse((await velоTest(['run', 'app.sql', '-o', 'json'], dir)).stdout);
    expect(withDlq.queries[0].assertions[1]).toMatchObject({ type: 'dlq_count', passed: true, message: "DLQ count matches: 10 (from topic 'out_s-dlq')" });
    fs.writeFileSync(path.join(dir, 'app.sql'), failing(''));
    const without = JSON.parse((await velоTest(['run', 'app.sql', '-o', 'json'], dir)).stdout);
    expect(without.queries[0].assertions[1]).toMatchObject({ type: 'dlq_count', passed: false, status: 'skipped', skip_reason: "the job has no dead-letter queue 'out_s-dlq'" });
    expect(without.queries[0].status).toBe('passed');
  }, 60_000);

  test('a bad YAML line is one error with file:line:col, exit 1, nothing run', async () => {
    const r = await velоTest(['run', 'app.sql'], app('application: demo\nqueries:\n  - name: out_s\n    inputs: [{source: orders\n'));
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: \.\/app\.test\.yaml:\d+:\d+: /);
    expect(r.stdout).not.toContain('Executing');
  });

  test('an unknown assertion type is an error with did-you-mean and the valid types', async () => {
    const r = await velоTest(['run', 'app.sql'], app(GOOD.replace('type: record_count', 'type: recrod_count')));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: ./app.test.yaml:6:16: queries[0].assertions[0].type: unknown assertion type 'recrod_count' (did you mean 'record_count'?)");
    expect(r.stderr).toMatch(/hint: valid types: record_count, schema_contains, .*metric_exists/);
  });

  test('unknown keys warn with did-you-mean and the run goes on', async () => {
    const r = await velоTest(['run', 'app.sql'], app(GOOD.replace('    assertions:', '    asertions: []\n    assertions:')));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: ./app.test.yaml:5:5: unknown key 'asertions' in queries[0] (ignored; did you mean 'assertions'?)");
  });

  test('a missing schema fails the query with the spec position, exit 1', async () => {
    const r = await velоTest(['run', 'app.sql'], app(GOOD, false));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("💥 Error: ./app.test.yaml:4:14: input 'orders': no schema for source 'orders'");
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 0 failed, 1 errors');
  });

  test('without a spec, -y generates one in memory from the SQL', async () => {
    const dir = app(GOOD);
    fs.unlinkSync(path.join(dir, 'app.test.yaml'));
    const r = await velоTest(['run', 'app.sql', '-y'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('📝 Auto-generated test spec from SQL');
    expect(r.stdout).toContain('✅ schema_contains: All required fields present');
    expect(fs.existsSync(path.join(dir, 'app.test.yaml'))).toBe(false);
  });
});

describe('velo-test run with ANTHROPIC_API_KEY', () => {
  const FAILING = 'application: demo\nqueries:\n  - name: out_s\n    inputs: [{source: orders, records: 10}]\n    assertions:\n      - {type: record_count, equals: 11}\n';
  const ANSWER = '## Summary\nTen records were generated, eleven expected.\n## Root Cause\ninputs.records is 10.\n## Suggestions\n1. Expect 10.\n## Confidence\n90%';

  test('a failed query gets a Claude finding in the report (real SDK, local Messages API); --no-ai sends nothing', async () => {
    const server = await fakeMessagesServer([{ text: ANSWER }]);
    try {
      const env = { ANTHROPIC_API_KEY: 'sk-cli-secret', ANTHROPIC_BASE_URL: server.url };
      const r = await velоTest(['run', 'app.sql', '-o', 'json'], app(FAILING), env);
      expect(r.code).toBe(1);
      const analysis = JSON.parse(r.stdout).queries[0].analysis;
      expect(analysis).toContainEqual(expect.objectContaining({ source: 'claude', summary: 'Ten records were generated, eleven expected.', confidence: 90 }));
      expect(server.seen).toHaveLength(1);
      expect(r.stdout + r.stderr).not.toContain('sk-cli-secret');
      await velоTest(['run', 'app.sql', '--no-ai'], app(FAILING), env);
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('velo-test dispatcher', () => {
  test('interactive reference commands are not supported; unknown commands print usage, exit 1', async () => {
    const dir = os.tmpdir();
    expect(await velоTest(['debug'], dir)).toMatchObject({ code: 1, stderr: expect.stringContaining('debug is not supported by this harness (interactive in velo-test)') });
    const unknown = await velоTest(['frobnicate'], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Usage: velo-test <command>');
    expect((await velоTest(['run', 'x.sql', '--bogus'], dir)).code).toBe(1);
  });
});
