import { formatDiagnostic } from '../generator/diagnostics';
import { parseSpec } from './load-spec';

const errors = (yaml: string) => parseSpec(yaml, 's.yaml').diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);

describe('parseSpec', () => {
  test('defaults, inputs as a map, from_file, from_previous: true and time specs', () => {
    const { spec, diagnostics } = parseSpec(
      `application: a
seed: 7
now: "2024-06-01T00:00:00Z"
config: {factor: 2}
queries:
  - name: first
    inputs: {trades: {records: 5, from_file: data/t.csv, time_simulation: {start_time: -10m, jitter_ms: 5}}}
  - name: second
    inputs: [{source: first_out, from_previous: true}]
`,
      's.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(spec).toMatchObject({ application: 'a', seed: 7, nowMs: Date.UTC(2024, 5, 1), defaultTimeoutMs: 30000, defaultRecords: 1000, config: { factor: '2' } });
    expect(spec!.queries[0].inputs[0]).toMatchObject({ source: 'trades', records: 5, dataFile: 'data/t.csv', timeSimulation: { start: { kind: 'relative', offsetMs: -600000 }, jitterMs: 5, sequential: true } });
    expect(spec!.queries[1].inputs[0].fromPrevious).toBe('first');
  });

  test('alternative assertion forms are normalised', () => {
    const { spec } = parseSpec(
      `application: a
queries:
  - name: q
    inputs: []
    assertions:
      - {type: record_count, operator: greater_than, expected: 3}
      - {type: aggregate_check, expression: "sum(qty)", operator: ">=", expected: 10}
      - {type: field_values, field: p, operator: gte, value: 1}
      - {type: field_values, field: p, min: 1, max: 5}
      - {type: field_in_set, field: f, values: [0, 1]}
      - {type: unique_values, fields: [id]}
      - {type: metric_exists, name: m, expected_type: gauge}
`,
      's.yaml',
    );
    expect(spec!.queries[0].assertions.map((a) => [a.type, a.fields])).toEqual([
      ['record_count', { greater_than: 3 }],
      ['aggregate_check', { function: 'SUM', field: 'qty', expected: 10, operator: 'greater_than_or_equals' }],
      ['field_values', { field: 'p', operator: 'greater_than_or_equals', value: 1 }],
      ['field_values', { field: 'p', operator: 'between', range: [1, 5] }],
      ['field_in_set', { field: 'f', values: ['0', '1'] }],
      ['no_duplicates', { key_fields: ['id'] }],
      ['metric_exists', { name: 'm', metric_type: 'gauge' }],
    ]);
  });

  test('errors carry file:line:col and the YAML path; all are listed', () => {
    expect(
      errors(`application: a
default_timeout_ms: -5
queries:
  - name: q
    inputs: [{source: s, from_previous: nope}]
    assertions:
      - {type: join_coverage, min_match_rate: 1.5}
      - {type: field_values, field: x, operator: bigger, value: 1}
      - {type: schema_contains}
  - name: q
    inputs: []
`),
    ).toEqual([
      'error: s.yaml:2:21: default_timeout_ms: expected an integer > 0, got -5',
      'error: s.yaml:7:47: queries[0].assertions[0].min_match_rate: expected a number in 0–1, got 1.5',
      "error: s.yaml:8:50: queries[0].assertions[1].operator: expected one of equals, not_equals, greater_than, less_than, greater_than_or_equals, less_than_or_equals, contains, starts_with, ends_with, matches, got 'bigger'",
      "error: s.yaml:9:9: queries[0].assertions[2].fields: required key 'fields' is missing",
      "error: s.yaml:4:5: queries[0].inputs[0].from_previous: unknown query 'nope'",
      "error: s.yaml:10:5: queries[1].name: duplicate query name 'q'",
    ]);
  });

  test('old demo keys warn as unknown keys', () => {
    const { spec, diagnostics } = parseSpec('application: a\nscenarios: []\nqueries: []\n', 's.yaml');
    expect(spec).not.toBeNull();
    expect(diagnostics.map(formatDiagnostic)[0]).toBe("warning: s.yaml:2:1: unknown key 'scenarios' in the document (ignored)\n  hint: known keys: application, description, default_timeout_ms, default_records, seed, now, topic_naming, config, queries");
  });
});
