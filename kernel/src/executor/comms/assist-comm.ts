/**
 * The `velostream.assist` comm (kernel spec §6.2): inline completion for the cell being edited.
 * `complete` starts a request — the offline completer, or Claude when a key is set and `ai` is
 * not off — whose text streams as `chunk`s and always ends with one `result`; `cancel`, a newer
 * `complete` for the same cell, the 10 s timeout and closing the comm end it early (the model
 * call is aborted and the `result` says so at once, without waiting for the call to unwind).
 */
import { AiError, catalogFromEngine, chooseCompleter, type DataSchema } from '@velostream/engine';
import type { Logger } from '../../log';
import type { JsonObject, MessageHeader } from '../../protocol/messages';
import type { Comm, CommRegistry } from '../../session/comms';
import type { Notebook } from '../notebook/notebook';

export const ASSIST_TARGET = 'velostream.assist';
export const ASSIST_TIMEOUT_MS = 10_000;

interface Running {
  cellId: string;
  controller: AbortController;
  /** Sends the request's one `result`; later calls do nothing. */
  finish(result: JsonObject): Promise<void>;
}

export function registerAssistComm(comms: CommRegistry, notebook: Notebook, log: Logger, env: NodeJS.ProcessEnv = process.env): void {
  comms.registerTarget(ASSIST_TARGET, () => {
    const running = new Map<string, Running>();
    const endAll = (result: JsonObject) => Promise.all([...running.values()].map((r) => r.finish(result)));
    return {
      onMessage: ({ data, header }, comm) => {
        const requestId = String(data.request_id ?? '');
        if (data.type === 'cancel') return running.get(requestId)?.finish({ items: [], cancelled: true });
        if (data.type !== 'complete') return comm.send({ type: 'result', request_id: requestId, items: [], done: true, error: { message: `unknown request type ${String(data.type)}` } }, header);
        const cellId = String(data.cell_id ?? '');
        const previous = [...running.values()].filter((r) => r.cellId === cellId);
        // Not awaited: a cancel for this request must be read while it runs.
        void Promise.all(previous.map((r) => r.finish({ items: [], cancelled: true }))).then(() => start(comm, header, requestId, cellId, data));
      },
      onClose: () => void endAll({ items: [], cancelled: true }),
    };

    async function start(comm: Comm, header: MessageHeader, requestId: string, cellId: string, data: JsonObject): Promise<void> {
      const controller = new AbortController();
      let finished = false;
      const timer = setTimeout(() => void entry.finish({ items: [], error: { message: `inline completion timed out after ${ASSIST_TIMEOUT_MS / 1000} s` } }), ASSIST_TIMEOUT_MS);
      const entry: Running = {
        cellId,
        controller,
        finish: async (result) => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          running.delete(requestId);
          controller.abort();
          await comm.send({ type: 'result', request_id: requestId, done: true, ...result }, header);
        },
      };
      running.set(requestId, entry);
      const settings = notebook.settings.values;
      const completer = chooseCompleter({ ai: settings.ai, env, model: settings.ai_model });
      const schemas = new Map<string, DataSchema>(notebook.schemaNames().map((n) => [n, notebook.schema(n)!]));
      try {
        const answer = await completer.complete(
          { prefix: String(data.prefix ?? ''), suffix: String(data.suffix ?? '') },
          { catalog: catalogFromEngine(notebook.catalog, schemas), recentCells: notebook.recentSql() },
          {
            signal: controller.signal,
            ...(data.stream === true ? { onChunk: (text: string) => void (finished ? undefined : comm.send({ type: 'chunk', request_id: requestId, item: 0, text, engine: completer.name }, header)) } : {}),
          },
        );
        await entry.finish({ items: answer.insertText ? [{ insertText: answer.insertText, engine: answer.engine }] : [], engine: answer.engine });
      } catch (e) {
        if (!(e instanceof AiError)) log.warn(`inline completion failed: ${(e as Error).stack ?? String(e)}`);
        await entry.finish({ items: [], error: { message: (e as Error).message } });
      }
    }
  });
}
