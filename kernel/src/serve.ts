/**
 * Connects bound sockets to a session and an executor; owns process signals and the exit path.
 * Importing this module loads the engine, so the kernel imports it only once its sockets are bound.
 */
import { join } from 'node:path';
import { createVelostreamExecutor } from './executor/executor';
import { userDataDir, processPathEnv } from './install/jupyter-paths';
import type { Logger } from './log';
import type { KernelSockets } from './protocol/sockets';
import { CommRegistry } from './session/comms';
import type { ExecutorFactory } from './session/executor';
import { History } from './session/history';
import { KernelSession } from './session/session';

/** Hard cap between a shutdown being decided and the process exiting (jupyter_client kills after 5 s). */
const EXIT_DEADLINE_MS = 1000;

export function serve(
  sockets: KernelSockets,
  log: Logger,
  executorFactory: ExecutorFactory = createVelostreamExecutor,
): void {
  const comms = new CommRegistry(
    (msgType, content, parent) => sockets.send('iopub', { msgType, parent, content }),
    log,
  );
  const executor = executorFactory({ sessionId: sockets.session, comms, log });

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

  sockets.listen({
    request: (message) => session.handle(message),
    subscribed: () => void session.greetSubscriber(),
  });
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
