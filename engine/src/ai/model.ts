/**
 * The Claude model the engine's AI features use: `VELOSTREAM_AI_MODEL`, else the project's
 * shared default (the kernel's `ai_model` default, kernel spec §5).
 */
export const DEFAULT_AI_MODEL = 'claude-sonnet-5-5';

export function aiModel(env: NodeJS.ProcessEnv = process.env): string {
  return env.VELOSTREAM_AI_MODEL?.trim() || DEFAULT_AI_MODEL;
}
