import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Scaled } from '../../types/values/types';
import { formatDiagnostic, type Diagnostic } from './diagnostics';
import { loadSchema, loadSchemaDirectory, parseSchema } from './load-schema';
import { CONFORMANCE } from '../../../test/shared';


function schemaFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return schemaFiles(full);
    return entry.name.endsWith('.schema.yaml') ? [full] : [];
  });
}

function errors(diagnostics: Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

function field(yaml: string): string {
  return `name: s\nfields:\n${yaml}`;
}

describe('schema files of the conformance suite', () => {
  const files = schemaFiles(CONFORMANCE);

  it('finds them', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files.map((f) => [path.relative(CONFORMANCE, f), f]))('loads %s without errors', (_, file) => {
    const result = loadSchema(file);
    expect(errors(result.diagnostics)).toEqual([]);
    expect(result.schema!.fields.length).toBeGreaterThan(0);
  });
});

describe('parseSchema', () => {
  it('reads every field type and the decimal forms', () => {
    const { schema, diagnostics } = parseSchema(
      field(`  - {name: a, type: string}
  - {name: b, type: i64}
  - {name: c, type: double}
  - {name: d, type: decimal}
  - {name: e, type: decimal(2)}
  - {name: f, type: {decimal: {precision: 3}}}
  - {name: g, type: bool}
  - {name: h, type: datetime}
  - {name: i, type: date}
  - {name: j, type: uuid}
`),
      's.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(schema!.fields.map((f) => f.type)).toEqual([
      { kind: 'string' },
      { kind: 'integer' },
      { kind: 'float' },
      { kind: 'decimal', precision: 4 },
      { kind: 'decimal', precision: 2 },
      { kind: 'decimal', precision: 3 },
      { kind: 'boolean' },
      { kind: 'timestamp' },
      { kind: 'date' },
      { kind: 'uuid' },
    ]);
  });

  it('converts enum values to the field type and keeps weights', () => {
    const { schema } = parseSchema(
      field(`  - name: price
    type: decimal(2)
    constraints:
      enum_values: {values: [1.5, "2.25"], weights: [3, 1]}
`),
      's.yaml',
    );
    expect(schema!.fields[0].constraints.enumValues).toEqual({
      values: [new Scaled(150, 2), new Scaled(225, 2)],
      weights: [3, 1],
    });
  });

  it('gives a nullable field the default null probability and null_probability implies nullable', () => {
    const { schema } = parseSchema(
      field(`  - {name: a, type: string, nullable: true}
  - {name: b, type: string, null_probability: 0.25}
  - {name: c, type: string}
`),
      's.yaml',
    );
    expect(schema!.fields.map((f) => f.nullProbability)).toEqual([0.1, 0.25, 0]);
  });

  it('derives normal and log-normal parameters from the range when the distribution is named only', () => {
    const { schema } = parseSchema(
      field(`  - name: a
    type: float
    constraints: {range: {min: 0, max: 60}, distribution: normal}
  - name: b
    type: float
    constraints: {range: {min: 1, max: 1000}, distribution: log_normal}
`),
      's.yaml',
    );
    expect(schema!.fields[0].constraints.distribution).toEqual({ kind: 'normal', mean: 30, stdDev: 10 });
    const logNormal = schema!.fields[1].constraints.distribution as { mean: number; stdDev: number };
    expect(logNormal.mean).toBeCloseTo(Math.log(1000) / 2, 10);
    expect(logNormal.stdDev).toBeCloseTo(Math.log(1000) / 6, 10);
  });

  it('turns zipf on an unweighted enum into 1/rank^exponent weights', () => {
    const { schema } = parseSchema(
      field(`  - name: a
    type: string
    constraints:
      enum_values: {values: [x, y, z]}
      distribution: {zipf: {exponent: 2}}
`),
      's.yaml',
    );
    expect(schema!.fields[0].constraints.enumValues!.weights).toEqual([1, 1 / 4, 1 / 9]);
  });

  it('reports an unknown type with file:line:col, the YAML path and the valid types', () => {
    const { schema, diagnostics } = parseSchema(field(`  - name: a\n    type: strng\n`), 'app/s.yaml');
    expect(schema).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'schema.unknown-type', line: 4, column: 11, path: 'fields[0].type' });
    expect(formatDiagnostic(diagnostics[0])).toMatch(/^error: app\/s\.yaml:4:11: fields\[0\]\.type: unknown type 'strng'\n {2}hint: valid types: .*did you mean 'string'\?/);
  });

  it('reports a YAML syntax error with its line', () => {
    const { schema, diagnostics } = parseSchema('name: s\nfields:\n  - name: a\n   type: [string\n', 's.yaml');
    expect(schema).toBeNull();
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'yaml.syntax', file: 's.yaml' });
    expect(diagnostics[0].line).toBeGreaterThanOrEqual(3);
  });

  it('warns about unknown keys with "did you mean" and still loads', () => {
    const { schema, diagnostics } = parseSchema(
      `name: s\nrecord_cuont: 5\nfields:\n  - {name: a, type: string, nulable: true}\n`,
      's.yaml',
    );
    expect(schema).not.toBeNull();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "warning: s.yaml:2:1: unknown key 'record_cuont' in the document (ignored; did you mean 'record_count'?)",
      "warning: s.yaml:4:29: unknown key 'nulable' in fields[0] (ignored; did you mean 'nullable'?)",
    ]);
  });

  it.each([
    ['min above max', `{name: a, type: integer, constraints: {range: {min: 5, max: 1}}}`, 'fields[0].constraints.range: min 5 is greater than max 1'],
    ['weights count', `{name: a, type: string, constraints: {enum_values: {values: [x, y], weights: [1]}}}`, 'fields[0].constraints.enum_values.weights: 1 weights for 2 values'],
    ['negative weight', `{name: a, type: string, constraints: {enum_values: {values: [x], weights: [-1]}}}`, "fields[0].constraints.enum_values.weights[0]: expected a number ≥ 0, got -1"],
    ['all-zero weights', `{name: a, type: string, constraints: {enum_values: {values: [x], weights: [0]}}}`, 'fields[0].constraints.enum_values.weights: all weights are zero'],
    ['enum value of the wrong type', `{name: a, type: integer, constraints: {enum_values: {values: [1, x]}}}`, "fields[0].constraints.enum_values.values[1]: expected a integer value, got 'x'"],
    ['bad pattern', `{name: a, type: string, constraints: {pattern: "(a|b"}}`, "fields[0].constraints.pattern: invalid pattern '(a|b': unclosed '(' at position 1"],
    ['negated class', `{name: a, type: string, constraints: {pattern: "[^a]"}}`, "fields[0].constraints.pattern: invalid pattern '[^a]': negated character classes are not supported at position 1"],
    ['bad time spec', `{name: a, type: timestamp, constraints: {timestamp_range: {start: yesterday}}}`, "fields[0].constraints.timestamp_range.start: expected a time spec ('now', '-1h', '30m', or an RFC 3339 instant), got 'yesterday'"],
    ['end before start', `{name: a, type: timestamp, constraints: {timestamp_range: {start: "-1h", end: "-2h"}}}`, 'fields[0].constraints.timestamp_range: end must be after start'],
    ['null probability above 1', `{name: a, type: string, null_probability: 2}`, 'fields[0].null_probability: expected a number in 0–1, got 2'],
    ['unknown distribution', `{name: a, type: float, constraints: {range: {min: 0, max: 1}, distribution: gauss}}`, "fields[0].constraints.distribution: unknown distribution 'gauss'"],
  ])('rejects %s', (_, yaml, message) => {
    const { schema, diagnostics } = parseSchema(field(`  - ${yaml}\n`), 's.yaml');
    expect(schema).toBeNull();
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([message]);
    expect(diagnostics[0].line).toBe(3);
  });

  it.each([
    ['a duplicate field', `  - {name: a, type: string}\n  - {name: a, type: integer}\n`, "duplicate field 'a'", 4],
    ['an unknown group_by field', `  - name: p\n    type: float\n    constraints: {distribution: {random_walk: {group_by: sym}}}\n`, "group_by 'sym' of field 'p' must name another field", 5],
    ['an unknown depends_on field', `  - name: p\n    type: float\n    constraints: {derived: {expression: "q * 2", depends_on: [q]}}\n`, "derived field 'p' depends on unknown field 'q'", 5],
    ['a derived cycle', `  - {name: a, type: float, constraints: {derived: {expression: b, depends_on: [b]}}}\n  - {name: b, type: float, constraints: {derived: {expression: a, depends_on: [a]}}}\n`, 'derived fields depend on each other in a cycle: a → b → a', 3],
  ])('rejects %s at its line', (_, yaml, message, line) => {
    const { schema, diagnostics } = parseSchema(field(yaml), 's.yaml');
    expect(schema).toBeNull();
    expect(diagnostics.map((d) => [d.message, d.line])).toEqual([[message, line]]);
  });

  it('rejects a key_field that names no field', () => {
    const { diagnostics } = parseSchema(`name: s\nkey_field: sym\nfields:\n  - {name: symbol, type: string}\n`, 's.yaml');
    expect(diagnostics.map((d) => [d.message, d.line, d.column])).toEqual([["key_field 'sym' is not a field of this schema", 2, 12]]);
  });

  it('warns when a constraint does not apply to the field type and ignores it', () => {
    const { schema, diagnostics } = parseSchema(field(`  - {name: a, type: string, constraints: {range: {min: 1, max: 2}}}\n`), 's.yaml');
    expect(schema!.fields[0].constraints).toEqual({});
    expect(diagnostics.map((d) => d.message)).toEqual([
      "fields[0].constraints.range: 'range' applies to integer, float, decimal fields, not string (ignored)",
    ]);
  });

  it('follows a git symlink checked out as a file holding the target path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
    fs.writeFileSync(path.join(dir, 'real.schema.yaml'), 'name: real\nfields: [{name: x, type: string}]\n');
    fs.writeFileSync(path.join(dir, 'alias.schema.yaml'), 'real.schema.yaml');
    expect(loadSchema(path.join(dir, 'alias.schema.yaml')).schema!.name).toBe('real');
  });

  it('reports a missing file as an error value', () => {
    const { schema, diagnostics } = loadSchema('/nonexistent/x.schema.yaml');
    expect(schema).toBeNull();
    expect(formatDiagnostic(diagnostics[0])).toBe('error: /nonexistent/x.schema.yaml: cannot read schema: file not found');
  });
});

describe('loadSchemaDirectory', () => {
  it('keys schemas by name and keeps the first of a duplicated name with a warning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'name: t\nfields: [{name: x, type: string}]\n');
    fs.writeFileSync(path.join(dir, 'b.yml'), 'name: t\nfields: [{name: y, type: string}]\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a schema');
    const { schemas, diagnostics } = loadSchemaDirectory(dir);
    expect([...schemas.keys()]).toEqual(['t']);
    expect(schemas.get('t')!.fields[0].name).toBe('x');
    expect(diagnostics.map((d) => d.code)).toEqual(['schema.duplicate-name']);
  });
});
