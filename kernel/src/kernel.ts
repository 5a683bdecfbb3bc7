/**
 * Starts one kernel process. The sockets are bound before anything that loads the engine (about a
 * second): clients then connect at their first attempt, and their IOPub subscriptions arrive while
 * the engine loads, instead of racing the first requests (spec §1.2).
 */
import { createLogger, type Logger } from './log';
import { readConnectionFile } from './protocol/connection';
import { KernelSockets } from './protocol/sockets';
import type { ExecutorFactory } from './session/executor';

export interface KernelOptions {
  /** Builds the executor; defaults to the Velostream SQL executor. */
  executorFactory?: ExecutorFactory;
  log?: Logger;
}

export async function runKernel(
  connectionFile: string,
  options: KernelOptions = {},
): Promise<void> {
  const log = options.log ?? createLogger();
  const info = await readConnectionFile(connectionFile);
  const sockets = await KernelSockets.bind(info, log);
  const { serve } = await import('./serve');
  serve(sockets, log, options.executorFactory);
  log.info(`kernel ${sockets.session} listening (${info.transport}://${info.ip})`);
}
