/**
 * The Claude inline completer (kernel spec §6.2): one `messages.stream()` request with the text
 * around the cursor (≤ 8,000 code points each side), the schemas of the sources the cell names,
 * the parameters and recent cells' SQL — never data rows. Deltas are forwarded as they arrive
 * (fences and an echoed prefix removed); the final text is checked by the validator and cut back
 * like the offline completer's. `maxRetries: 1`; the caller's signal aborts the request.
 */
import { aiModel } from '../model';
import { aiErrorFrom, anthropicClient } from '../provider-errors';
import { describeCatalog, type NlCatalog } from '../nl/catalog';
import type { AssistContext, AssistRequest, Completer } from './completer';
import { cleanModelText, fitInsertion } from './insertion';

const TIMEOUT_MS = 10_000;
const MAX_TOKENS = 512;
const CONTEXT_CODE_POINTS = 8000;
const RECENT_CELLS = 5;

export const ASSIST_SYSTEM_PROMPT = `You complete Velostream streaming SQL at the cursor in a Jupyter cell, like an editor's inline suggestion.
Answer with only the text to insert at the cursor — no explanation, no code fences, do not repeat text before the cursor.
Finish the statement the cursor is in so that it is valid: clause order SELECT, FROM, JOIN … ON, WHERE, GROUP BY, WINDOW, HAVING, ORDER BY, LIMIT, EMIT; aggregates per key use GROUP BY key WINDOW TUMBLING(time_col, INTERVAL 'n' MINUTE) EMIT FINAL (EMIT CHANGES without a window); end with ';'.
Use only the sources and columns given. At most 20 lines.`;

export interface ClaudeCompleterOptions {
  env: NodeJS.ProcessEnv;
  model?: string;
}

export function claudeCompleter(options: ClaudeCompleterOptions): Completer {
  const client = anthropicClient(options.env, { timeoutMs: TIMEOUT_MS, maxRetries: 1 });
  const model = options.model ?? aiModel(options.env);
  return {
    name: 'claude',
    async complete(request, context, { onChunk, signal } = {}) {
      let raw = '';
      let sent = '';
      try {
        const stream = client.messages.stream({ model, max_tokens: MAX_TOKENS, system: ASSIST_SYSTEM_PROMPT, messages: [{ role: 'user', content: assistPrompt(request, context) }] }, signal ? { signal } : {});
        stream.on('text', (delta) => {
          raw += delta;
          // Hold back while an opening fence may still be arriving.
          if (/^\s*`/.test(raw) && !raw.includes('\n')) return;
          const clean = cleanModelText(raw, request.prefix);
          if (clean.startsWith(sent) && clean.length > sent.length) {
            onChunk?.(clean.slice(sent.length));
            sent = clean;
          }
        });
        await stream.finalMessage();
      } catch (e) {
        throw aiErrorFrom(e, 'inline completion');
      }
      const fitted = fitInsertion(request.prefix, cleanModelText(raw, request.prefix), request.suffix, context.catalog);
      return { insertText: fitted.text, engine: 'claude', valid: fitted.valid };
    },
  };
}

/** The user message: sources the cell names (all when it names none), parameters, recent cells, the cell around the cursor. */
export function assistPrompt(request: AssistRequest, context: AssistContext): string {
  const cell = request.prefix + request.suffix;
  const named = context.catalog.sources.filter((s) => new RegExp(`\\b${s.name}\\b`, 'i').test(cell));
  const catalog: NlCatalog = { sources: named.length ? named : context.catalog.sources };
  const parts = ['## Sources', describeCatalog(catalog) || '(none)'];
  const params = Object.entries(context.catalog.parameters ?? {});
  if (params.length) parts.push('## Parameters (use as ${name})', ...params.map(([k, v]) => `- ${k} = ${v}`));
  const recent = (context.recentCells ?? []).slice(-RECENT_CELLS);
  if (recent.length) parts.push('## Recently executed cells', ...recent.map((c) => `\`\`\`sql\n${c.trim()}\n\`\`\``));
  parts.push('## Cell before the cursor', lastCodePoints(request.prefix), '## Cell after the cursor', firstCodePoints(request.suffix) || '(nothing)');
  return parts.join('\n');
}

function lastCodePoints(text: string): string {
  const points = [...text];
  return points.length > CONTEXT_CODE_POINTS ? points.slice(-CONTEXT_CODE_POINTS).join('') : text;
}

function firstCodePoints(text: string): string {
  const points = [...text];
  return points.length > CONTEXT_CODE_POINTS ? points.slice(0, CONTEXT_CODE_POINTS).join('') : text;
}
