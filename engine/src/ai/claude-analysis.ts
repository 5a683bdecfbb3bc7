/**
 * Claude failure analysis (harness spec §9.2): one Messages API request per failed query (at
 * most 5 per run) through `@anthropic-ai/sdk` — max_tokens 2048, timeout 60 s — carrying the
 * statement SQL, input schemas, failed assertions, offline findings and the first 5 input and
 * output records. The answer's four markdown sections become one finding with
 * `source: "claude"`. An API error is one warning; the offline findings remain.
 * `ANTHROPIC_BASE_URL` is honoured, so tests point the real SDK at a local server.
 */
import { fieldsToJson } from '../types/values/format';
import { analyseOffline } from '../harness/analyse/rules';
import type { FailedQuery, FailureAnalyzer } from '../harness/analyse/types';
import { assertionOutcome, type AnalysisFinding } from '../harness/report/types';
import { aiModel } from './model';
import { aiErrorFrom, anthropicClient } from './provider-errors';

export const MAX_CLAUDE_QUERIES = 5;
const MAX_TOKENS = 2048;
const TIMEOUT_MS = 60_000;

export const ANALYSIS_SYSTEM_PROMPT = `You diagnose failing tests of streaming SQL applications (Velostream dialect: CREATE STREAM/TABLE AS SELECT, windows, EMIT CHANGES/FINAL, joins over Kafka topics).
You receive the statement, the schemas its inputs were generated from, the failed assertions, findings of offline rules, and sample input and output records.
Answer in markdown with exactly these sections:
## Summary
One sentence naming the most likely cause.
## Root Cause
A short explanation grounded in the evidence.
## Suggestions
A numbered list of concrete fixes to the SQL, the schema or the test spec.
## Confidence
A percentage.`;

export interface ClaudeAnalyzerOptions {
  env: NodeJS.ProcessEnv;
  warn: (message: string) => void;
}

export function claudeAnalyzer(options: ClaudeAnalyzerOptions): FailureAnalyzer {
  const client = anthropicClient(options.env, { timeoutMs: TIMEOUT_MS, maxRetries: 1 });
  const model = aiModel(options.env);
  let calls = 0;
  return {
    async analyzeFailure(failed: FailedQuery): Promise<AnalysisFinding[]> {
      if (calls >= MAX_CLAUDE_QUERIES) return [];
      calls++;
      try {
        const response = await client.messages.create({
          model,
          max_tokens: MAX_TOKENS,
          system: ANALYSIS_SYSTEM_PROMPT,
          messages: [{ role: 'user', content: analysisPrompt(failed) }],
        });
        const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
        const finding = parseAnalysis(text);
        return finding ? [finding] : [];
      } catch (e) {
        options.warn(`Claude analysis of '${failed.report.name}' failed: ${aiErrorFrom(e).message}`);
        return [];
      }
    },
  };
}

/** The user message: everything the model needs, as compact text. */
export function analysisPrompt(q: FailedQuery): string {
  const parts = [`# Query '${q.report.name}' (${q.report.status})`];
  if (q.statement) parts.push('## SQL', '```sql', q.statement.statement.text, '```');
  for (const [source, schema] of q.schemas) {
    parts.push(`## Schema of input '${source}'`, schema.fields.map((f) => `- ${f.name}: ${f.type.kind}${f.nullProbability > 0 ? ' (nullable)' : ''}`).join('\n'));
  }
  if (q.report.error) parts.push('## Error', q.report.error);
  const failedAssertions = q.assertions.filter((a) => assertionOutcome(a.result) === 'failed');
  if (failedAssertions.length > 0) {
    parts.push('## Failed assertions', ...failedAssertions.map((a) => `- ${a.result.type}: ${a.result.message}${a.result.expected ? ` | expected ${a.result.expected}` : ''}${a.result.actual ? ` | actual ${a.result.actual}` : ''}`));
  }
  const offline = analyseOffline(q);
  if (offline.length > 0) parts.push('## Offline findings', ...offline.map((f) => `- ${f.rule}: ${f.summary}; ${f.evidence.join('; ')}`));
  for (const [source, data] of q.inputs) parts.push(`## First input records of '${source}'`, ...data.records.slice(0, 5).map((r) => fieldsToJson(r.fields)));
  for (const output of q.outputs) parts.push(`## First output records of ${output.location}`, ...output.records.slice(0, 5).map((r) => fieldsToJson(r.fields)));
  return parts.join('\n');
}

/** The four sections of the answer as a finding, or null when there is no summary. */
export function parseAnalysis(markdown: string): AnalysisFinding | null {
  const sections = new Map<string, string>();
  let current: string | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^#{1,3}\s*(.+?)\s*$/.exec(line);
    if (heading) {
      current = heading[1].toLowerCase();
      sections.set(current, '');
    } else if (current) sections.set(current, `${sections.get(current)}${line}\n`);
  }
  const summary = sections.get('summary')?.trim();
  if (!summary) return null;
  const confidence = Number(/(\d+(?:\.\d+)?)\s*%/.exec(sections.get('confidence') ?? '')?.[1]);
  const rootCause = sections.get('root cause')?.trim();
  return {
    rule: 'claude_analysis',
    source: 'claude',
    summary,
    evidence: rootCause ? rootCause.split('\n').filter((l) => l.trim() !== '') : [],
    suggestion: (sections.get('suggestions') ?? '').trim(),
    ...(Number.isFinite(confidence) ? { confidence } : {}),
  };
}
