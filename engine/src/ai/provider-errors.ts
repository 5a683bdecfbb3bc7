/**
 * The Claude client of the engine's AI features and SDK errors as readable `AiError`s (kernel
 * spec §6.2). The key is never part of a message: the SDK's own messages do not include it, and
 * nothing here adds request headers.
 */
import Anthropic from '@anthropic-ai/sdk';
import { AiError } from './errors';

export function aiErrorFrom(e: unknown, what?: string): AiError {
  if (e instanceof AiError) return e;
  const lead = what ? `${what}: ` : '';
  if (e instanceof Anthropic.AuthenticationError) return new AiError(`${lead}Claude rejected the API key (401); check ANTHROPIC_API_KEY`);
  if (e instanceof Anthropic.PermissionDeniedError) return new AiError(`${lead}the API key may not use this model (403); check ai_model`);
  if (e instanceof Anthropic.NotFoundError) return new AiError(`${lead}model not found (404); check ai_model / VELOSTREAM_AI_MODEL`);
  if (e instanceof Anthropic.RateLimitError) return new AiError(`${lead}rate limited by the Claude API (429); try again shortly`);
  if (e instanceof Anthropic.APIConnectionTimeoutError) return new AiError(`${lead}the Claude API timed out`);
  if (e instanceof Anthropic.APIUserAbortError) return new AiError(`${lead}cancelled`);
  if (e instanceof Anthropic.APIConnectionError) return new AiError(`${lead}cannot reach the Claude API (${(e.cause as Error | undefined)?.message ?? e.message})`);
  if (e instanceof Anthropic.APIError) return new AiError(`${lead}Claude API error${e.status ? ` ${e.status}` : ''}: ${apiMessage(e)}`);
  return new AiError(`${lead}${(e as Error).message ?? String(e)}`);
}

function apiMessage(e: InstanceType<typeof Anthropic.APIError>): string {
  const body = e.error as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? e.message;
}

/** The SDK client for the engine's AI features: key from the environment, base URL honoured. */
export function anthropicClient(env: NodeJS.ProcessEnv, options: { timeoutMs: number; maxRetries: number }): Anthropic {
  return new Anthropic({
    apiKey: env.ANTHROPIC_API_KEY,
    ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
}

const MAX_TOKENS = 2048;

/** One streamed Messages request; the text of the answer, or an `AiError` naming `what` failed. */
export async function askClaude(client: Anthropic, request: { model: string; system: string; messages: Anthropic.MessageParam[]; what: string }, signal?: AbortSignal): Promise<string> {
  try {
    const stream = client.messages.stream({ model: request.model, max_tokens: MAX_TOKENS, system: request.system, messages: request.messages }, signal ? { signal } : {});
    const message = await stream.finalMessage();
    return message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  } catch (e) {
    throw aiErrorFrom(e, request.what);
  }
}
