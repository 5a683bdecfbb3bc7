/**
 * The app templates (product design: trading analytics, IoT sensor monitoring, fraud detection,
 * clickstream sessions, service observability). Each names the roles it needs and builds its
 * statements from the columns those roles were mapped to: windows, derived streams, `@metric`,
 * `@alert` and `@viz` annotations, and test assertions that hold on seeded synthetic data.
 */
import type { NlSource } from '../nl/catalog';
import { intervalText, type Interval } from '../nl/query-model';
import type { Role } from './roles';

export interface AppParams {
  source: NlSource;
  /** Role → column name. */
  col: Record<string, string>;
  window: Interval;
  /** Session inactivity gap (clickstream). */
  gap: Interval;
  /** A threshold the request named ("more than 5 purchases"), else null. */
  threshold: number | null;
}

export interface AppStatement {
  name: string;
  annotations: string[];
  /** `CREATE STREAM name AS SELECT … EMIT …` without WITH. */
  body: string;
  /** Source names this statement reads: the app's source, or earlier statements. */
  reads: string[];
  assertions: Record<string, unknown>[];
  /** One line for the notebook and the explanation. */
  purpose: string;
}

export interface AppTemplate {
  id: string;
  title: string;
  keywords: readonly string[];
  roles: readonly Role[];
  build(p: AppParams): AppStatement[];
}

const TIME: Role = { name: 'time', type: 'time', names: ['event_time', 'timestamp', 'ts', 'time'] };
const interval = (i: Interval) => `INTERVAL '${i.n}' ${i.unit}`;
const tumbling = (p: AppParams) => `WINDOW TUMBLING(${p.col.time}, ${interval(p.window)})`;
const rangeMax = (p: AppParams, role: string, fallback: number) => p.source.columns.find((c) => c.name === p.col[role])?.range?.max ?? fallback;
const round = (n: number) => Math.round(n * 100) / 100;
const count = (op: 'greater_than', value: number) => ({ type: 'record_count', [op]: value });
const noNulls = (...fields: string[]) => ({ type: 'no_nulls', fields });
const fieldValues = (field: string, operator: string, value: number) => ({ type: 'field_values', field, operator, value });

const trading: AppTemplate = {
  id: 'trading',
  title: 'Trading analytics',
  keywords: ['trading', 'trade', 'market', 'stock', 'vwap', 'ticker', 'symbol', 'quote', 'ohlc', 'candle', 'price'],
  roles: [
    { name: 'symbol', type: 'key', names: ['symbol', 'ticker', 'instrument', 'stock', 'security', 'asset', 'pair'] },
    { name: 'price', type: 'numeric', names: ['price', 'last_price', 'trade_price', 'px', 'rate', 'close'] },
    { name: 'volume', type: 'numeric', names: ['volume', 'quantity', 'qty', 'size', 'shares', 'units'] },
    TIME,
  ],
  build(p) {
    const { symbol, price, volume } = p.col;
    const move = p.threshold ?? 5;
    return [
      {
        name: 'market_vwap',
        purpose: `volume-weighted average price, volume and range per ${symbol} per ${intervalText(p.window)}`,
        annotations: ['@metric: market_vwap', '@metric_type: gauge', '@metric_help: "VWAP per symbol"', '@metric_field: vwap', `@metric_labels: ${symbol}`, `@viz: line y=vwap series=${symbol}`],
        body: `CREATE STREAM market_vwap AS\nSELECT ${symbol}, SUM(${price} * ${volume}) / SUM(${volume}) AS vwap, SUM(${volume}) AS total_volume, MIN(${price}) AS low, MAX(${price}) AS high, COUNT(*) AS trade_count\nFROM ${p.source.name}\nGROUP BY ${symbol}\n${tumbling(p)}\nEMIT FINAL`,
        reads: [p.source.name],
        assertions: [count('greater_than', 0), noNulls(symbol), fieldValues('trade_count', 'greater_than', 0)],
      },
      {
        name: 'price_moves',
        purpose: `each ${price} against its moving average over the last 20 records of its ${symbol}; alert on a ${move}% jump`,
        annotations: [`@alert: ${price} > avg_price_20 * ${round(1 + move / 100)}`, '@alert_severity: warning', `@alert_summary: {${symbol}} trades ${move}% above its 20-tick average`],
        body: `CREATE STREAM price_moves AS\nSELECT ${symbol}, ${price}, AVG(${price}) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY ${symbol} ORDER BY ${p.col.time}) AS avg_price_20\nFROM ${p.source.name}\nEMIT CHANGES`,
        reads: [p.source.name],
        assertions: [count('greater_than', 0), noNulls(symbol)],
      },
    ];
  },
};

const iot: AppTemplate = {
  id: 'iot',
  title: 'IoT sensor monitoring',
  keywords: ['iot', 'sensor', 'device', 'telemetry', 'temperature', 'machine', 'reading', 'humidity', 'monitoring'],
  roles: [
    { name: 'device', type: 'key', names: ['sensor_id', 'device_id', 'sensor', 'device', 'machine_id', 'asset_id', 'thing_id', 'node'] },
    { name: 'reading', type: 'numeric', names: ['temperature', 'temp', 'reading', 'value', 'measurement', 'humidity', 'pressure'] },
    { name: 'location', type: 'text', names: ['location', 'site', 'zone', 'room', 'building', 'area', 'plant'], optional: true },
    TIME,
  ],
  build(p) {
    const { device, reading } = p.col;
    const limit = p.threshold ?? round(rangeMax(p, 'reading', 100) * 0.9);
    const group = p.col.location ? `${device}, ${p.col.location}` : device;
    return [
      {
        name: 'device_stats',
        purpose: `average, minimum and maximum ${reading} per ${device} per ${intervalText(p.window)}`,
        annotations: ['@metric: device_avg_reading', '@metric_type: gauge', `@metric_field: avg_${reading}`, `@metric_labels: ${device}`, `@alert: max_${reading} > ${limit}`, '@alert_severity: critical', `@alert_summary: {${device}} reached {max_${reading}}`, `@viz: line y=avg_${reading} series=${device}`],
        body: `CREATE STREAM device_stats AS\nSELECT ${group}, AVG(${reading}) AS avg_${reading}, MIN(${reading}) AS min_${reading}, MAX(${reading}) AS max_${reading}, COUNT(*) AS readings\nFROM ${p.source.name}\nGROUP BY ${group}\n${tumbling(p)}\nEMIT FINAL`,
        reads: [p.source.name],
        assertions: [count('greater_than', 0), noNulls(device), fieldValues('readings', 'greater_than', 0)],
      },
      {
        name: 'device_alerts',
        purpose: `windows whose maximum ${reading} is above ${limit}`,
        annotations: [],
        body: `CREATE STREAM device_alerts AS\nSELECT ${device}, max_${reading}, readings\nFROM device_stats\nWHERE max_${reading} > ${limit}\nEMIT CHANGES`,
        reads: ['device_stats'],
        assertions: [fieldValues(`max_${reading}`, 'greater_than', limit)],
      },
    ];
  },
};

const fraud: AppTemplate = {
  id: 'fraud',
  title: 'Fraud detection',
  keywords: ['fraud', 'card', 'transaction', 'payment', 'purchase', 'velocity', 'suspicious', 'flag', 'chargeback'],
  roles: [
    { name: 'card', type: 'key', names: ['card_id', 'card_number', 'card', 'account_id', 'account', 'customer_id', 'user_id', 'pan'] },
    { name: 'amount', type: 'numeric', names: ['amount', 'value', 'total', 'order_total', 'price', 'sum'] },
    { name: 'merchant', type: 'key', names: ['merchant', 'merchant_id', 'store', 'shop', 'vendor', 'product_id'], optional: true },
    TIME,
  ],
  build(p) {
    const { card, amount } = p.col;
    const limit = p.threshold ?? 5;
    const merchants = p.col.merchant ? `, COUNT(DISTINCT ${p.col.merchant}) AS merchants` : '';
    return [
      {
        name: 'card_velocity',
        purpose: `purchases and amount per ${card} per ${intervalText(p.window)}`,
        annotations: ['@metric: card_purchases', '@metric_type: gauge', '@metric_field: purchases', `@metric_labels: ${card}`, `@alert: purchases > ${limit}`, '@alert_severity: critical', `@alert_summary: {${card}} made {purchases} purchases in one window`, `@viz: bar y=purchases series=${card}`],
        body: `CREATE STREAM card_velocity AS\nSELECT ${card}, COUNT(*) AS purchases, SUM(${amount}) AS total_amount${merchants}\nFROM ${p.source.name}\nGROUP BY ${card}\n${tumbling(p)}\nEMIT FINAL`,
        reads: [p.source.name],
        assertions: [count('greater_than', 0), noNulls(card), fieldValues('purchases', 'greater_than', 0)],
      },
      {
        name: 'flagged_cards',
        purpose: `cards with more than ${limit} purchases in a window`,
        annotations: [],
        body: `CREATE STREAM flagged_cards AS\nSELECT ${card}, purchases, total_amount\nFROM card_velocity\nWHERE purchases > ${limit}\nEMIT CHANGES`,
        reads: ['card_velocity'],
        assertions: [fieldValues('purchases', 'greater_than', limit)],
      },
    ];
  },
};

const clickstream: AppTemplate = {
  id: 'clickstream',
  title: 'Clickstream and sessions',
  keywords: ['click', 'clickstream', 'session', 'page', 'visit', 'visitor', 'web', 'funnel', 'pageview', 'browsing'],
  roles: [
    { name: 'user', type: 'key', names: ['user_id', 'visitor_id', 'user', 'customer_id', 'client_id', 'member_id'] },
    { name: 'page', type: 'text', names: ['page', 'url', 'path', 'page_url', 'screen', 'route'] },
    TIME,
  ],
  build(p) {
    const { user, page, time } = p.col;
    return [
      {
        name: 'user_sessions',
        purpose: `sessions per ${user} closed after ${intervalText(p.gap)} of inactivity: events, distinct pages, start and end`,
        annotations: ['@metric: session_events', '@metric_type: histogram', '@metric_field: events', '@metric_buckets: 1, 2, 5, 10, 20, 50'],
        body: `CREATE STREAM user_sessions AS\nSELECT ${user}, COUNT(*) AS events, COUNT(DISTINCT ${page}) AS pages, MIN(${time}) AS session_start, MAX(${time}) AS session_end\nFROM ${p.source.name}\nGROUP BY ${user}\nWINDOW SESSION(${time}, ${interval(p.gap)})\nEMIT FINAL`,
        reads: [p.source.name],
        assertions: [count('greater_than', 0), noNulls(user), fieldValues('events', 'greater_than', 0)],
      },
      {
        name: 'page_views',
        purpose: `views and distinct visitors per ${page} per ${intervalText(p.window)}`,
        annotations: [`@viz: bar y=views series=${page}`],
        body: `CREATE STREAM page_views AS\nSELECT ${page}, COUNT(*) AS views, COUNT(DISTINCT ${user}) AS visitors\nFROM ${p.source.name}\nGROUP BY ${page}\n${tumbling(p)}\nEMIT FINAL`,
        reads: [p.source.name],
        assertions: [count('greater_than', 0), noNulls(page)],
      },
    ];
  },
};

const ERROR_VALUE = /error|fail|fatal|critical|timeout|^5\d\d$/i;

const observability: AppTemplate = {
  id: 'observability',
  title: 'Service observability',
  keywords: ['latency', 'error', 'service', 'observability', 'monitoring', 'slo', 'request', 'endpoint', 'log', 'p99', 'api', 'uptime'],
  roles: [
    { name: 'service', type: 'key', names: ['service', 'service_name', 'app', 'application', 'component', 'host', 'endpoint', 'route'] },
    { name: 'latency', type: 'numeric', names: ['latency_ms', 'latency', 'duration_ms', 'duration', 'response_time', 'elapsed_ms', 'time_ms'] },
    { name: 'status', type: 'key', names: ['status', 'status_code', 'code', 'level', 'severity', 'result', 'outcome'], optional: true },
    TIME,
  ],
  build(p) {
    const { service, latency } = p.col;
    const limit = p.threshold ?? round(rangeMax(p, 'latency', 1000) * 0.8);
    const statements: AppStatement[] = [
      {
        name: 'service_latency',
        purpose: `average and maximum ${latency} and request count per ${service} per ${intervalText(p.window)}`,
        annotations: ['@metric: service_avg_latency', '@metric_type: gauge', '@metric_field: avg_latency', `@metric_labels: ${service}`, `@alert: avg_latency > ${limit}`, '@alert_for: 2m', '@alert_severity: warning', `@alert_summary: {${service}} average latency {avg_latency}`, `@viz: line y=avg_latency,max_latency series=${service}`],
        body: `CREATE STREAM service_latency AS\nSELECT ${service}, AVG(${latency}) AS avg_latency, MAX(${latency}) AS max_latency, COUNT(*) AS requests\nFROM ${p.source.name}\nGROUP BY ${service}\n${tumbling(p)}\nEMIT FINAL`,
        reads: [p.source.name],
        assertions: [count('greater_than', 0), noNulls(service), fieldValues('requests', 'greater_than', 0)],
      },
    ];
    const status = p.source.columns.find((c) => c.name === p.col.status);
    const errors = status?.type === 'integer' ? `${status.name} >= 500` : status?.values?.some((v) => ERROR_VALUE.test(v)) ? `${status.name} IN (${status.values.filter((v) => ERROR_VALUE.test(v)).map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})` : null;
    if (errors) {
      statements.push({
        name: 'service_errors',
        purpose: `errors (${errors}) per ${service} per ${intervalText(p.window)}`,
        annotations: ['@metric: service_errors', '@metric_type: counter', `@metric_labels: ${service}`, '@alert: errors > 10', '@alert_severity: critical'],
        body: `CREATE STREAM service_errors AS\nSELECT ${service}, COUNT(*) AS errors\nFROM ${p.source.name}\nWHERE ${errors}\nGROUP BY ${service}\n${tumbling(p)}\nEMIT FINAL`,
        reads: [p.source.name],
        assertions: [noNulls(service)],
      });
    }
    return statements;
  },
};

export const TEMPLATES: readonly AppTemplate[] = [trading, iot, fraud, clickstream, observability];
