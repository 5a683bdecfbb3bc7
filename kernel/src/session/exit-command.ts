/**
 * `exit` / `quit` typed in jupyter_console: consoles leave when the execute_reply carries an
 * `ask_exit` payload (as IPython's kernel sends). Handled by the session so every executor gets it.
 */
import type { JsonObject } from '../protocol/messages';

export function isExitCommand(code: string): boolean {
  return /^\s*(exit|quit)\s*$/.test(code);
}

export const ASK_EXIT_PAYLOAD: JsonObject = { source: 'ask_exit', keepkernel: false };
