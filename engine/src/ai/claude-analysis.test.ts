import { claudeAnalyzer, parseAnalysis } from './claude-analysis';
import { fakeMessagesServer } from './fake-messages-server';
import type { FailedQuery } from '../harness/analyse/types';
import { records } from '../harness/assert/testing';
import { loadAppModel } from '../harness/run/app-model';

const ANSWER = `## Summary
The join keys never match.

## Root Cause
orders.customer_id holds REF_ placeholders.
customers has C001…C010.

## Suggestions
1. Add references to the schema.
2. Align enum_values.

## Confidence
85%`;

/** The fake Messages API answering ANSWER, or an overloaded error with `status`. */
const messagesServer = (status = 200) => fakeMessagesServer([status === 200 ? { text: ANSWER } : { status, type: 'overloaded_error', message: 'busy' }]);

function failedQuery(): FailedQuery {
  const app = loadAppModel('/tmp/app.sql', "CREATE STREAM enriched AS SELECT o.id FROM orders o JOIN customers c ON o.customer_id = c.customer_id WITH ('enriched.type' = 'kafka_sink')");
  return {
    report: { name: 'enriched', status: 'failed', duration_ms: 1, record_counts: { inputs: {}, outputs: {} }, performance: { execution_time_ms: 1, records_in: 2, records_per_second: 1, memory_peak_bytes: 0, memory_growth_bytes: 0 }, assertions: [], analysis: [] },
    statement: app.statements[0],
    inputs: new Map([['orders', { source: 'orders', records: records([{ id: 1, customer_id: 'REF_CUSTOMERS_17' }]) }]]),
    outputs: [{ name: 'enriched', location: "topic 'enriched'", aliases: [], records: [] }],
    schemas: new Map(),
    assertions: [{ spec: { type: 'record_count', fields: { greater_than: 0 }, position: { file: 's', line: 1, column: 1 } }, result: { type: 'record_count', passed: false, message: "Expected > 0 records from topic 'enriched'", expected: '> 0', actual: '0' } }],
    job: null,
    timedOut: false,
    unmatchedSinks: [],
    writtenFiles: [],
  };
}

describe('Claude failure analysis through the real SDK over HTTP', () => {
  test('sends one Messages request with the model, limits, SQL and failures; parses the four sections', async () => {
    const server = await messagesServer();
    try {
      const warnings: string[] = [];
      const analyzer = claudeAnalyzer({ env: { ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: server.url, VELOSTREAM_AI_MODEL: 'claude-test' }, warn: (m) => warnings.push(m) });
      const findings = await analyzer.analyzeFailure(failedQuery());
      expect(warnings).toEqual([]);
      expect(server.seen).toHaveLength(1);
      const { path, headers, body } = server.seen[0];
      expect(path).toBe('/v1/messages');
      expect(JSON.stringify(headers)).toContain('sk-test');
      expect(body.model).toBe('claude-test');
      expect(body.max_tokens).toBe(2048);
      expect(body.system).toContain('## Root Cause');
      const prompt = body.messages[0].content;
      expect(prompt).toContain('JOIN customers c ON o.customer_id = c.customer_id');
      expect(prompt).toContain("record_count: Expected > 0 records from topic 'enriched' | expected > 0 | actual 0");
      expect(prompt).toContain('{"id":1,"customer_id":"REF_CUSTOMERS_17"}');
      expect(findings).toEqual([
        {
          rule: 'claude_analysis',
          source: 'claude',
          summary: 'The join keys never match.',
          evidence: ['orders.customer_id holds REF_ placeholders.', 'customers has C001…C010.'],
          suggestion: '1. Add references to the schema.\n2. Align enum_values.',
          confidence: 85,
        },
      ]);
    } finally {
      await server.close();
    }
  });

  test('an API error is one warning and no finding; at most 5 queries per run are sent', async () => {
    const failing = await messagesServer(400);
    try {
      const warnings: string[] = [];
      const analyzer = claudeAnalyzer({ env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: failing.url }, warn: (m) => warnings.push(m) });
      expect(await analyzer.analyzeFailure(failedQuery())).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^Claude analysis of 'enriched' failed: Claude API error 400: busy$/);
      for (let i = 0; i < 6; i++) await analyzer.analyzeFailure(failedQuery());
      expect(failing.seen).toHaveLength(5);
    } finally {
      await failing.close();
    }
  });

  test('an answer without a summary gives no finding', () => {
    expect(parseAnalysis('no sections here')).toBeNull();
  });
});
