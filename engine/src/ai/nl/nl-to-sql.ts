/**
 * `nlToSql(request, context)`: a request in natural language → validated SQL, from one of two
 * engines behind one interface. Claude answers when a key is set and `ai` is not off; otherwise
 * the offline semantic parser. Either way the SQL is parsed and validated against the catalog
 * and the result says which engine answered, what it understood and what it could not map.
 */
import type { Diagnostic } from '../../sql/diagnostics';
import type { NlCatalog } from './catalog';
import { offlineNlToSql } from './offline';
import { checkSql } from './validate-sql';
import { claudeEngine } from './claude-nl';

export type NlEngineName = 'offline' | 'claude';

export interface NlContext {
  catalog: NlCatalog;
  /** SQL of recently executed cells, newest last (Claude context; never data rows). */
  recentCells?: string[];
}

export interface NlResult {
  sql: string;
  /** What the engine understood, one line per item, plus what it could not map. */
  explanation: string;
  engine: NlEngineName;
  valid: boolean;
  diagnostics: Diagnostic[];
  /** Request words the offline engine could not map (empty for Claude). */
  unmapped: string[];
}

export interface NlEngine {
  readonly name: NlEngineName;
  toSql(request: string, context: NlContext): Promise<NlResult>;
}

export const offlineEngine: NlEngine = {
  name: 'offline',
  async toSql(request, context) {
    return offlineResult(request, context.catalog);
  },
};

export function offlineResult(request: string, catalog: NlCatalog): NlResult {
  const answer = offlineNlToSql(request, catalog);
  const lines = answer.understood.map((l) => `- ${l}`);
  if (answer.unmapped.length > 0) lines.push(`- could not map: ${answer.unmapped.map((w) => `“${w}”`).join(', ')}`);
  if (answer.sql === null) {
    const names = catalog.sources.map((s) => s.name).join(', ') || 'none';
    const why = answer.understood.length === 0 ? [`- no source matches the request (known sources: ${names})`] : [];
    return {
      sql: '',
      explanation: [...why, ...lines].join('\n'),
      engine: 'offline',
      valid: false,
      diagnostics: [],
      unmapped: answer.unmapped,
    };
  }
  const check = checkSql(answer.sql, catalog);
  return { sql: answer.sql, explanation: lines.join('\n'), engine: 'offline', valid: check.valid, diagnostics: check.diagnostics, unmapped: answer.unmapped };
}

/** Answers with `engine`; the default is the offline engine. */
export function nlToSql(request: string, context: NlContext, engine: NlEngine = offlineEngine): Promise<NlResult> {
  return engine.toSql(request, context);
}

export interface EngineChoice {
  /** The `ai` setting: `auto` uses Claude when a key is set. */
  ai: 'auto' | 'on' | 'off';
  env: NodeJS.ProcessEnv;
  model?: string;
  signal?: AbortSignal;
}

/** Claude when `ai` allows it and `ANTHROPIC_API_KEY` is set, else the offline engine. */
export function chooseNlEngine(choice: EngineChoice): NlEngine {
  if (choice.ai === 'off' || !choice.env.ANTHROPIC_API_KEY) return offlineEngine;
  return claudeEngine({ env: choice.env, ...(choice.model ? { model: choice.model } : {}), ...(choice.signal ? { signal: choice.signal } : {}) });
}
