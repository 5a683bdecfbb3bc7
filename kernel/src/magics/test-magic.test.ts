import { fakeMessagesServer } from '@velostream/engine';
import { newExecutor, plain, runCell } from '../../test/helpers/cell';
import { TEST_MIME } from './test-magic';

const SCHEMA = `%%schema trades
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 10, max: 20}}}
`;

describe('%%test', () => {
  it('passes on a registered schema and shows the report with test+json v1', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    const run = await runCell(executor, '%%test --records 50\n-- @assert: record_count > 0\n-- @assert: field_values(price > 5)\nSELECT symbol, price FROM trades;');
    expect(run.outcome.status).toBe('ok');
    const report = run.outputs.find((o) => o.type === 'display_data' && o.data![TEST_MIME])!;
    const json = report.data![TEST_MIME] as { version: number; status: string; seed: number; queries: { assertions: { passed: boolean }[] }[]; inputs: Record<string, number> };
    expect(json).toMatchObject({ version: 1, status: 'passed', seed: 42, inputs: { trades: 50 } });
    expect(json.queries[0].assertions.map((a) => a.passed)).toEqual([true, true]);
    expect(plain(report)).toContain('PASS');
  });

  it('a failing assertion shows the report, then one TestFailure', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    const run = await runCell(executor, '%%test --records 20\n-- @assert: field_values(price > 15)\n-- @assert: record_count > 0\nSELECT symbol, price FROM trades;');
    // The progress display of the query's processing (shown, then finished under its id), then the report.
    expect(run.outputs.map((o) => o.type)).toEqual(['display_data', 'update_display_data', 'display_data']);
    expect(plain(run.outputs[1])).toMatch(/^process query: 20 of 20 records in \d+\.\d s$/);
    expect(run.outputs[2].data![TEST_MIME]).toMatchObject({ status: 'failed' });
    expect(run.outcome).toMatchObject({ status: 'error', ename: 'TestFailure', evalue: '1 of 2 assertions failed' });
  });

  it('a malformed @assert line stops the cell with an error naming the line', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    const run = await runCell(executor, '%%test\n-- @assert: record_count >>> 1\nSELECT * FROM trades;');
    expect(run.outputs).toEqual([]);
    expect(run.outcome).toMatchObject({ status: 'error', ename: 'MagicError', evalue: expect.stringMatching(/^malformed @assert 'record_count >>> 1': .* \(line 2, column 1\)$/) });
  });

  it('a source without schema is a validation error pointing at it, with no report', async () => {
    const { executor } = newExecutor();
    const run = await runCell(executor, '%%test\nSELECT * FROM nothing;');
    expect(run.outputs).toEqual([]);
    expect(run.outcome).toMatchObject({ ename: 'SqlValidationError', evalue: 'no schema for nothing; define it with %%schema nothing (line 2, column 15)' });
  });
});

describe('%%test --ai', () => {
  const ANSWER = '## Summary\nNo price is above 15 in the generated range.\n## Root Cause\nprice spans 10..20.\n## Suggestions\n1. Widen the range.\n## Confidence\n80%';

  it('asks Claude through the SDK about the failure and shows its finding in the report', async () => {
    const server = await fakeMessagesServer([{ text: ANSWER }]);
    const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
    Object.assign(process.env, { ANTHROPIC_API_KEY: 'sk-test-analysis', ANTHROPIC_BASE_URL: server.url });
    try {
      const { executor } = newExecutor();
      await runCell(executor, SCHEMA);
      const run = await runCell(executor, '%%test --ai --records 20\n-- @assert: field_values(price > 15)\nSELECT symbol, price FROM trades;');
      expect(run.outcome).toMatchObject({ ename: 'TestFailure' });
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0].body.messages[0].content).toContain('SELECT symbol, price FROM trades\n');
      const report = run.outputs.find((o) => o.type === 'display_data' && o.data![TEST_MIME])!;
      expect(plain(report)).toContain('No price is above 15 in the generated range.');
      expect(JSON.stringify(run.outputs)).not.toContain('sk-test-analysis');
    } finally {
      for (const [k, v] of [['ANTHROPIC_API_KEY', saved.key], ['ANTHROPIC_BASE_URL', saved.url]] as const) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      await server.close();
    }
  });

  it('without a key, --ai says so and keeps the rule-based analysis', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const { executor } = newExecutor();
      await runCell(executor, SCHEMA);
      const run = await runCell(executor, '%%test --ai --records 20\n-- @assert: field_values(price > 15)\nSELECT symbol, price FROM trades;');
      expect(run.outputs[0]).toMatchObject({ type: 'stream', text: expect.stringContaining('AI analysis needs ANTHROPIC_API_KEY') });
      expect(run.outcome).toMatchObject({ ename: 'TestFailure' });
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});
