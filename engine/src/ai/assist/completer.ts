/**
 * Inline completion (kernel spec §6.2) behind one interface: the text before and after the
 * cursor → text to insert, streamed in order as chunks and returned whole at the end. The
 * offline completer answers without a key; Claude answers when a key is set and `ai` is not off.
 * Either answer has been checked by the engine's validator and trimmed (insertion.ts).
 */
import type { NlCatalog } from '../nl/catalog';
import type { EngineChoice } from '../nl/nl-to-sql';
import { claudeCompleter } from './claude-completer';
import { offlineComplete } from './offline-completer';

export type AssistEngineName = 'offline' | 'claude';

export interface AssistRequest {
  /** Cell text before the cursor. */
  prefix: string;
  /** Cell text after the cursor. */
  suffix: string;
}

export interface AssistContext {
  catalog: NlCatalog;
  /** SQL of recently executed cells, newest last (Claude context; never data rows). */
  recentCells?: string[];
}

export interface AssistOptions {
  /** Called with each delta of the text to insert, in order. */
  onChunk?: (text: string) => void;
  signal?: AbortSignal;
}

export interface AssistAnswer {
  insertText: string;
  engine: AssistEngineName;
  /** The cell validates with the text inserted. */
  valid: boolean;
}

export interface Completer {
  readonly name: AssistEngineName;
  complete(request: AssistRequest, context: AssistContext, options?: AssistOptions): Promise<AssistAnswer>;
}

export const offlineCompleter: Completer = {
  name: 'offline',
  async complete(request, context, options = {}) {
    const { text, valid } = offlineComplete(request.prefix, request.suffix, context.catalog);
    // One chunk per clause, so a streaming frontend shows the same protocol for both engines.
    for (const chunk of text.match(/\s*\S+(?:\s+(?![A-Z]{2,}\b)\S+)*/g) ?? []) options.onChunk?.(chunk);
    return { insertText: text, engine: 'offline', valid };
  },
};

/** Claude when `ai` allows it and `ANTHROPIC_API_KEY` is set, else the offline completer. */
export function chooseCompleter(choice: Omit<EngineChoice, 'signal'>): Completer {
  if (choice.ai === 'off' || !choice.env.ANTHROPIC_API_KEY) return offlineCompleter;
  return claudeCompleter({ env: choice.env, ...(choice.model ? { model: choice.model } : {}) });
}
