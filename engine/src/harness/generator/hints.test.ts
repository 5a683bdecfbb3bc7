import * as path from 'path';
import * as fs from 'fs';
import { Scaled, type Value } from '../../types/values/types';
import { formatDiagnostic } from './diagnostics';
import { generateRecords } from './generator';
import { parseHintSpec } from './hint-values';
import { parseDataHints } from './hints';
import { CONFORMANCE } from '../../../test/shared';

const APP = path.join(CONFORMANCE, 'trading/apps/app_market_data.sql');

describe('hint value syntax', () => {
  it('reads the short form with its list and options', () => {
    const spec = parseHintSpec('enum ["A", \'B,C\', 3], weights: [0.7, 0.2, 0.1], group_by: symbol');
    expect(spec).toEqual({
      ok: true,
      value: { kind: 'enum', list: ['A', 'B,C', 3], options: new Map<string, unknown>([['weights', [0.7, 0.2, 0.1]], ['group_by', 'symbol']]) },
    });
  });

  it('rejects an unclosed list', () => {
    expect(parseHintSpec('range [1, 2')).toEqual({ ok: false, message: "unclosed '['" });
  });
});

describe('parseDataHints', () => {
  it('turns the hints of the conformance trading app into a schema', () => {
    const { schemas, seed, diagnostics } = parseDataHints(fs.readFileSync(APP, 'utf8'), APP);
    expect(diagnostics).toEqual([]);
    expect(seed).toBeUndefined();
    expect(schemas).toHaveLength(1);
    const [schema] = schemas;
    expect(schema.name).toBe('in_market_data_stream');
    expect(schema.recordCount).toBe(1000);
    expect(schema.timeSimulation).toEqual({
      start: { kind: 'relative', offsetMs: -3_600_000 },
      end: { kind: 'relative', offsetMs: 0 },
      sequential: true,
    });
    expect(schema.position).toMatchObject({ file: APP, line: 60 });
    expect(schema.fields.map((f) => f.name)).toEqual([
      'symbol', 'exchange', 'timestamp', 'price', 'bid_price', 'ask_price', 'bid_size', 'ask_size', 'volume', 'vwap', 'market_cap',
    ]);
    const byName = Object.fromEntries(schema.fields.map((f) => [f.name, f]));
    expect(byName.symbol.constraints.enumValues).toEqual({ values: ['AAPL', 'GOOGL', 'MSFT', 'AMZN', 'META'], weights: [0.25, 0.25, 0.2, 0.15, 0.15] });
    expect(byName.timestamp.type).toEqual({ kind: 'integer' });
    expect(byName.timestamp.constraints.timestampEpochMs).toBeDefined();
    expect(byName.price.type).toEqual({ kind: 'decimal', precision: 4 });
    expect(byName.price.constraints).toEqual({
      range: { min: 150, max: 400 },
      distribution: { kind: 'random_walk', drift: 0.0001, volatility: 0.02, groupBy: 'symbol', allowBelowMin: false, allowAboveMax: false },
    });
    expect(byName.bid_price.constraints.derived).toEqual({ expression: 'price * random(0.998, 0.9999)', dependsOn: [] });
    const volume = byName.volume.constraints.distribution as { kind: string; mean: number; stdDev: number };
    expect(volume.kind).toBe('log_normal');
    expect(volume.mean).toBeCloseTo((Math.log(1000) + Math.log(500000)) / 2, 10);
  });

  it('reads the hints of the documentation examples in the conformance corpus', () => {
    const corpus = path.join(CONFORMANCE, 'parse/copy_paste_examples.jsonl');
    const examples = fs
      .readFileSync(corpus, 'utf8')
      .split('\n')
      .filter((line) => line.includes('@data.'))
      .map((line) => (JSON.parse(line) as { sql: string }).sql);
    expect(examples.length).toBeGreaterThan(0);
    for (const sql of examples) {
      const { schemas, diagnostics } = parseDataHints(sql, corpus);
      expect(diagnostics).toEqual([]);
      expect(schemas.map((s) => s.name)).toEqual(['in_market_data']);
      expect(schemas[0].timeSimulation?.sequential).toBe(true);
    }
  });

  it('produces a schema the generator runs under its hinted time simulation', () => {
    const { schemas } = parseDataHints(fs.readFileSync(APP, 'utf8'), APP);
    const { records } = generateRecords(schemas[0], { records: 100 });
    expect(records).toHaveLength(100);
    expect(records.every((r) => r.eventTime !== null)).toBe(true);
    const prices = records.map((r) => r.fields.price as Scaled);
    expect(prices.every((p) => p.scale === 4 && Number(p.unscaled) >= 1_500_000 && Number(p.unscaled) <= 4_000_000)).toBe(true);
  });

  it('attaches hints before any @data.source to the first FROM source, case-insensitively, without a space after --', () => {
    const sql = [
      '--@DATA.Record_Count: 5',
      '-- @data.SEED: 9',
      '-- @data.side: enum [BUY, SELL]',
      '-- @data.qty.TYPE: int',
      '-- @Data.qty: range [1, 3], distribution: normal',
      "SELECT * FROM -- not this\n orders o JOIN fills f ON o.id = f.id;",
    ].join('\n');
    const { schemas, seed, diagnostics } = parseDataHints(sql, 'app.sql');
    expect(diagnostics).toEqual([]);
    expect(seed).toBe(9);
    expect(schemas.map((s) => [s.name, s.recordCount, s.seed])).toEqual([['orders', 5, 9]]);
    expect(schemas[0].fields.map((f) => [f.name, f.type.kind])).toEqual([['side', 'string'], ['qty', 'integer']]);
    expect(schemas[0].fields[1].constraints.distribution).toEqual({ kind: 'normal', mean: 2, stdDev: 2 / 6 });
  });

  it('makes one schema per @data.source group', () => {
    const sql = '-- @data.source: a\n-- @data.x: uuid\n-- @data.source: b\n-- @data.y: range [0, 1]\n-- @data.y.nullable: true\n';
    const { schemas } = parseDataHints(sql, 'app.sql');
    expect(schemas.map((s) => [s.name, s.fields.map((f) => [f.name, f.type.kind, f.nullProbability])])).toEqual([
      ['a', [['x', 'uuid', 0]]],
      ['b', [['y', 'float', 0.1]]],
    ]);
  });

  it('reads long forms: weights, distribution, pattern, references, sequential', () => {
    const sql = [
      '-- @data.source: s',
      '-- @data.tier: enum [gold, silver]',
      '-- @data.tier.weights: [3, 1]',
      '-- @data.code.type: string',
      '-- @data.code.pattern: "[A-Z]{2}-\\d{2}"',
      '-- @data.customer.type: integer',
      '-- @data.customer.references: customers.id',
      '-- @data.at.sequential: true',
      '-- @data.n.type: float',
      '-- @data.n: range [1, 100]',
      '-- @data.n.distribution: zipf',
    ].join('\n');
    const { schemas, diagnostics } = parseDataHints(sql, 'app.sql');
    expect(diagnostics).toEqual([]);
    const f = Object.fromEntries(schemas[0].fields.map((x) => [x.name, x]));
    expect(f.tier.constraints.enumValues!.weights).toEqual([3, 1]);
    expect(f.code.constraints.pattern!.source).toBe('[A-Z]{2}-\\d{2}');
    expect(f.customer.constraints.references).toEqual({ schema: 'customers', field: 'id' });
    expect(f.at.type).toEqual({ kind: 'timestamp' });
    expect(schemas[0].timeSimulation?.sequential).toBe(true);
    expect(f.n.constraints.distribution).toEqual({ kind: 'zipf', exponent: 1 });
    const codes = generateRecords(schemas[0], { records: 50 }).records.map((r) => r.fields.code as Value);
    expect(codes.every((c) => /^[A-Z]{2}-\d{2}$/.test(c as string))).toBe(true);
  });

  it('reports a hint naming a field the source does not have, with the SQL file and line', () => {
    const sql = '-- @data.source: trades\n-- @data.symbol: enum [A]\n-- @data.prize: range [1, 2]\n';
    const { schemas, diagnostics } = parseDataHints(sql, 'app.sql', { sourceFields: () => ['symbol', 'price'] });
    expect(schemas).toEqual([]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "error: app.sql:3:4: @data.prize: source 'trades' has no field 'prize'\n  hint: fields of 'trades': symbol, price",
    ]);
  });

  it.each([
    ['-- @data.source: s\n-- @data.x.type: strng\n-- @data.x: enum [a]', "error: app.sql:2:4: @data.x.type: unknown type 'strng'"],
    ['-- @data.source: s\n-- @data.x: enum [a, b], weights: [1]', 'error: app.sql:2:4: @data.x: 1 weights for 2 values'],
    ['-- @data.source: s\n-- @data.x: range [5, 1]', 'error: app.sql:2:4: @data.x: min 5 is greater than max 1'],
    ['-- @data.source: s\n-- @data.x: between [1, 2]', "error: app.sql:2:4: @data.x: unknown kind 'between'"],
    ['-- @data.source: s\n-- @data.x.derived: "a + 1"', "error: app.sql:2:4: field 'x' has no type"],
    ['-- @data.source: s\n-- @data.x.type: integer\n-- @data.x.pattern: (a', "error: app.sql:3:4: @data.x.pattern: invalid pattern: unclosed '(' at position 1"],
    ['-- @data.record_count: many\n-- @data.source: s\n-- @data.x: uuid', "error: app.sql:1:4: @data.record_count: expected an integer ≥ 0, got 'many'"],
    ['-- @data.source: s\n-- @data.p: range [1, 2], distribution: random_walk, group_by: sym', "error: app.sql:2:4: group_by 'sym' of field 'p' must name another field"],
  ])('reports %j', (sql, first) => {
    const { diagnostics } = parseDataHints(sql, 'app.sql');
    expect(formatDiagnostic(diagnostics[0]).split('\n')[0]).toBe(first);
  });

  it('warns about unknown hint keys with a suggestion', () => {
    const sql = '-- @data.source: s\n-- @data.record_cont: 5\n-- @data.x: uuid\n-- @data.x.nulable: true\n';
    const { schemas, diagnostics } = parseDataHints(sql, 'app.sql');
    expect(schemas).toHaveLength(1);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "warning: app.sql:2:4: unknown hint '@data.record_cont' (ignored; did you mean '@data.record_count'?)",
      "warning: app.sql:4:4: unknown hint '@data.x.nulable' (ignored; did you mean '@data.x.nullable'?)",
    ]);
  });
});
