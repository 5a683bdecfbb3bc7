/**
 * Starts one kernel process: binds the sockets of a connection file and connects them to a session
 * and an executor. Owns process signals and the exit path.
 */
import { join } from 'node:path';
import { userDataDir, processPathEnv } from './install/jupyter-paths';
import { createLogger, type Logger } from './log';
import { readConnectionFile } from './protocol/connection';
import { KernelSockets } from './protocol/sockets';
import { createVelostreamExecutor } from './executor/executor';
import { CommRegistry } from './session/comms';
import type { ExecutorFactory } from './session/executor';
import { History } from './session/history';
import { KernelSession } from './session/session';

export interface KernelOptions {
  /** Builds the executor; defaults to the Velostream SQL executor. */
  executorFactory?: ExecutorFactory;
  log?: Logger;
}

/** Hard cap between a shutdown being decided and the process exiting (jupyter_client kills after 5 s). */
const EXIT_DEADLINE_MS = 1000;

export async function runKernel(
  connectionFile: string,
  options: KernelOptions = {},
): Promise<void> {
  const log = options.log ?? createLogger();
  const info = await readConnectionFile(connectionFile);
  const sockets = await KernelSockets.bind(info, log);
  const comms = new CommRegistry(
    (msgType, content, parent) => sockets.send('iopub', { msgType, parent, content }),
    log,
  );
  const executor = (options.executorFactory ?? createVelostreamExecutor)({
    sessionId: sockets.session,
    comms,
    log,
  });

  const exit = async () => {
    setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
    await sockets.close();
    process.exit(0);
  };
  const session = new KernelSession({
    transport: sockets,
    executor,
    comms,
    history: openHistory(log),
    log,
    onShutdown: () => void exit(),
  });

  process.on('SIGINT', () => session.interrupt());
  process.on('SIGTERM', () => void session.terminate());
  process.on('SIGHUP', () => log.info('SIGHUP ignored'));
  process.on('unhandledRejection', (reason) =>
    log.error(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`),
  );

  await session.start();
  sockets.listen((message) => session.handle(message));
  log.info(`kernel ${sockets.session} listening (${info.transport}://${info.ip})`);
}

/** VELOSTREAM_HISTORY: `off`, a file path, or unset for `<jupyter data dir>/velostream/history.jsonl`. */
function openHistory(log: Logger): History {
  const setting = process.env.VELOSTREAM_HISTORY;
  if (setting === 'off') return History.inMemory(log);
  return History.open(
    setting || join(userDataDir(processPathEnv()), 'velostream', 'history.jsonl'),
    log,
  );
}
