/**
 * Acceptance of the job runner (deploy spec §1) as a user meets it: a real `velo serve`
 * process, its HTTP API and the `velo jobs|stop|rollback` clients. The runner is SIGKILLed
 * mid-stream and started again on the same state directory: the file-source job resumes from
 * its recorded position (its output has every expected row exactly once), the app fed by an
 * in-process stream reruns from the start with the same complete output.
 *
 * Needs the built CLI (`tsc -b`): the runner is a separate process so it can be killed.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureCli } from '../testing';
import { main } from '../velo';

jest.setTimeout(120_000);

const VELO = path.resolve(__dirname, '../../../bin/velo.js');

interface Served {
  child: ChildProcess;
  url: string;
  token: string;
}

async function serve(state: string): Promise<Served> {
  const child = spawn(process.execPath, [VELO, 'serve', '--state', state, '--port', '0', '--worker-id', 'w1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', () => {});
  const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(out)?.[1]);
  return { child, url, token: fs.readFileSync(path.join(state, 'token'), 'utf8').trim() };
}

async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${probe.toString()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function call(served: Served, method: string, route: string, body?: unknown, token: string | null = served.token) {
  const res = await fetch(served.url + route, {
    method,
    headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

const velo = (args: string[]) => captureCli((io) => main(args, io), process.cwd());

const ordersSql = (threshold: number) => `-- SQL Application: orders
CREATE STREAM big_orders AS SELECT id, amount FROM orders WHERE amount > ${threshold}
WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv', 'orders.watch' = 'true',
      'big_orders.type' = 'file_sink', 'big_orders.path' = './out/big_orders.csv', 'big_orders.format' = 'csv');
`;

const chainSql = `-- SQL Application: chain
CREATE STREAM tagged AS SELECT id, amount * 2 AS doubled FROM orders
WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv', 'orders.watch' = 'true',
      'tagged.type' = 'kafka_sink', 'tagged.topic' = 'tagged', 'tagged.format' = 'json');
CREATE STREAM doubled_out AS SELECT id, doubled FROM tagged WHERE doubled > 30
WITH ('tagged.type' = 'kafka_source', 'tagged.topic' = 'tagged', 'tagged.format' = 'json',
      'doubled_out.type' = 'file_sink', 'doubled_out.path' = './out/doubled.csv', 'doubled_out.format' = 'csv');
`;

const amountOf = (id: number) => (id * 7) % 25;

function appendOrders(file: string, from: number, to: number): void {
  const lines: string[] = [];
  for (let id = from; id < to; id++) lines.push(`${id},${amountOf(id)}`);
  fs.appendFileSync(file, lines.join('\n') + '\n');
}

/** The `id` column of a CSV output, in file order. */
function outputIds(file: string): number[] {
  if (!fs.existsSync(file)) return [];
  const [header, ...lines] = fs.readFileSync(file, 'utf8').split('\n');
  const column = header.split(',').indexOf('id');
  return lines.filter((l) => l.trim() !== '').map((l) => Number(l.split(',')[column]));
}

const idsWhere = (total: number, keep: (id: number) => boolean) => Array.from({ length: total }, (_, id) => id).filter(keep);

describe('velo serve', () => {
  let dir: string;
  let state: string;
  let served: Served | null = null;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-serve-'));
    state = path.join(dir, 'state');
    fs.writeFileSync(path.join(dir, 'orders.csv'), 'id,amount\n');
  });

  afterEach(async () => {
    if (served) await kill(served.child, 'SIGTERM');
    served = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const deploy = (app: string, sql: string) => call(served!, 'POST', '/apps', { app, baseDir: dir, files: { [`${app}.sql`]: sql } });

  test('--kafka needs host:port brokers (a usage error otherwise, before anything starts)', async () => {
    const bad = await velo(['serve', '--state', state, '--kafka', 'localhost']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^velo serve: --kafka needs host:port\[,host:port…\], got 'localhost'\n/);
    expect(fs.existsSync(path.join(state, 'runner.json'))).toBe(false);
  });

  test('every call but /health needs the token: missing or wrong → 401 with nothing else said', async () => {
    served = await serve(state);
    expect((await call(served, 'GET', '/health', undefined, null)).status).toBe(200);
    for (const token of [null, 'wrong', `${served.token}x`]) {
      const res = await call(served, 'GET', '/apps', undefined, token);
      expect(res.status).toBe(401);
      expect(res.body).toBeNull();
    }
    const metrics = await fetch(`${served.url}/metrics`);
    expect(metrics.status).toBe(401);
    expect((await call(served, 'GET', '/apps')).status).toBe(200);
    expect(fs.statSync(path.join(state, 'token')).mode & 0o777).toBe(0o600);
  });

  test('an invalid app is refused with positioned diagnostics; nothing is deployed', async () => {
    served = await serve(state);
    const res = await deploy('broken', 'CREATE STREAM x AS SELEC id FROM y;');
    expect(res.status).toBe(400);
    expect(res.body.diagnostics[0]).toMatchObject({ severity: 'error', line: 1 });
    expect((await call(served, 'GET', '/apps')).body.apps).toEqual([]);
  });

  test('SIGKILL mid-stream, restart: the file job resumes from its position, the chained app reruns; outputs complete, no duplicates', async () => {
    const input = path.join(dir, 'orders.csv');
    appendOrders(input, 0, 2000);
    served = await serve(state);
    expect((await deploy('orders', ordersSql(10))).status).toBe(201);
    expect((await deploy('chain', chainSql)).status).toBe(201);

    const bigOrders = path.join(dir, 'out', 'big_orders.csv');
    await waitFor(() => outputIds(bigOrders).length === idsWhere(2000, (id) => amountOf(id) > 10).length);
    const jobs = await velo(['jobs', '--state', state]);
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toMatch(/big_orders\s+orders v1\s+running/);
    expect(jobs.stdout).toMatch(/doubled_out\s+chain v1\s+running/);

    // Keep appending while the runner works, and kill it without warning part-way through.
    const positions = path.join(state, 'apps', 'orders', 'v1', 'positions.json');
    await waitFor(() => fs.existsSync(positions) && JSON.parse(fs.readFileSync(positions, 'utf8'))['big_orders/orders']?.offset === 2000);
    for (let from = 2000; from < 6000; from += 500) {
      appendOrders(input, from, from + 500);
      await new Promise((r) => setTimeout(r, 60));
    }
    await kill(served.child, 'SIGKILL');
    const recorded = JSON.parse(fs.readFileSync(positions, 'utf8'))['big_orders/orders'].offset as number;
    expect(recorded).toBeGreaterThanOrEqual(2000);
    appendOrders(input, 6000, 8000);

    served = await serve(state);
    const expected = idsWhere(8000, (id) => amountOf(id) > 10);
    await waitFor(() => outputIds(bigOrders).length >= expected.length);
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would land after the last expected row
    expect(outputIds(bigOrders)).toEqual(expected);
    const doubled = path.join(dir, 'out', 'doubled.csv');
    const expectedDoubled = idsWhere(8000, (id) => amountOf(id) * 2 > 30);
    await waitFor(() => outputIds(doubled).length >= expectedDoubled.length);
    expect(outputIds(doubled)).toEqual(expectedDoubled);
    const app = (await call(served, 'GET', '/apps/orders')).body;
    expect(app).toMatchObject({ name: 'orders', version: 1, status: 'running' });
    // The resumed run read only what came after its recorded position.
    const job = app.jobs.find((j: { name: string }) => j.name === 'big_orders');
    expect(job.progress.recordsIn).toBe(8000 - recorded);
  });

  test('a second deploy is version 2; rollback returns to version 1; stop and the output API', async () => {
    const input = path.join(dir, 'orders.csv');
    appendOrders(input, 0, 500);
    served = await serve(state);
    const bigOrders = path.join(dir, 'out', 'big_orders.csv');
    await deploy('orders', ordersSql(10));
    await waitFor(() => outputIds(bigOrders).length === idsWhere(500, (id) => amountOf(id) > 10).length);

    const v2 = await deploy('orders', ordersSql(20));
    expect(v2.body).toMatchObject({ name: 'orders', version: 2, versions: [1, 2] });
    await waitFor(() => JSON.stringify(outputIds(bigOrders)) === JSON.stringify(idsWhere(500, (id) => amountOf(id) > 20)));
    const output = await call(served, 'GET', '/jobs/big_orders/output?limit=3');
    expect(output.body.rows).toHaveLength(3);
    expect(output.body.rows.every((r: { amount: number }) => r.amount > 20)).toBe(true);

    const rolled = await velo(['rollback', 'orders', '--state', state]);
    expect(rolled.stdout).toBe('orders: now running version 1\n');
    await waitFor(() => JSON.stringify(outputIds(bigOrders)) === JSON.stringify(idsWhere(500, (id) => amountOf(id) > 10)));
    expect((await call(served, 'GET', '/apps/orders')).body).toMatchObject({ version: 1, versions: [1, 2], status: 'running' });
    const noEarlier = await velo(['rollback', 'orders', '--state', state]);
    expect(noEarlier.code).toBe(1);
    expect(noEarlier.stderr).toMatch(/no version before 1/);

    expect((await velo(['stop', 'big_orders', '--state', state])).stdout).toBe('stopped big_orders\n');
    await waitFor(async () => (await call(served!, 'GET', '/jobs')).body.jobs.find((j: { name: string }) => j.name === 'big_orders')?.status === 'stopped');
    expect((await call(served, 'POST', '/jobs/nope/stop')).status).toBe(404);
    expect((await call(served, 'DELETE', '/apps/orders')).status).toBe(200);
    expect((await call(served, 'GET', '/apps/orders')).status).toBe(404);
    expect(fs.existsSync(path.join(state, 'apps', 'orders'))).toBe(false);
  });

  test('a job that fails is restarted with backoff and recovers; velo deploy packages and deploys a .sql file', async () => {
    fs.rmSync(path.join(dir, 'orders.csv'));
    served = await serve(state);
    const sqlFile = path.join(dir, 'orders.sql');
    fs.writeFileSync(sqlFile, ordersSql(10).replace("'orders.watch' = 'true',", ''));
    const dry = await velo(['deploy', sqlFile, '--state', state, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^orders: 1 job\(s\), 0 metric\(s\), 0 alert\(s\), 1 panel\(s\); files in .*deploy\/orders\n$/);
    expect((await call(served, 'GET', '/apps')).body.apps).toEqual([]);
    const deployed = await velo(['deploy', sqlFile, '--state', state]);
    expect(deployed.stdout).toMatch(/orders: deployed as version 1 to http:\/\/127\.0\.0\.1:\d+\n$/);
    const restarting = await waitFor(async () => {
      const app = (await call(served!, 'GET', '/apps/orders')).body;
      return app.status === 'restarting' ? app : null;
    });
    expect(restarting.error).toMatch(/file not found/);
    fs.writeFileSync(path.join(dir, 'orders.csv'), 'id,amount\n1,50\n2,5\n');
    await waitFor(async () => (await call(served!, 'GET', '/apps/orders')).body.status === 'completed');
    expect(outputIds(path.join(dir, 'out', 'big_orders.csv'))).toEqual([1]);
  });
});
