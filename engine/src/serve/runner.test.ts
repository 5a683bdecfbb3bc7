/**
 * Version replacement in the runner's model (deploy spec §1 "versions"): the new version's jobs
 * start before the old ones stop, unless both write the same file. The HTTP API, SIGKILL resume
 * and rollback through the CLI are tested in cli/commands/serve.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Runner } from './runner';

let dir: string;
let runner: Runner;
let events: Array<Record<string, unknown>>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-runner-'));
  fs.writeFileSync(path.join(dir, 'orders.csv'), 'id,amount\n1,50\n2,5\n3,70\n');
  events = [];
  runner = new Runner({ stateDir: path.join(dir, 'state'), checkpointMs: 100, log: (line) => events.push(JSON.parse(line)) });
});

afterEach(async () => {
  await runner.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A watched (never-ending) file source filtered into `out/<sink>.csv`. */
const app = (sink: string, min: number) => ({
  app: 'orders',
  baseDir: dir,
  files: {
    'orders.sql': `CREATE STREAM big AS SELECT id, amount FROM orders WHERE amount > ${min}
WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv', 'orders.watch' = 'true',
      'big.type' = 'file_sink', 'big.path' = './out/${sink}.csv', 'big.format' = 'csv');`,
  },
});

async function waitFor(probe: () => boolean): Promise<void> {
  for (let waited = 0; !probe(); waited += 50) {
    if (waited > 30_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lines = (sink: string) => {
  const file = path.join(dir, 'out', `${sink}.csv`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
};
const index = (match: (e: Record<string, unknown>) => boolean) => events.findIndex(match);

test('a new version writing other files starts before the old one stops', async () => {
  await runner.deploy(app('v1', 10));
  await waitFor(() => lines('v1').length === 3);
  const v2 = await runner.deploy(app('v2', 60));
  expect(v2).toMatchObject({ version: 2, status: 'running' });
  await waitFor(() => lines('v2').length === 2);
  const v2Running = index((e) => e.event === 'app' && e.version === 2 && e.status === 'running');
  const v1JobEnded = index((e) => e.event === 'job' && e.version === 1);
  expect(v2Running).toBeGreaterThanOrEqual(0);
  expect(v1JobEnded).toBeGreaterThan(v2Running);
  expect(events[index((e) => e.status === 'replaced')]).toMatchObject({ app: 'orders', version: 1, by: 2 });
  expect(runner.jobs().map((j) => `${j.name} v${j.version} ${j.status}`)).toEqual(['big v2 running']);
});

test('versions that write the same file do not overlap: the old one stops first', async () => {
  await runner.deploy(app('same', 10));
  await waitFor(() => lines('same').length === 3);
  await runner.deploy(app('same', 60));
  await waitFor(() => lines('same').length === 2);
  const v1JobEnded = index((e) => e.event === 'job' && e.version === 1);
  const v2Running = index((e) => e.event === 'app' && e.version === 2 && e.status === 'running');
  expect(v1JobEnded).toBeGreaterThanOrEqual(0);
  expect(v2Running).toBeGreaterThan(v1JobEnded);
  // Rewritten by version 2 alone: a header and its one row (amount 70).
  expect(lines('same')).toHaveLength(2);
  expect(lines('same')[1].split(',').sort()).toEqual(['3', '70']);
});

test('a windowed job resumes after a runner restart from its oldest open window, not from the start', async () => {
  // 10-second tumbling counts over event time `ts` (seconds 0 … 59, one record per second).
  const events = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${from + i},${(from + i) * 1000}\n`).join('');
  fs.writeFileSync(path.join(dir, 'ticks.csv'), `id,ts\n${events(0, 45)}`);
  const counts = {
    app: 'ticks',
    baseDir: dir,
    files: {
      'ticks.sql': `CREATE TABLE counts AS SELECT COUNT(*) AS n, _window_start AS w FROM ticks WINDOW TUMBLING(10s) EMIT FINAL
WITH ('ticks.type' = 'file_source', 'ticks.path' = './ticks.csv', 'ticks.format' = 'csv', 'ticks.watch' = 'true', 'ticks.event.time.field' = 'ts',
      'counts.type' = 'file_sink', 'counts.path' = './out/counts.csv', 'counts.format' = 'csv');`,
    },
  };
  const positions = path.join(dir, 'state', 'apps', 'ticks', 'v1', 'positions.json');
  await runner.deploy(counts);
  // Windows [0, 40) s fired; [40, 50) is open: the recorded position is its first record, 40.
  await waitFor(() => fs.existsSync(positions) && JSON.parse(fs.readFileSync(positions, 'utf8'))['counts/ticks']?.offset === 40);
  await runner.shutdown();

  fs.appendFileSync(path.join(dir, 'ticks.csv'), events(45, 60) + `999,${200_000}\n`);
  runner = new Runner({ stateDir: path.join(dir, 'state'), checkpointMs: 100 });
  runner.resumeAll();
  await waitFor(() => lines('counts').length === 7);
  const rows = lines('counts');
  const columns = rows[0].split(',');
  const windows = rows.slice(1).map((r) => Object.fromEntries(r.split(',').map((v, i) => [columns[i], Number(v)])));
  expect(windows.map((w) => [w.w / 1000, w.n])).toEqual([[0, 10], [10, 10], [20, 10], [30, 10], [40, 10], [50, 10]]);
  // The resumed run read the 20 records after position 40 (and the closing one), not all 61.
  expect(runner.jobs()[0].progress.recordsIn).toBe(21);
});
