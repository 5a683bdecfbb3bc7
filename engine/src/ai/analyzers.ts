/**
 * The analysers a run uses (harness spec §9): the offline rules always; Claude in addition
 * when an API key is set and `--no-ai` is not given.
 */
import { claudeAnalyzer } from './claude-analysis';
import { offlineAnalyzer } from '../harness/analyse/rules';
import type { FailureAnalyzer } from '../harness/analyse/types';

export interface AnalyzerOptions {
  ai: boolean;
  env: NodeJS.ProcessEnv;
  warn: (message: string) => void;
}

export function defaultAnalyzers(options: AnalyzerOptions): FailureAnalyzer[] {
  const analyzers: FailureAnalyzer[] = [offlineAnalyzer];
  if (options.ai && options.env.ANTHROPIC_API_KEY) analyzers.push(claudeAnalyzer({ env: options.env, warn: options.warn }));
  return analyzers;
}
