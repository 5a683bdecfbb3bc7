/** A fake session around the executor: records every output of a cell, drives interrupts. */
import type { JsonObject, MessageHeader } from '../../src/protocol/messages';
import { CommRegistry } from '../../src/session/comms';
import type { ExecuteOutcome, ExecutionContext, MimeBundle, OutputPublisher } from '../../src/session/executor';
import { VelostreamExecutor } from '../../src/executor/executor';
import { silentLogger } from '../../src/log';

export interface Output {
  type: 'stream' | 'display_data' | 'update_display_data' | 'execute_result' | 'clear_output';
  name?: string;
  text?: string;
  data?: MimeBundle;
  displayId?: string;
  at: number;
}

export interface CellRun {
  outcome: ExecuteOutcome;
  outputs: Output[];
  /** Outputs published after the cell returned (background jobs). */
  later: Output[];
  controller: AbortController;
}

export interface RunOptions {
  allowStdin?: boolean;
  cellId?: string;
  deletedCells?: string[];
  /** Abort the cell after this many ms. */
  interruptAfterMs?: number;
}

export function newExecutor(): { executor: VelostreamExecutor; comms: CommRegistry; commMessages: JsonObject[] } {
  const commMessages: JsonObject[] = [];
  const comms = new CommRegistry(async (msgType, content) => void commMessages.push({ msgType, ...content }), silentLogger);
  const executor = new VelostreamExecutor({ sessionId: 'abcdef12-3456-7890-abcd-ef1234567890', comms, log: silentLogger });
  return { executor, comms, commMessages };
}

let count = 0;

export async function runCell(executor: VelostreamExecutor, code: string, options: RunOptions = {}): Promise<CellRun> {
  const outputs: Output[] = [];
  const later: Output[] = [];
  let returned = false;
  const record = (o: Omit<Output, 'at'>) => (returned ? later : outputs).push({ ...o, at: Date.now() });
  const output: OutputPublisher = {
    parent: {} as MessageHeader,
    stream: async (name, text) => record({ type: 'stream', name, text }),
    displayData: async (data, o) => record({ type: 'display_data', data, ...(o?.displayId ? { displayId: o.displayId } : {}) }),
    updateDisplayData: async (data, o) => record({ type: 'update_display_data', data, displayId: o.displayId }),
    executeResult: async (data) => record({ type: 'execute_result', data }),
    clearOutput: async () => record({ type: 'clear_output' }),
  };
  const controller = new AbortController();
  const ctx: ExecutionContext = {
    request: {
      code,
      silent: false,
      storeHistory: true,
      allowStdin: options.allowStdin ?? true,
      stopOnError: true,
      ...(options.cellId ? { cellId: options.cellId } : {}),
      deletedCells: options.deletedCells ?? [],
      metadata: {},
    },
    executionCount: ++count,
    signal: controller.signal,
    output,
    input: async () => '',
  };
  if (options.interruptAfterMs !== undefined) setTimeout(() => controller.abort(), options.interruptAfterMs);
  const outcome = await executor.execute(code, ctx);
  returned = true;
  return { outcome, outputs, later, controller };
}

export const plain = (o: Output | undefined) => (o?.data?.['text/plain'] ?? o?.text) as string;
export const resultJson = (o: Output | undefined) => o?.data?.['application/vnd.velostream.result+json'] as Record<string, unknown> & { rows: unknown[][]; status: string; job: string | null };
