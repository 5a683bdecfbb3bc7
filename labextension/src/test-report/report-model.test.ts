import { bannerText, querySections, runFacts } from './report-model';
import type { TestJson } from './types';

const assertion = (type: string, passed: boolean) => ({ type, passed, message: `${type} ${passed ? 'ok' : 'failed'}`, expected: null, actual: null, details: {} });

const report: TestJson = {
  version: 1,
  status: 'failed',
  seed: 42,
  inputs: { trades: 500 },
  queries: [
    { name: 'ok_query', status: 'passed', assertions: [assertion('record_count', true)] },
    { name: 'bad_query', status: 'failed', assertions: [assertion('record_count', true), assertion('field_values', false)] },
  ],
  execution_ms: 12,
  generation_ms: 3,
  throughput_rps: 41667,
  peak_memory_bytes: 52 * 1024 * 1024,
  analysis: [
    { query: 'bad_query', rule: 'filter', source: 'rules', summary: 'WHERE removed every row', evidence: ['qty in 1..100'], suggestion: 'relax the filter', assertion_index: 1 },
  ],
};

describe('test report model', () => {
  it('says the verdict, the assertion counts and the seed', () => {
    expect(bannerText(report)).toBe('failed · 2 of 3 assertions passed · 2 queries · seed 42');
  });

  it('puts failing queries and failed assertions first, with the analysis of each assertion', () => {
    const sections = querySections(report);
    expect(sections.map((s) => s.name)).toEqual(['bad_query', 'ok_query']);
    expect(sections[0].rows.map((r) => r.assertion.type)).toEqual(['field_values', 'record_count']);
    expect(sections[0].rows[0].findings.map((f) => f.rule)).toEqual(['filter']);
    expect(sections[0].rows[1].findings).toEqual([]);
  });

  it('lists inputs, timing, memory and how to reproduce', () => {
    expect(runFacts(report)).toEqual([
      'inputs: trades 500',
      'execution 12 ms',
      'generation 3 ms',
      '41,667 rec/s',
      'peak memory 52.0 MB',
      'reproduce with %%test --seed 42',
    ]);
  });
});
