import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Batch, StreamRecord } from '../../types/record';
import { Scaled, Timestamp } from '../../types/values/types';
import type { ConnectorContext, Sink, Source } from '../connector';
import type { ConnectorProblem } from '../errors';
import { ObjectProperties } from '../properties';
import { fileSinkFactory, fileSourceFactory } from './factories';

let dir: string;
let problems: ConnectorProblem[];
const ctx: ConnectorContext = { now: () => 1_700_000_000_000, report: (p) => problems.push(p) };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-file-'));
  problems = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function source(keys: Record<string, string>): Source {
  const created = fileSourceFactory.create(ObjectProperties.of('trades', 'source', keys, dir), ctx, {});
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

function sink(keys: Record<string, string>): Sink {
  const created = fileSinkFactory.create(ObjectProperties.of('out', 'sink', keys, dir), ctx);
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

async function readAll(s: Source): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  for await (const batch of s) out.push(...batch);
  return out;
}

const record = (fields: StreamRecord['fields']): StreamRecord => ({
  fields,
  timestamp: 0,
  eventTime: null,
  offset: 0,
  partition: 0,
  key: null,
  headers: null,
});

describe('file source', () => {
  test('a bounded CSV file yields typed records with read time, offsets and partition 0, then ends', async () => {
    fs.writeFileSync(path.join(dir, 'in.csv'), 'symbol,price,volume\nAAPL,150.25,100\nMSFT,350.00,150\n');
    const s = source({ path: './in.csv', format: 'csv' });
    expect(s.bounded).toBe(true);
    const records = await readAll(s);
    expect(records).toEqual([
      { fields: { symbol: 'AAPL', price: new Scaled(15025, 2), volume: 100 }, timestamp: 1_700_000_000_000, eventTime: null, offset: 0, partition: 0, key: null, headers: null },
      { fields: { symbol: 'MSFT', price: new Scaled(35000, 2), volume: 150 }, timestamp: 1_700_000_000_000, eventTime: null, offset: 1, partition: 0, key: null, headers: null },
    ]);
    expect(await s.poll(10)).toBeNull();
    expect(s.position()).toEqual([{ partition: 0, offset: 2 }]);
  });

  test('poll hands out at most maxRecords per batch', async () => {
    fs.writeFileSync(path.join(dir, 'in.csv'), 'n\n' + Array.from({ length: 25 }, (_, i) => i).join('\n') + '\n');
    const s = source({ path: 'in.csv' });
    const sizes: number[] = [];
    for (let b = await s.poll(10); b !== null; b = await s.poll(10)) sizes.push(b.length);
    expect(sizes).toEqual([10, 10, 5]);
  });

  test.each([
    ['epoch_millis', '1736848800000', Date.UTC(2025, 0, 14, 10, 0)],
    ['epoch_seconds', '1736848800', Date.UTC(2025, 0, 14, 10, 0)],
    ['epoch', '1736848800.5', Date.UTC(2025, 0, 14, 10, 0) + 500],
    ['iso8601', '2025-01-14T10:00:00Z', Date.UTC(2025, 0, 14, 10, 0)],
    ['%Y-%m-%d %H:%M:%S%.3f', '2025-01-14 10:00:00.250', Date.UTC(2025, 0, 14, 10, 0, 0, 250)],
    ['%d/%m/%Y %H:%M', '"14/01/2025 10:00"', Date.UTC(2025, 0, 14, 10, 0)],
    ['', '1736848800000', Date.UTC(2025, 0, 14, 10, 0)],
    ['', '2025-01-14T10:00:00', Date.UTC(2025, 0, 14, 10, 0)],
  ])('event.time.format %p reads %p', async (format, cell, expected) => {
    fs.writeFileSync(path.join(dir, 'in.csv'), `id,ts\n1,${cell}\n`);
    const keys: Record<string, string> = { path: 'in.csv', 'event.time.field': 'ts' };
    if (format) keys['event.time.format'] = format;
    const [r] = await readAll(source(keys));
    expect(r.eventTime).toBe(expected);
    expect(problems).toEqual([]);
  });

  test('an unreadable event time is reported with its line; the record flows with no event time', async () => {
    fs.writeFileSync(path.join(dir, 'in.csv'), 'id,ts\n1,2025-01-14T10:00:00\n2,soon\n');
    const records = await readAll(source({ path: 'in.csv', 'event.time.field': 'ts', 'event.time.format': 'iso8601' }));
    expect(records.map((r) => r.eventTime)).toEqual([Date.UTC(2025, 0, 14, 10), null]);
    expect(problems).toMatchObject([{ code: 'BAD_EVENT_TIME', line: 3, field: 'ts', expected: 'iso8601' }]);
  });

  test('bad rows are reported with file and line and skipped', async () => {
    fs.writeFileSync(path.join(dir, 'in.csv'), 'a,b\n1,2\n3\n4,5\n');
    const records = await readAll(source({ path: 'in.csv' }));
    expect(records.map((r) => r.fields.a)).toEqual([1, 4]);
    expect(records.map((r) => r.offset)).toEqual([0, 1]);
    expect(problems).toEqual([
      {
        code: 'BAD_ROW',
        object: 'trades',
        file: path.join(dir, 'in.csv'),
        line: 3,
        expected: '2 fields',
        message: 'bad row skipped: expected 2 fields, found 1',
      },
    ]);
  });

  test('JSON Lines and JSON arrays: integers, floats, nested objects as Maps', async () => {
    fs.writeFileSync(path.join(dir, 'a.jsonl'), '{"id":1,"x":2.5,"m":{"k":[1,"a"]}}\n\n{"id":2,"x":null,"m":{}}\n');
    fs.writeFileSync(path.join(dir, 'b.json'), '[{"id":1,"x":2.5,"m":{"k":[1,"a"]}},{"id":2,"x":null,"m":{}}]');
    const expected = [
      { id: 1, x: 2.5, m: new Map([['k', [1, 'a']]]) },
      { id: 2, x: null, m: new Map() },
    ];
    expect((await readAll(source({ path: 'a.jsonl', format: 'jsonl' }))).map((r) => r.fields)).toEqual(expected);
    expect((await readAll(source({ path: 'b.json', format: 'json' }))).map((r) => r.fields)).toEqual(expected);
  });

  test('watch mode is unbounded and picks up appended lines, including a line completed later', async () => {
    const file = path.join(dir, 'live.csv');
    fs.writeFileSync(file, 'id,v\n1,a\n');
    const s = source({ path: 'live.csv', watch: 'true', 'watch.interval.ms': '5' });
    expect(s.bounded).toBe(false);
    expect((await s.poll(100, 50))!.map((r) => r.fields)).toEqual([{ id: 1, v: 'a' }]);
    expect(await s.poll(100, 20)).toEqual([]);
    fs.appendFileSync(file, '2,b\n3,');
    expect((await s.poll(100, 500))!.map((r) => r.fields)).toEqual([{ id: 2, v: 'b' }]);
    fs.appendFileSync(file, 'c\n');
    const batch = (await s.poll(100, 500))!;
    expect(batch.map((r) => [r.fields, r.offset])).toEqual([[{ id: 3, v: 'c' }, 2]]);
    await s.close();
    expect(await s.poll(100)).toBeNull();
  });

  test('a paused source returns empty batches without consuming', async () => {
    fs.writeFileSync(path.join(dir, 'in.csv'), 'n\n1\n');
    const s = source({ path: 'in.csv' });
    s.pause();
    expect(await s.poll(10)).toEqual([]);
    s.resume();
    expect((await s.poll(10))!.length).toBe(1);
    await s.close();
  });

  test('missing file, unknown format and a bad event.time.format are errors, not crashes', () => {
    const props = (keys: Record<string, string>) => ObjectProperties.of('trades', 'source', keys, dir);
    expect(fileSourceFactory.create(props({ path: 'nope.csv' }), ctx, {})).toMatchObject({ ok: false, error: { code: 'IO' } });
    expect(fileSourceFactory.validate(props({ path: 'x.csv', format: 'parquet' }))).toMatchObject([{ code: 'VV355', key: 'trades.format' }]);
    expect(fileSourceFactory.validate(props({ path: 'x.csv', 'event.time.field': 't', 'event.time.format': '%Q' }))).toMatchObject([
      { code: 'VV355', key: 'event.time.format' },
    ]);
    expect(fileSourceFactory.validate(props({}))).toMatchObject([{ code: 'VV355', key: 'trades.path', hint: "add 'trades.path' = './data.csv' to the WITH clause" }]);
  });
});

describe('file sink', () => {
  const batch = (...fields: StreamRecord['fields'][]): Batch => fields.map(record);

  test('CSV: header, alphabetical columns, §5.4 values, parent directory created', async () => {
    const s = sink({ path: './output/out.csv', format: 'csv' });
    await s.write(batch({ symbol: 'AAPL', price: new Scaled(15025, 2), ts: new Timestamp(Date.UTC(2024, 0, 15, 10)), note: null }));
    await s.write(batch({ symbol: 'A,B', price: new Scaled(1, 2), ts: new Timestamp(0), note: 'x' }));
    await s.close();
    expect(fs.readFileSync(path.join(dir, 'output/out.csv'), 'utf8')).toBe(
      'note,price,symbol,ts\n,150.25,AAPL,2024-01-15T10:00:00\nx,0.01,"A,B",1970-01-01T00:00:00\n',
    );
  });

  test('the file is truncated on open; append keeps content and the existing header order', async () => {
    const file = path.join(dir, 'out.csv');
    fs.writeFileSync(file, 'stale\n');
    let s = sink({ path: 'out.csv' });
    await s.write(batch({ b: 1, a: 2 }));
    await s.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('a,b\n2,1\n');
    s = sink({ path: 'out.csv', append: 'true' });
    await s.write(batch({ a: 3, b: 4 }));
    await s.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('a,b\n2,1\n3,4\n');
  });

  test('JSON Lines and JSON array output; exact decimals keep their digits', async () => {
    const rows = batch({ id: 1, p: new Scaled(1250, 2) }, { id: 2, p: null });
    const lines = sink({ path: 'o.jsonl', format: 'jsonl' });
    await lines.write(rows);
    await lines.close();
    expect(fs.readFileSync(path.join(dir, 'o.jsonl'), 'utf8')).toBe('{"id":1,"p":"12.50"}\n{"id":2,"p":null}\n');
    const array = sink({ path: 'o.json', format: 'json' });
    await array.write(rows);
    await array.write(batch({ id: 3, p: 1.5 }));
    await array.close();
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'o.json'), 'utf8'))).toEqual([
      { id: 1, p: '12.50' },
      { id: 2, p: null },
      { id: 3, p: 1.5 },
    ]);
  });

  test('closing a sink that received nothing still creates the file', async () => {
    const s = sink({ path: 'empty.csv' });
    await s.close();
    expect(fs.readFileSync(path.join(dir, 'empty.csv'), 'utf8')).toBe('');
  });
});
