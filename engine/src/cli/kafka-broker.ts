/**
 * `--kafka auto`: the project's own broker (scripts/kafka.mjs, a one-node KRaft Kafka from Maven
 * Central jars) on a port of its own, started for the run and stopped after it. A broker that
 * already serves there is reused and left running.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const AUTO_BROKER_PORT = 19592;

export interface Broker {
  brokers: string[];
  stop(): void;
}

/** scripts/kafka.mjs of the checkout this engine was built in. */
function brokerScript(): string | null {
  const script = path.resolve(__dirname, '..', '..', '..', 'scripts', 'kafka.mjs');
  return fs.existsSync(script) ? script : null;
}

/** Starts (or finds) the auto broker; an error text when it cannot. */
export function startAutoBroker(port = Number(process.env.VELO_KAFKA_AUTO_PORT ?? AUTO_BROKER_PORT)): Broker | string {
  const script = brokerScript();
  if (!script) return '--kafka auto needs scripts/kafka.mjs of the Velostream checkout; give --kafka HOST:PORT instead';
  const where = ['--port', String(port), '--dir', path.join(os.tmpdir(), `velo-test-kafka-${port}`)];
  const run = (command: string, quiet = false) => spawnSync(process.execPath, [script, command, ...where], { stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'] }).status;
  const brokers = [`127.0.0.1:${port}`];
  if (run('status', true) === 0) return { brokers, stop: () => {} };
  if (run('start') !== 0) return `--kafka auto: the broker did not start (see the lines above)`;
  return { brokers, stop: () => void run('stop') };
}
