/**
 * Observability end to end (deploy spec §2), with Debian's real Prometheus and Alertmanager on
 * 127.0.0.1 and temp dirs:
 *
 *  1. `velo serve` runs; `velo deploy` packages and deploys an app with an @metric gauge, a
 *     conditional @metric counter and an @alert;
 *  2. `promtool check metrics` on the runner's /metrics (fetched with the token), `check rules`
 *     on alerts.yml and the dashboard expressions, `test rules` on the generated test file;
 *  3. Prometheus, started with the generated prometheus.yml (intervals cut to 1 s), scrapes the
 *     runner with its token: the job's counters and the gauge appear through its HTTP API;
 *  4. a record drives the @alert condition true; the alert reaches this script's webhook
 *     receiver through Alertmanager.
 *
 * Exit 0 when every step held. Needs the built engine (`tsc -b`).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const VELO = path.join(ROOT, 'engine', 'bin', 'velo.js');
const YAML = createRequire(path.join(ROOT, 'engine', 'package.json'))('yaml');
const STEP_TIMEOUT_MS = 60_000;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-observe-'));
const children = [];
const started = Date.now();
const say = (text) => process.stderr.write(`[observe-e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}\n`);

function start(name, command, args, options = {}) {
  const log = fs.openSync(path.join(work, `${name}.log`), 'w');
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', log], ...options });
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d.toString()));
  child.name = name;
  children.push(child);
  return child;
}

async function waitFor(what, probe, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(command, args, input) {
  const result = spawnSync(command, args, { cwd: work, input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Installs Debian's prometheus and prometheus-alertmanager when they are missing. */
function ensurePackages() {
  const missing = ['prometheus', 'prometheus-alertmanager', 'promtool'].filter((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0);
  if (missing.length === 0) return;
  say(`installing Debian prometheus and prometheus-alertmanager (missing: ${missing.join(', ')})`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  for (const args of [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', 'prometheus', 'prometheus-alertmanager']]) {
    const r = spawnSync(sudo[0] ?? args[0], [...sudo.slice(1), ...(sudo.length ? args : args.slice(1))], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed`);
  }
}

const APP_SQL = `-- SQL Application: market
-- @metric: velo_trade_price
-- @metric_type: gauge
-- @metric_help: "Last traded price"
-- @metric_labels: symbol
-- @metric_field: price
-- @metric: velo_big_trades_total
-- @metric_type: counter
-- @metric_help: "Trades above 100"
-- @metric_labels: symbol
-- @metric_condition: price > 100
-- @alert: price > 500
-- @alert_for: 1s
-- @alert_severity: critical
-- @alert_summary: price spike
CREATE STREAM priced AS SELECT id, symbol, price FROM trades
WITH ('trades.type' = 'file_source', 'trades.path' = './trades.csv', 'trades.format' = 'csv', 'trades.watch' = 'true',
      'priced.type' = 'file_sink', 'priced.path' = './out/priced.csv', 'priced.format' = 'csv');
`;

async function promQuery(promUrl, query) {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = await res.json();
  return body.data?.result ?? [];
}

async function main() {
  ensurePackages();
  const state = path.join(work, 'state');
  fs.writeFileSync(path.join(work, 'trades.csv'), 'id,symbol,price\n1,AAPL,120\n2,MSFT,90\n3,AAPL,150\n');
  fs.writeFileSync(path.join(work, 'market.sql'), APP_SQL);

  const runner = start('runner', process.execPath, [VELO, 'serve', '--state', state, '--port', '0']);
  const runnerUrl = await waitFor('the runner to listen', () => /listening on (http:\/\/\S+)/.exec(runner.output)?.[1]);
  const token = fs.readFileSync(path.join(state, 'token'), 'utf8').trim();
  say(`runner at ${runnerUrl}`);
  const deployed = run(process.execPath, [VELO, 'deploy', 'market.sql', '--state', state]);
  say(deployed.trim());
  const artifacts = path.join(work, 'deploy', 'market');

  // promtool on the live exposition and the generated files.
  await waitFor('the job metrics', async () => (await (await fetch(`${runnerUrl}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text()).includes('velo_trade_price{'));
  const exposition = await (await fetch(`${runnerUrl}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text();
  run('promtool', ['check', 'metrics'], exposition);
  run('promtool', ['check', 'rules', path.join(artifacts, 'alerts.yml'), path.join(artifacts, 'dashboard.exprs.yml')]);
  run('promtool', ['test', 'rules', path.join(artifacts, 'alerts.test.yml')]);
  say('promtool check metrics, check rules and test rules pass');

  // The webhook receiver Alertmanager delivers to.
  const received = [];
  const webhookPort = await freePort();
  const webhook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise((r) => webhook.listen(webhookPort, '127.0.0.1', r));

  const amPort = await freePort();
  const amConfig = path.join(work, 'alertmanager.yml');
  fs.writeFileSync(amConfig, YAML.stringify({
    route: { receiver: 'test', group_wait: '1s', group_interval: '1s', repeat_interval: '1h' },
    receivers: [{ name: 'test', webhook_configs: [{ url: `http://127.0.0.1:${webhookPort}/alerts`, send_resolved: false }] }],
  }));
  start('alertmanager', 'prometheus-alertmanager', [`--config.file=${amConfig}`, `--storage.path=${path.join(work, 'am-data')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=']);
  await waitFor('Alertmanager to be ready', async () => (await fetch(`http://127.0.0.1:${amPort}/-/ready`)).ok);

  // The generated prometheus.yml, with 1 s intervals and this Alertmanager.
  const promConfig = YAML.parse(fs.readFileSync(path.join(artifacts, 'prometheus.yml'), 'utf8'));
  promConfig.global = { scrape_interval: '1s', evaluation_interval: '1s' };
  promConfig.rule_files = [path.join(artifacts, 'alerts.yml')];
  promConfig.alerting = { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] };
  const promConfigFile = path.join(work, 'prometheus.yml');
  fs.writeFileSync(promConfigFile, YAML.stringify(promConfig));
  run('promtool', ['check', 'config', promConfigFile]);
  const promPort = await freePort();
  const promUrl = `http://127.0.0.1:${promPort}`;
  start('prometheus', 'prometheus', [`--config.file=${promConfigFile}`, `--storage.tsdb.path=${path.join(work, 'prom-data')}`, `--web.listen-address=127.0.0.1:${promPort}`]);
  await waitFor('Prometheus to be ready', async () => (await fetch(`${promUrl}/-/ready`)).ok);

  await waitFor('the job counters in Prometheus', async () => {
    const r = await promQuery(promUrl, 'velo_job_records_in_total{app="market",job="priced"}');
    return r.length === 1 && Number(r[0].value[1]) === 3;
  });
  await waitFor('the @metric gauge in Prometheus', async () => {
    const r = await promQuery(promUrl, 'velo_trade_price{app="market",symbol="AAPL"}');
    return r.length === 1 && Number(r[0].value[1]) === 150;
  });
  await waitFor('the conditional @metric counter in Prometheus', async () => {
    const r = await promQuery(promUrl, 'sum(velo_big_trades_total{app="market"})');
    return r.length === 1 && Number(r[0].value[1]) === 2;
  });
  say('Prometheus scraped the runner with its token: job counters, @metric gauge and counter visible');
  if (received.length > 0) throw new Error('an alert arrived before its condition was true');

  fs.appendFileSync(path.join(work, 'trades.csv'), '4,TSLA,900\n');
  const alert = await waitFor('the @alert at the webhook through Alertmanager', () => received.flatMap((m) => m.alerts).find((a) => a.labels.alertname === 'priced_alert_1' && a.status === 'firing'));
  if (alert.labels.severity !== 'critical' || alert.labels.job !== 'priced') throw new Error(`unexpected alert labels ${JSON.stringify(alert.labels)}`);
  say(`alert ${alert.labels.alertname} (${alert.labels.severity}) reached the webhook receiver`);
  webhook.close();
}

// Interrupted (Ctrl-C, a CI timeout): the servers this script started go with it.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    process.exit(1);
  });
}

let status = 0;
try {
  await main();
  say('observability e2e passed');
} catch (e) {
  status = 1;
  process.stderr.write(`observability e2e FAILED: ${e.message}\n`);
  for (const c of children) {
    const log = path.join(work, `${c.name}.log`);
    if (fs.existsSync(log)) process.stderr.write(`--- ${c.name} log (tail)\n${fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}\n`);
  }
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(status);
