import * as fs from 'fs';
import * as path from 'path';
import { fieldsToJson } from '../../types/values/format';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import { formatDiagnostic } from './diagnostics';
import { createGenerator, generateRecords, type GeneratorOptions } from './generator';
import { loadSchema, parseSchema } from './load-schema';
import type { Schema } from './schema';
import { DEFAULT_NOW_MS } from './timespec';
import { CONFORMANCE } from '../../../test/shared';

const HOUR = 3_600_000;

function schemaOf(fieldsYaml: string, extra = ''): Schema {
  const { schema, diagnostics } = parseSchema(`name: t\n${extra}fields:\n${fieldsYaml}`, 't.yaml');
  if (!schema) throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
  return schema;
}

function rows(schema: Schema, options: GeneratorOptions = {}): Record<string, Value>[] {
  const { generator, diagnostics } = createGenerator(schema, options);
  if (!generator) throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
  return generator.nextFields();
}

function column(schema: Schema, name: string, options: GeneratorOptions = {}): Value[] {
  return rows(schema, options).map((r) => r[name]);
}

function counts(values: Value[]): Map<Value, number> {
  const m = new Map<Value, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function meanAndStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
}

const SIM_LAST_HOUR = { start: { kind: 'relative', offsetMs: -HOUR }, end: { kind: 'relative', offsetMs: 0 }, sequential: true } as const;

const MIXED = schemaOf(`  - {name: id, type: uuid}
  - {name: sym, type: string, constraints: {enum_values: {values: [A, B, C]}}}
  - {name: px, type: decimal(2), constraints: {range: {min: 1, max: 9}}}
  - {name: note, type: string, nullable: true}
  - {name: at, type: timestamp}
`);

describe('determinism', () => {
  const text = (options: GeneratorOptions) => rows(MIXED, { records: 300, ...options }).map(fieldsToJson).join('\n');

  it('gives byte-identical records for the same seed', () => {
    expect(text({ seed: 42 })).toBe(text({ seed: 42 }));
  });

  it('defaults to seed 42', () => {
    expect(text({})).toBe(text({ seed: 42 }));
  });

  it('gives different records for another seed, query or source', () => {
    expect(text({ seed: 43 })).not.toBe(text({ seed: 42 }));
    expect(text({ query: 'q2' })).not.toBe(text({}));
    expect(text({ source: 'other' })).not.toBe(text({}));
  });

  it('produces the same records in batches as at once', () => {
    const { generator } = createGenerator(MIXED, { records: 300 });
    const batched = [...generator!.nextFields(7), ...generator!.nextFields(200), ...generator!.nextFields(1000)];
    expect(generator!.nextFields(10)).toEqual([]);
    expect(batched.map(fieldsToJson).join('\n')).toBe(text({}));
  });
});

describe('field rules', () => {
  it('draws weighted enum values in proportion (chi-square, 2 d.f., p = 0.001 bound 13.82)', () => {
    const schema = schemaOf(`  - {name: s, type: string, constraints: {enum_values: {values: [AAPL, MSFT, NVDA], weights: [0.5, 0.3, 0.2]}}}\n`);
    const c = counts(column(schema, 's', { records: 20_000 }));
    const expected: [string, number][] = [['AAPL', 10_000], ['MSFT', 6_000], ['NVDA', 4_000]];
    const chi = expected.reduce((sum, [v, e]) => sum + ((c.get(v) ?? 0) - e) ** 2 / e, 0);
    expect([...c.keys()].sort()).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(chi).toBeLessThan(13.82);
  });

  it('orders zipf-weighted enum values by rank', () => {
    const schema = schemaOf(`  - name: s
    type: string
    constraints: {enum_values: {values: [r1, r2, r3, r4]}, distribution: {zipf: {exponent: 1.5}}}
`);
    const c = counts(column(schema, 's', { records: 20_000 }));
    const byFrequency = [...c.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
    expect(byFrequency).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('keeps integers in [⌈min⌉, ⌊max⌋] and reaches both ends', () => {
    const schema = schemaOf(`  - {name: n, type: integer, constraints: {range: {min: 0.5, max: 4.5}}}\n`);
    expect([...new Set(column(schema, 'n', { records: 2000 }))].sort()).toEqual([1, 2, 3, 4]);
  });

  it('gives decimals exactly P fraction digits inside the range', () => {
    const schema = schemaOf(`  - {name: d, type: {decimal: {precision: 2}}, constraints: {range: {min: 10, max: 10.05}}}\n`);
    const values = column(schema, 'd', { records: 2000 }) as Scaled[];
    expect(values.every((v) => v instanceof Scaled && v.scale === 2)).toBe(true);
    expect([...new Set(values.map((v) => v.unscaled))].sort()).toEqual([1000, 1001, 1002, 1003, 1004, 1005]);
  });

  it('keeps floats in range', () => {
    const schema = schemaOf(`  - {name: f, type: float, constraints: {range: {min: -2, max: 3}}}\n`);
    const values = column(schema, 'f', { records: 5000 }) as number[];
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...values)).toBeLessThanOrEqual(3);
    expect(meanAndStd(values).mean).toBeCloseTo(0.5, 1);
  });

  it('samples a normal with its mean and standard deviation, clamped into the range', () => {
    const schema = schemaOf(`  - name: f
    type: float
    constraints: {range: {min: 0, max: 200}, distribution: {normal: {mean: 100, std_dev: 10}}}
`);
    const values = column(schema, 'f', { records: 20_000 }) as number[];
    const { mean, std } = meanAndStd(values);
    expect(mean).toBeGreaterThan(99.6);
    expect(mean).toBeLessThan(100.4);
    expect(std).toBeGreaterThan(9.7);
    expect(std).toBeLessThan(10.3);
  });

  it('clamps a normal wider than its range to the bounds', () => {
    const schema = schemaOf(`  - name: n
    type: integer
    constraints: {range: {min: 0, max: 10}, distribution: {normal: {mean: 5, std_dev: 100}}}
`);
    const values = column(schema, 'n', { records: 2000 }) as number[];
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v <= 10)).toBe(true);
    expect(values.filter((v) => v === 0 || v === 10).length).toBeGreaterThan(1000);
  });

  it('samples log-normal values in range with the log-space mean', () => {
    const schema = schemaOf(`  - name: q
    type: float
    constraints: {range: {min: 1, max: 1000000}, distribution: {log_normal: {mean: 5, std_dev: 0.5}}}
`);
    const values = column(schema, 'q', { records: 20_000 }) as number[];
    expect(values.every((v) => v >= 1 && v <= 1e6)).toBe(true);
    expect(meanAndStd(values.map(Math.log)).mean).toBeCloseTo(5, 1);
  });

  it('skews numeric zipf toward the minimum', () => {
    const schema = schemaOf(`  - name: z
    type: float
    constraints: {range: {min: 0, max: 90}, distribution: {zipf: {exponent: 2}}}
`);
    const values = column(schema, 'z', { records: 20_000 }) as number[];
    // min + (max − min)(1 − √u) has mean (max − min)/3.
    expect(meanAndStd(values).mean).toBeCloseTo(30, 0);
  });

  it('generates alphanumeric strings within the length bounds (default 5–20)', () => {
    const schema = schemaOf(`  - {name: a, type: string, constraints: {length: {min: 3, max: 4}}}\n  - {name: b, type: string}\n`);
    const data = rows(schema, { records: 1000 });
    expect(new Set(data.map((r) => (r.a as string).length))).toEqual(new Set([3, 4]));
    const lengths = data.map((r) => (r.b as string).length);
    expect([Math.min(...lengths), Math.max(...lengths)]).toEqual([5, 20]);
    expect(data.every((r) => /^[A-Za-z0-9]+$/.test(r.a as string))).toBe(true);
  });

  it.each([
    'SENSOR-[0-9]{4}',
    '^[A-Z]{2,3}-\\d{3}(x|yz)?$',
    '(ORD|INV)_[a-f0-9]{8}',
    'a.b+c*\\.\\-[_A-Z]{1,}',
  ])('generates strings matching the pattern %s', (pattern) => {
    const schema = schemaOf(`  - {name: s, type: string, constraints: {pattern: ${JSON.stringify(pattern)}, length: {min: 1, max: 2}}}\n`);
    const regex = new RegExp(`^(?:${pattern})$`);
    const values = column(schema, 's', { records: 500 }) as string[];
    expect(values.filter((v) => !regex.test(v))).toEqual([]);
    expect(new Set(values).size).toBeGreaterThan(10);
  });

  it('numbers sequences by record index, with prefix and width for strings', () => {
    const schema = schemaOf(`  - {name: n, type: integer, constraints: {sequence: {start: 10, step: 5}}}
  - {name: s, type: string, constraints: {sequence: {prefix: ORD-, width: 4}}}
`);
    expect(rows(schema, { records: 3 })).toEqual([
      { n: 10, s: 'ORD-0001' },
      { n: 15, s: 'ORD-0002' },
      { n: 20, s: 'ORD-0003' },
    ]);
  });

  it('nulls nullable fields at their rate and never others; an input rate overrides', () => {
    const schema = schemaOf(`  - {name: a, type: integer, nullable: true}
  - {name: b, type: integer, null_probability: 0.5}
  - {name: c, type: integer}
`);
    const data = rows(schema, { records: 10_000 });
    const nullRate = (name: string, rs: Record<string, Value>[]) => rs.filter((r) => r[name] === null).length / rs.length;
    expect(nullRate('a', data)).toBeCloseTo(0.1, 1);
    expect(nullRate('b', data)).toBeCloseTo(0.5, 1);
    expect(nullRate('c', data)).toBe(0);
    const overridden = rows(schema, { records: 10_000, nullProbability: 0.9 });
    expect(nullRate('a', overridden)).toBeCloseTo(0.9, 1);
    expect(nullRate('c', overridden)).toBe(0);
  });

  it('uses the type defaults: uuid, boolean, integer 0–999, float 0–1000, timestamp and date ranges', () => {
    const schema = schemaOf(`  - {name: u, type: uuid}
  - {name: b, type: boolean}
  - {name: i, type: integer}
  - {name: f, type: float}
  - {name: t, type: timestamp}
  - {name: d, type: date}
`);
    const data = rows(schema, { records: 2000 });
    expect(data.every((r) => /^[0-9a-f-]{36}$/.test(r.u as string))).toBe(true);
    expect(new Set(data.map((r) => r.b))).toEqual(new Set([true, false]));
    const ints = data.map((r) => r.i as number);
    expect(Math.min(...ints)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ints)).toBeLessThanOrEqual(999);
    expect(Math.max(...data.map((r) => r.f as number))).toBeLessThanOrEqual(1000);
    const times = data.map((r) => (r.t as Timestamp).ms);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(DEFAULT_NOW_MS - HOUR);
    expect(Math.max(...times)).toBeLessThan(DEFAULT_NOW_MS);
    const days = data.map((r) => (r.d as SqlDate).ms);
    expect(days.every((ms) => ms % 86_400_000 === 0)).toBe(true);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(DEFAULT_NOW_MS - 30 * 86_400_000);
  });

  it('gives an integer field named timestamp the run clock, one ms per record', () => {
    const schema = schemaOf(`  - {name: timestamp, type: integer}\n`);
    expect(column(schema, 'timestamp', { records: 3, clockStartMs: 1000 })).toEqual([1000, 1001, 1002]);
  });

  it('draws timestamp_epoch_ms uniformly in its range without time simulation', () => {
    const schema = schemaOf(`  - {name: e, type: integer, constraints: {timestamp_epoch_ms: {start: "-10m", end: now}}}\n`);
    const values = column(schema, 'e', { records: 1000 }) as number[];
    expect(Math.min(...values)).toBeGreaterThanOrEqual(DEFAULT_NOW_MS - 600_000);
    expect(Math.max(...values)).toBeLessThan(DEFAULT_NOW_MS);
  });
});

describe('random walks', () => {
  const schema = schemaOf(`  - {name: sym, type: string, constraints: {enum_values: {values: [A, B]}}}
  - name: price
    type: float
    constraints:
      range: {min: 100, max: 500}
      distribution: {random_walk: {volatility: 0.01, drift: 0.001, group_by: sym}}
`);

  it('moves each group in small steps from the range minimum, clamped to the range', () => {
    const data = rows(schema, { records: 4000 });
    for (const sym of ['A', 'B']) {
      const path = data.filter((r) => r.sym === sym).map((r) => r.price as number);
      expect(path.every((p) => p >= 100 && p <= 500)).toBe(true);
      const steps = path.slice(1).map((p, i) => Math.abs(p / path[i] - 1));
      expect(Math.max(...steps)).toBeLessThan(0.06);
      // Positive drift carries the walk well above its start.
      expect(path[path.length - 1]).toBeGreaterThan(120);
    }
  });

  it('is generated after its group field even when declared before it', () => {
    const reordered = schemaOf(`  - name: price
    type: float
    constraints: {range: {min: 100, max: 500}, distribution: {random_walk: {group_by: sym}}}
  - {name: sym, type: string, constraints: {enum_values: {values: [A, B]}}}
`);
    const data = rows(reordered, { records: 50 });
    expect(Object.keys(data[0])).toEqual(['price', 'sym']);
    expect(data.every((r) => typeof r.price === 'number' && typeof r.sym === 'string')).toBe(true);
  });
});

describe('references', () => {
  const schema = schemaOf(`  - {name: customer_id, type: integer, constraints: {references: {schema: customers, field: id}}}\n`);

  it('draws only the referenced values, converted to the field type', () => {
    const values = column(schema, 'customer_id', {
      records: 500,
      resolveReference: ({ schema: s, field }) => (s === 'customers' && field === 'id' ? ['7', '8', '8', '9', null] : undefined),
    });
    expect(new Set(values)).toEqual(new Set([7, 8, 9]));
  });

  it('falls back to REF_<S>_<n> placeholders with a warning when nothing resolves', () => {
    const { generator, diagnostics } = createGenerator(schema, { records: 200 });
    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'generator.unresolved-reference']]);
    const values = generator!.nextFields().map((r) => r.customer_id as string);
    expect(values.every((v) => /^REF_CUSTOMERS_([1-9]\d{0,2})$/.test(v))).toBe(true);
  });
});

describe('time simulation', () => {
  const schema = schemaOf(`  - {name: event_time, type: integer, constraints: {timestamp_epoch_ms: {start: "-1h", end: now}}}
  - {name: timestamp, type: integer}
  - {name: at, type: timestamp}
  - {name: sym, type: string, constraints: {enum_values: {values: [X]}}}
`);

  it('spaces event times evenly from start to end and stamps records with them', () => {
    const { records } = generateRecords(schema, { records: 5, timeSimulation: SIM_LAST_HOUR, keyField: 'sym', clockStartMs: 5 });
    const start = DEFAULT_NOW_MS - HOUR;
    const times = [0, 1, 2, 3].map((k) => start + (k * HOUR) / 4).concat(DEFAULT_NOW_MS);
    expect(records.map((r) => r.eventTime)).toEqual(times);
    expect(records.map((r) => r.timestamp)).toEqual(times);
    expect(records.map((r) => r.fields.event_time)).toEqual(times);
    expect(records.map((r) => (r.fields.at as Timestamp).ms)).toEqual(times);
    expect(records.map((r) => r.fields.timestamp)).toEqual([5, 6, 7, 8, 9]);
    expect(records.map((r) => r.headers?.get('_event_time'))).toEqual(times.map(String));
    expect(records.map((r) => r.key)).toEqual(['X', 'X', 'X', 'X', 'X']);
  });

  it('is strictly increasing without jitter, even when more records than milliseconds', () => {
    const tight = { ...SIM_LAST_HOUR, start: { kind: 'relative', offsetMs: -10 } } as const;
    const times = generateRecords(schema, { records: 100, timeSimulation: tight }).records.map((r) => r.eventTime!);
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
    const random = generateRecords(schema, { records: 500, timeSimulation: { ...SIM_LAST_HOUR, sequential: false } });
    const randomTimes = random.records.map((r) => r.eventTime!);
    expect(randomTimes.every((t, i) => i === 0 || t > randomTimes[i - 1])).toBe(true);
  });

  it('yields real disorder with jitter, within ±jitter of the even spacing', () => {
    const { records } = generateRecords(schema, { records: 1000, timeSimulation: { ...SIM_LAST_HOUR, jitterMs: 5000 } });
    const times = records.map((r) => r.eventTime!);
    const spacing = HOUR / 999;
    expect(times.filter((t, i) => i > 0 && t < times[i - 1]).length).toBeGreaterThan(100);
    expect(times.every((t, i) => Math.abs(t - (DEFAULT_NOW_MS - HOUR + Math.floor(i * spacing))) <= 5000)).toBe(true);
  });

  it('resolves relative times against the given now and uses the schema hint default', () => {
    const hinted: Schema = { ...schema, timeSimulation: SIM_LAST_HOUR };
    const { records } = generateRecords(hinted, { records: 2, nowMs: 1_000_000_000 });
    expect(records.map((r) => r.eventTime)).toEqual([1_000_000_000 - HOUR, 1_000_000_000]);
  });

  it('reports an end before the start', () => {
    const backwards = { ...SIM_LAST_HOUR, end: { kind: 'relative', offsetMs: -2 * HOUR } } as const;
    const { generator, diagnostics } = createGenerator(schema, { timeSimulation: backwards });
    expect(generator).toBeNull();
    expect(diagnostics[0].message).toBe('time simulation end (-7200000ms) must be after start (-3600000ms)');
  });

  it('takes the message timestamp from the payload without time simulation', () => {
    const { records } = generateRecords(schema, { records: 3 });
    expect(records.map((r) => r.timestamp)).toEqual(records.map((r) => r.fields.event_time));
    expect(records.every((r) => r.eventTime === null && r.headers === null)).toBe(true);
  });
});

describe('derived fields', () => {
  const schema = schemaOf(`  - {name: total, type: integer, constraints: {derived: "bid + price"}}
  - {name: price, type: integer, constraints: {range: {min: 100, max: 200}}}
  - {name: bid, type: decimal(2), constraints: {derived: "price * random(0.5, 0.6)"}}
`);

  it('evaluates after their inputs, in dependency order, converted to the field type', () => {
    const data = rows(schema, { records: 200 });
    expect(Object.keys(data[0])).toEqual(['total', 'price', 'bid']);
    for (const r of data) {
      const bid = r.bid as Scaled;
      expect(bid.scale).toBe(2);
      const ratio = Number(bid.unscaled) / 100 / (r.price as number);
      expect(ratio).toBeGreaterThanOrEqual(0.499);
      expect(ratio).toBeLessThanOrEqual(0.601);
      expect(r.total).toBe(Math.round(Number(bid.unscaled) / 100 + (r.price as number)));
    }
  });

  it('are deterministic because random() draws from the seeded stream', () => {
    const a = rows(schema, { records: 50 }).map(fieldsToJson);
    expect(rows(schema, { records: 50 }).map(fieldsToJson)).toEqual(a);
  });

  it('report expressions the compiler rejects and unknown field names', () => {
    const bad = schemaOf(`  - {name: a, type: integer}\n  - {name: b, type: integer, constraints: {derived: "a ** 2"}}\n  - {name: c, type: integer, constraints: {derived: "a + zz"}}\n`);
    const { generator, diagnostics } = createGenerator(bad);
    expect(generator).toBeNull();
    expect(diagnostics.map((d) => [d.message, d.line])).toEqual([
      ["derived expression of 'b': unexpected '*' at column 4", 4],
      ["derived expression of 'c' reads unknown field 'zz'", 5],
    ]);
  });

  it('report a cycle found through the expressions', () => {
    const cyclic = schemaOf(`  - {name: a, type: integer, constraints: {derived: "b + b"}}\n  - {name: b, type: integer, constraints: {derived: "a + a"}}\n`);
    const { diagnostics } = createGenerator(cyclic);
    expect(diagnostics.map((d) => d.message)).toEqual(['derived fields depend on each other in a cycle: a → b → a']);
  });

  it('follow the §5.6 language: comparisons, if, concat with nulls, division by zero', () => {
    const language = schemaOf(`  - {name: a, type: integer, constraints: {range: {min: 1, max: 9}}}
  - {name: big, type: boolean, constraints: {derived: "if(a * 2 >= 10, true, false)"}}
  - {name: label, type: string, constraints: {derived: "concat('a=', a, null, '!')"}}
  - {name: same, type: boolean, constraints: {derived: "a == a % 10"}}
  - {name: none, type: float, constraints: {derived: "a / (a - a)"}}
  - {name: shifted, type: integer, constraints: {derived: "max(a, 5) - -1"}}
`);
    for (const r of rows(language, { records: 50 })) {
      const a = r.a as number;
      expect(r.big).toBe(a >= 5);
      expect(r.label).toBe(`a=${a}!`);
      expect(r.same).toBe(true);
      expect(r.none).toBeNull();
      expect(r.shifted).toBe(Math.max(a, 5) + 1);
    }
  });
});

describe('conformance schemas', () => {
  const dir = CONFORMANCE;
  const files = (d: string): string[] =>
    fs.existsSync(d)
      ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? files(path.join(d, e.name)) : e.name.endsWith('.schema.yaml') ? [path.join(d, e.name)] : [],
        )
      : [];

  it.each(files(dir).map((f) => [path.relative(dir, f), f]))('%s generates under time simulation', (_, file) => {
    const schema = loadSchema(file).schema!;
    const { records, diagnostics } = generateRecords(schema, { records: 200, timeSimulation: SIM_LAST_HOUR });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(records).toHaveLength(200);
    expect(Object.keys(records[0].fields)).toEqual(schema.fields.map((f) => f.name));
  });
});
