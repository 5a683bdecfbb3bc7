/**
 * `AiError`: an AI feature could not give a usable answer — the provider failed (auth, rate
 * limit, timeout, connection) or its SQL stayed invalid after the repair round. The message is
 * what a user reads; `sql` and `diagnostics` carry the last attempt when there was one.
 */
import type { Diagnostic } from '../sql/diagnostics';

export class AiError extends Error {
  override readonly name = 'AiError';
  constructor(
    message: string,
    readonly sql: string | null = null,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}
