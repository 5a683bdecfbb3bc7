/**
 * `%%deploy` (kernel spec §4.6): what the notebook built becomes artifacts and, with
 * `--target local --yes`, jobs in a real job runner (started by the magic, stopped here).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MessageHeader } from '../protocol/messages';
import { newExecutor, plain, runCell } from '../../test/helpers/cell';

jest.setTimeout(90_000);

let dir: string;
const previousState = process.env.VELOSTREAM_RUNNER_STATE;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-deploy-magic-'));
  process.env.VELOSTREAM_RUNNER_STATE = path.join(dir, 'runner');
  fs.writeFileSync(path.join(dir, 'orders.csv'), 'id,amount\n1,5\n2,50\n3,500\n');
});

afterEach(() => {
  const info = path.join(dir, 'runner', 'runner.json');
  if (fs.existsSync(info)) process.kill(JSON.parse(fs.readFileSync(info, 'utf8')).pid, 'SIGKILL');
  if (previousState === undefined) delete process.env.VELOSTREAM_RUNNER_STATE;
  else process.env.VELOSTREAM_RUNNER_STATE = previousState;
  fs.rmSync(dir, { recursive: true, force: true });
});

const pipelineCell = () => `-- @metric: velo_order_amount
-- @metric_type: gauge
-- @metric_field: amount
-- @alert: amount > 400
CREATE STREAM big_orders AS SELECT id, amount FROM orders WHERE amount > 10
WITH ('orders.type' = 'file_source', 'orders.path' = '${dir}/orders.csv', 'orders.format' = 'csv',
      'big_orders.type' = 'file_sink', 'big_orders.path' = '${dir}/out/big.csv', 'big_orders.format' = 'csv');`;

describe('%%deploy', () => {
  it('with nothing built it says so', async () => {
    const { executor } = newExecutor();
    const run = await runCell(executor, '%%deploy --dry-run');
    expect(run.outcome).toMatchObject({ ename: 'MagicError', evalue: expect.stringContaining('nothing to deploy') });
  });

  it('--dry-run writes the app (header, annotations kept, previews left out), alerts, dashboard and manifest', async () => {
    const { executor } = newExecutor();
    expect((await runCell(executor, pipelineCell())).outcome.status).toBe('ok');
    await runCell(executor, `SELECT * FROM orders WITH ('orders.type' = 'file_source', 'orders.path' = '${dir}/orders.csv', 'orders.format' = 'csv');`);
    const out = path.join(dir, 'artifacts');
    const run = await runCell(executor, `%%deploy --name shop --out ${out} --dry-run\nversion: 2.0.0\nalerts:\n  - {name: RunnerDown, expr: "velo_job_up == 0", for: 1m, severity: critical}\n`);
    expect(run.outcome.status).toBe('ok');
    const text = plain(run.outputs[0]);
    expect(text).toContain('%%deploy shop: dry run: written and validated, not deployed');
    expect(text).toContain('big_orders: orders → big_orders (file_sink)');
    expect(text).toContain('velo_order_amount (gauge, job big_orders)');
    expect(text).toContain('RunnerDown: velo_job_up == 0 for 60s (critical)');
    const sql = fs.readFileSync(path.join(out, 'shop.sql'), 'utf8');
    expect(sql.startsWith('-- SQL Application: shop\n-- Version: 2.0.0\n')).toBe(true);
    expect(sql).toContain('-- @metric: velo_order_amount');
    expect(sql).not.toMatch(/SELECT \* FROM orders/);
    expect(fs.readdirSync(out).sort()).toEqual(['alerts.test.yml', 'alerts.yml', 'dashboard.exprs.yml', 'deploy.json', 'prometheus.yml', 'shop.dashboard.json', 'shop.sql']);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'deploy.json'), 'utf8')).jobs).toEqual([{ name: 'big_orders', sources: ['orders'], sink: 'big_orders', sinkType: 'file_sink' }]);
  });

  it('a passing %%test cell becomes <app>.test.yaml', async () => {
    const { executor } = newExecutor();
    await runCell(executor, pipelineCell());
    await runCell(executor, '%%schema trades\nfields:\n  - {name: symbol, type: string}\n  - {name: price, type: integer, constraints: {range: {min: 1, max: 9}}}\n');
    const test = await runCell(executor, '%%test --records 20\n-- @assert: record_count > 0\nCREATE STREAM cheap AS SELECT symbol, price FROM trades WHERE price < 100;');
    expect(test.outcome.status).toBe('ok');
    const out = path.join(dir, 'a');
    await runCell(executor, `%%deploy --name shop --out ${out} --dry-run`);
    const spec = fs.readFileSync(path.join(out, 'shop.test.yaml'), 'utf8');
    expect(spec).toContain('application: shop');
    expect(spec).toMatch(/- name: cheap\n\s+inputs:\n\s+- source: trades\n\s+schema: trades\n\s+records: 20\n\s+assertions:\n\s+- type: record_count/);
  });

  it('--target without --yes needs confirmation when stdin is not allowed', async () => {
    const { executor } = newExecutor();
    await runCell(executor, pipelineCell());
    const run = await runCell(executor, `%%deploy --target local --out ${dir}/o`, { allowStdin: false });
    expect(run.outcome).toMatchObject({ ename: 'MagicError', evalue: expect.stringContaining('confirmation needed: add --yes') });
  });

  it('--target local --yes starts a runner and deploys; %jobs --deployed and the catalog comm list the job', async () => {
    const { executor, comms, commMessages } = newExecutor();
    await runCell(executor, pipelineCell());
    const run = await runCell(executor, `%%deploy --name shop --target local --yes --out ${dir}/o`);
    expect(run.outcome.status).toBe('ok');
    expect(plain(run.outputs[0])).toMatch(/^%%deploy shop: deployed to http:\/\/127\.0\.0\.1:\d+ \(local\) as version 1/);
    const jobs = await runCell(executor, '%jobs --deployed');
    expect(plain(jobs.outputs[0])).toMatch(/big_orders \| shop +\| +1 \| (running|completed)/);
    expect(fs.readFileSync(path.join(dir, 'o', 'prometheus.yml'), 'utf8')).toContain(`credentials_file: ${path.join(dir, 'runner', 'token')}`);
    await comms.handleOpen({ comm_id: 'c1', target_name: 'velostream.catalog', data: { v: 1 } }, [], { msg_id: 'o', msg_type: 'comm_open' } as MessageHeader);
    for (let i = 0; i < 100 && commMessages.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const catalog = (commMessages[0].data as { catalog: { deployed_jobs: unknown[] } }).catalog;
    expect(catalog.deployed_jobs).toEqual([expect.objectContaining({ name: 'big_orders', app: 'shop', version: 1, records_in: expect.any(Number) })]);
    await comms.handleClose({ comm_id: 'c1' }, [], { msg_id: 'c', msg_type: 'comm_close' } as MessageHeader);
  });
});
