import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { captureCli } from './testing';
import { main as velo } from './velo';
import { main as veloTest } from './velo-test';
import { parseSchema } from '../harness/generator/load-schema';
import type { Schema } from '../harness/generator/schema';
import { catalogFromSchemas } from '../ai/nl/catalog';
import { generateApp } from '../ai/app/generate-app';
import { writeApp } from '../ai/app/write-app';
import { fakeMessagesServer } from '../ai/fake-messages-server';

// The user's own schemas: names unlike any template's defaults.
const YAML: Record<string, string> = {
  ticks: 'name: ticks\nfields:\n  - {name: ticker, type: string, constraints: {enum_values: {values: [ABC, XYZ, QQQ]}}}\n  - {name: last_px, type: float, constraints: {range: {min: 10, max: 20}}}\n  - {name: shares, type: integer, constraints: {range: {min: 1, max: 500}}}\n  - {name: trade_ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}\n',
  telemetry: 'name: telemetry\nfields:\n  - {name: device_id, type: string, constraints: {enum_values: {values: [D1, D2, D3]}}}\n  - {name: site, type: string, constraints: {enum_values: {values: [north, south]}}}\n  - {name: temp_c, type: float, constraints: {range: {min: -10, max: 60}}}\n  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}\n',
  transactions: 'name: transactions\nfields:\n  - {name: card_number, type: string, constraints: {enum_values: {values: [C1, C2, C3, C4]}}}\n  - {name: merchant, type: string, constraints: {enum_values: {values: [acme, globex]}}}\n  - {name: amount_usd, type: {decimal: {precision: 2}}, constraints: {range: {min: 1, max: 900}}}\n  - {name: created_at, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}\n',
  web_events: 'name: web_events\nfields:\n  - {name: visitor_id, type: integer, constraints: {range: {min: 1, max: 50}}}\n  - {name: url, type: string, constraints: {enum_values: {values: [/home, /cart, /pay]}}}\n  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}\n',
  requests: 'name: requests\nfields:\n  - {name: service_name, type: string, constraints: {enum_values: {values: [api, auth]}}}\n  - {name: response_time_ms, type: integer, constraints: {range: {min: 5, max: 2000}}}\n  - {name: status_code, type: integer, constraints: {enum_values: {values: [200, 404, 500]}}}\n  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}\n',
};
const schemas = new Map<string, Schema>(Object.entries(YAML).map(([name, text]) => [name, parseSchema(text, `${name}.schema.yaml`).schema!]));
const catalog = catalogFromSchemas([...schemas.values()]);

describe('app generation from a request', () => {
  test.each([
    ['trading analytics on my ticks with vwap every 5 minutes', 'trading', 'ticks', { symbol: 'ticker', price: 'last_px', volume: 'shares', time: 'trade_ts' }, ['market_vwap', 'price_moves']],
    ['monitor device temperature every minute', 'iot', 'telemetry', { device: 'device_id', reading: 'temp_c', location: 'site', time: 'ts' }, ['device_stats', 'device_alerts']],
    ['fraud detection on my transactions: flag cards with more than 5 purchases a minute and alert on it', 'fraud', 'transactions', { card: 'card_number', amount: 'amount_usd', merchant: 'merchant', time: 'created_at' }, ['card_velocity', 'flagged_cards']],
    ['clickstream sessions with a 2 minute inactivity gap', 'clickstream', 'web_events', { user: 'visitor_id', page: 'url', time: 'ts' }, ['user_sessions', 'page_views']],
    ['service latency and error observability', 'observability', 'requests', { service: 'service_name', latency: 'response_time_ms', status: 'status_code', time: 'ts' }, ['service_latency', 'service_errors']],
  ])('%s → %s template on %s; the app validates and its spec passes velo-test run', async (request, template, source, mapping, statements) => {
    const outcome = generateApp(request, catalog, schemas);
    if (!outcome.ok) throw new Error(outcome.error);
    const { app } = outcome;
    expect(app).toMatchObject({ template: { id: template }, source, mapping, valid: true, questions: [] });
    for (const s of statements) expect(app.sql).toContain(`CREATE STREAM ${s} AS`);
    expect(app.sql).toMatch(/^-- SQL Application: /);
    expect(app.sql).toMatch(/-- @(metric|alert|viz): /);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-app-'));
    const written = writeApp(app, dir);
    expect(written).toMatchObject({ ok: true });
    const run = await captureCli((io) => veloTest(['run', path.join(app.name, `${app.name}.sql`), '-o', 'json'], io), dir);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ total: statements.length, passed: statements.length, failed_assertions: 0 });
    expect(run.code).toBe(0);
    const notebook = JSON.parse(fs.readFileSync(path.join(dir, `${app.name}.ipynb`), 'utf8'));
    const sources = notebook.cells.map((c: { source: string[] }) => c.source.join(''));
    expect(sources).toContainEqual(expect.stringMatching(new RegExp(`^%%schema ${source}\\n`)));
    expect(sources.filter((s: string) => s.startsWith('%%test'))).toHaveLength(statements.length);
  }, 60_000); // each case runs a whole velo-test session; slow on a loaded 2-core machine

  test('the request sets the window and the threshold', () => {
    const outcome = generateApp('fraud on transactions: more than 12 purchases every 10 minutes', catalog, schemas);
    expect(outcome.ok && outcome.app.sql).toContain("WINDOW TUMBLING(created_at, INTERVAL '10' MINUTE)");
    expect(outcome.ok && outcome.app.sql).toContain('WHERE purchases > 12');
  });

  test('an ambiguous mapping asks with the candidates; "role=column" in the request decides', () => {
    const quotes = parseSchema('name: quotes\nfields:\n  - {name: symbol, type: string}\n  - {name: bid_price, type: float}\n  - {name: ask_price, type: float}\n  - {name: size, type: integer}\n  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}\n', 'q').schema!;
    const only = new Map([['quotes', quotes]]);
    const asked = generateApp('trading vwap on quotes', catalogFromSchemas([quotes]), only);
    expect(asked.ok && asked.app.questions).toEqual(['price: used bid_price; candidates bid_price, ask_price — add "price=<column>" to the request to choose']);
    const chosen = generateApp('trading vwap on quotes price=ask_price', catalogFromSchemas([quotes]), only);
    expect(chosen.ok && chosen.app).toMatchObject({ mapping: { price: 'ask_price' }, questions: [] });
  });

  test('velo init --from-prompt writes the app, its spec, schema and notebook; an existing app needs -y', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-init-'));
    fs.mkdirSync(path.join(dir, 'schemas'));
    fs.writeFileSync(path.join(dir, 'schemas', 'transactions.schema.yaml'), YAML.transactions);
    const first = await captureCli((io) => velo(['init', '--from-prompt', 'flag cards with more than 5 purchases a minute'], io), dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('- template: Fraud detection (fraud) on stream transactions');
    for (const f of ['fraud_transactions/fraud_transactions.sql', 'fraud_transactions/fraud_transactions.test.yaml', 'fraud_transactions/schemas/transactions.schema.yaml', 'fraud_transactions.ipynb']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
    const again = await captureCli((io) => velo(['init', '--from-prompt', 'flag cards with more than 5 purchases a minute'], io), dir);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already exist; choose another name or overwrite (pass -y to overwrite)') });
  });

  test('with a key, Claude picks template, stream and columns (one repair round); the app is built from the template', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-init-claude-'));
    fs.mkdirSync(path.join(dir, 'schemas'));
    fs.writeFileSync(path.join(dir, 'schemas', 'quotes.schema.yaml'), 'name: quotes\nfields:\n  - {name: symbol, type: string}\n  - {name: bid_price, type: float}\n  - {name: ask_price, type: float}\n  - {name: size, type: integer}\n  - {name: ts, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: "now"}}}\n');
    const good = '{"template": "trading", "source": "quotes", "mapping": {"symbol": "symbol", "price": "ask_price", "volume": "size", "time": "ts"}}';
    const server = await fakeMessagesServer([{ text: '{"template": "trading", "source": "quotes", "mapping": {"symbol": "sym"}}' }, { text: `Here: ${good}` }]);
    try {
      const env = { ANTHROPIC_API_KEY: 'sk-app', ANTHROPIC_BASE_URL: server.url };
      const run = await captureCli((io) => velo(['init', '--from-prompt', 'vwap on the ask side of my quotes'], io), dir, env);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('- template: Trading analytics (trading) on stream quotes (chosen by Claude)');
      expect(run.stdout).toContain('price → ask_price');
      expect(server.seen).toHaveLength(2);
      expect(server.seen[0].body.messages[0].content).toContain('- trading (Trading analytics): symbol key, price numeric, volume numeric, time time');
      expect(server.seen[1].body.messages[2].content).toMatch(/cannot be used: quotes has no column 'sym' \(for symbol\); role 'price' is not mapped/);
      const sql = fs.readFileSync(path.join(dir, 'trading_quotes', 'trading_quotes.sql'), 'utf8');
      expect(sql).toContain('SUM(ask_price * size) / SUM(size) AS vwap');
    } finally {
      await server.close();
    }
  });

  test("Claude's choice still unusable after the repair round → exit 1 with the reason", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-init-claude-'));
    fs.mkdirSync(path.join(dir, 'schemas'));
    fs.writeFileSync(path.join(dir, 'schemas', 'transactions.schema.yaml'), YAML.transactions);
    const server = await fakeMessagesServer([{ text: 'I would use the fraud one.' }]);
    try {
      const run = await captureCli((io) => velo(['init', '--from-prompt', 'fraud'], io), dir, { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
      expect(run).toMatchObject({ code: 1, stderr: "velo init: Claude's app choice is still unusable after one repair round: no JSON object in the answer\n" });
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  test('no fitting stream is a clear error naming what each template needs', () => {
    const bare = parseSchema('name: notes\nfields:\n  - {name: text, type: string}\n', 'n').schema!;
    const outcome = generateApp('fraud detection', catalogFromSchemas([bare]), new Map([['notes', bare]]));
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('Fraud detection needs card, amount') });
  });
});
