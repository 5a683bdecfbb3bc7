/**
 * Claude's part in app generation: it reads the request, the catalog (no rows) and the templates'
 * roles, and answers which template, which stream and which column plays each role — the choice
 * the offline mapper makes by name similarity, but with the request's meaning. The answer is
 * checked (template, stream and columns exist, required roles filled); on errors one repair round;
 * still wrong → `AiError`. The app itself is then built from the template, so it always validates
 * the same way as the offline one.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { AiError } from '../errors';
import { aiModel } from '../model';
import { anthropicClient, askClaude } from '../provider-errors';
import { describeCatalog, type NlCatalog } from '../nl/catalog';
import type { EngineChoice } from '../nl/nl-to-sql';
import { TEMPLATES } from './templates';

export interface AppChoice {
  template: string;
  source: string;
  /** Role → column. */
  mapping: Record<string, string>;
}

export const APP_SYSTEM_PROMPT = `You help a data engineer start a streaming application from a template.
Pick the template that fits the request, the stream it runs on, and for every role the column of that stream that plays it.
Answer with one JSON object only: {"template": "<id>", "source": "<stream>", "mapping": {"<role>": "<column>", …}}. Optional roles may be left out.`;

export interface ClaudeAppOptions {
  env: NodeJS.ProcessEnv;
  model?: string;
  signal?: AbortSignal;
}

export async function claudeAppChoice(request: string, catalog: NlCatalog, options: ClaudeAppOptions): Promise<AppChoice> {
  const client = anthropicClient(options.env, { timeoutMs: 60_000, maxRetries: 1 });
  const model = options.model ?? aiModel(options.env);
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: appPrompt(request, catalog) }];
  const ask = () => askClaude(client, { model, system: APP_SYSTEM_PROMPT, messages, what: 'app generation' }, options.signal);
  let answer = await ask();
  let checked = checkChoice(answer, catalog);
  if (typeof checked === 'string') {
    messages.push({ role: 'assistant', content: answer }, { role: 'user', content: `That answer cannot be used: ${checked}\nAnswer again with the JSON object only.` });
    answer = await ask();
    checked = checkChoice(answer, catalog);
  }
  if (typeof checked === 'string') throw new AiError(`Claude's app choice is still unusable after one repair round: ${checked}`);
  return checked;
}

export function appPrompt(request: string, catalog: NlCatalog): string {
  const templates = TEMPLATES.map((t) => `- ${t.id} (${t.title}): ${t.roles.map((r) => `${r.name} ${r.type}${r.optional ? ' optional' : ''}`).join(', ')}`);
  return ['## Catalog', describeCatalog(catalog), '## Templates (role type: key = id or name, numeric, text, time = event-time column)', ...templates, '## Request', request.trim()].join('\n');
}

/** The parsed choice, or what is wrong with it. */
export function checkChoice(answer: string, catalog: NlCatalog): AppChoice | string {
  const json = /\{[\s\S]*\}/.exec(answer)?.[0];
  let value: unknown;
  try {
    value = JSON.parse(json ?? '');
  } catch {
    return 'no JSON object in the answer';
  }
  const { template, source, mapping } = value as Partial<AppChoice>;
  const t = TEMPLATES.find((x) => x.id === template);
  if (!t) return `unknown template '${String(template)}' (one of ${TEMPLATES.map((x) => x.id).join(', ')})`;
  const s = catalog.sources.find((x) => x.name === source && x.kind === 'stream');
  if (!s) return `unknown stream '${String(source)}'`;
  if (!mapping || typeof mapping !== 'object') return 'no mapping';
  const problems: string[] = [];
  for (const role of t.roles) {
    const column = (mapping as Record<string, unknown>)[role.name];
    if (column === undefined) {
      if (!role.optional && role.type !== 'time') problems.push(`role '${role.name}' is not mapped`);
    } else if (!s.columns.some((c) => c.name === column)) problems.push(`${source} has no column '${String(column)}' (for ${role.name})`);
  }
  return problems.length ? problems.join('; ') : { template: t.id, source: s.name, mapping: mapping as Record<string, string> };
}

/** Claude's choice when `ai` allows it and a key is set; undefined means the offline mapper decides. */
export async function appChoiceFor(request: string, catalog: NlCatalog, choice: EngineChoice): Promise<AppChoice | undefined> {
  if (choice.ai === 'off' || !choice.env.ANTHROPIC_API_KEY) return undefined;
  return claudeAppChoice(request, catalog, { env: choice.env, ...(choice.model ? { model: choice.model } : {}), ...(choice.signal ? { signal: choice.signal } : {}) });
}
