/**
 * The Claude NL→SQL engine (kernel spec §4.5): one streamed Messages request carrying the catalog
 * (sources, columns, types, declared values), parameters, the SQL of recent cells and a dialect
 * summary — never data rows. The answer's SQL (code fences stripped) is parsed and validated
 * against the catalog; on errors one repair round sends them back; still invalid → `AiError`
 * with the SQL and the error.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { AiError } from '../errors';
import { aiModel } from '../model';
import { anthropicClient, askClaude } from '../provider-errors';
import { describeCatalog } from './catalog';
import type { NlContext, NlEngine, NlResult } from './nl-to-sql';
import { checkSql } from './validate-sql';

const TIMEOUT_MS = 60_000;
const RECENT_CELLS = 20;

export const NL_SYSTEM_PROMPT = `You write streaming SQL in the Velostream dialect for a data engineer.
Dialect summary:
- SELECT … FROM source [JOIN table t ON …] [WHERE …] [GROUP BY …] [WINDOW …] [HAVING …] [ORDER BY …] [LIMIT n] [EMIT CHANGES|EMIT FINAL]; clauses in that order.
- Time windows: WINDOW TUMBLING(time_col, INTERVAL 'n' MINUTE), WINDOW SLIDING(time_col, 10m, 1m), WINDOW SESSION(time_col, INTERVAL 'n' SECOND). Event time is epoch ms.
- Aggregates without a window use EMIT CHANGES; with a window EMIT FINAL. Window bounds: _window_start, _window_end.
- Row windows: AVG(x) OVER (ROWS WINDOW BUFFER n ROWS PARTITION BY k ORDER BY time_col).
- No % operator (use MOD). String literals in single quotes. WITH properties quote keys and values: WITH ('out.type' = 'file_sink').
- Use only the sources and columns of the catalog; join a stream to a table on a shared key.
Answer with exactly one \`\`\`sql block holding the statement(s), then one or two sentences saying how the SQL reads the request.`;

export interface ClaudeNlOptions {
  env: NodeJS.ProcessEnv;
  /** Overrides VELOSTREAM_AI_MODEL / the default model. */
  model?: string;
  signal?: AbortSignal;
}

export function claudeEngine(options: ClaudeNlOptions): NlEngine {
  const client = anthropicClient(options.env, { timeoutMs: TIMEOUT_MS, maxRetries: 1 });
  const model = options.model ?? aiModel(options.env);
  return {
    name: 'claude',
    async toSql(request: string, context: NlContext): Promise<NlResult> {
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: nlPrompt(request, context) }];
      let answer = await askClaude(client, { model, system: NL_SYSTEM_PROMPT, messages, what: 'natural-language SQL' }, options.signal);
      let { sql, explanation } = splitAnswer(answer);
      let check = checkSql(sql, context.catalog);
      if (!check.valid) {
        messages.push({ role: 'assistant', content: answer }, { role: 'user', content: repairPrompt(check.diagnostics) });
        answer = await askClaude(client, { model, system: NL_SYSTEM_PROMPT, messages, what: 'natural-language SQL' }, options.signal);
        ({ sql, explanation } = splitAnswer(answer));
        check = checkSql(sql, context.catalog);
      }
      if (!check.valid) {
        const first = check.diagnostics.find((d) => d.severity === 'error');
        throw new AiError(`Claude's SQL is still invalid after one repair round: ${first ? `${first.message} (line ${first.line}, column ${first.column})` : 'no SQL'}\n${sql}`, sql, check.diagnostics);
      }
      return { sql, explanation, engine: 'claude', valid: true, diagnostics: check.diagnostics, unmapped: [] };
    },
  };
}

/** The user message: catalog, parameters, recent cells, request. */
export function nlPrompt(request: string, context: NlContext): string {
  const parts = ['## Catalog', describeCatalog(context.catalog) || '(empty)'];
  const params = Object.entries(context.catalog.parameters ?? {});
  if (params.length) parts.push('## Parameters (use as ${name})', ...params.map(([k, v]) => `- ${k} = ${v}`));
  const recent = (context.recentCells ?? []).slice(-RECENT_CELLS);
  if (recent.length) parts.push('## Recently executed cells', ...recent.map((c) => `\`\`\`sql\n${c.trim()}\n\`\`\``));
  parts.push('## Request', request.trim());
  return parts.join('\n');
}

function repairPrompt(diagnostics: NlResult['diagnostics']): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => `- line ${d.line}, column ${d.column}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  return `That SQL does not validate:\n${errors.join('\n') || '- no SQL statement found'}\nAnswer again with the corrected SQL in one \`\`\`sql block.`;
}

/** The SQL of the first fenced block (or the whole answer when there is none) and the prose around it. */
export function splitAnswer(answer: string): { sql: string; explanation: string } {
  const fence = /```(?:sql)?\s*\n([\s\S]*?)```/i.exec(answer);
  if (!fence) return { sql: answer.trim(), explanation: '' };
  const explanation = (answer.slice(0, fence.index) + answer.slice(fence.index + fence[0].length)).trim();
  return { sql: fence[1].trim(), explanation };
}
