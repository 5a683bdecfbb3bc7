/**
 * `velo serve [--state DIR] [--host H] [--port P] [--token-file F] [--kafka BROKERS] [--worker-id ID] [--metrics-public] [--daemon]`
 * and `velo serve stop [--state DIR]`: the job runner of deploy spec §1.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { defaultStateDir, readRunnerInfo, runnerInfoFile, writeRunnerInfo, DEFAULT_PORT } from '../../serve/client';
import { startServer } from '../../serve/http';
import { Runner } from '../../serve/runner';

const usage = `Usage: velo serve [--state DIR] [--host 127.0.0.1] [--port ${DEFAULT_PORT}] [--token-file F] [--kafka BROKERS] [--worker-id ID] [--metrics-public] [--daemon]
       velo serve stop [--state DIR]

Runs deployed applications as supervised jobs that outlive notebooks and kernels. Every API
call but GET /health needs the bearer token (generated into the state directory on first start).

Options:
  --state DIR        state directory (default ~/.velostream/runner, or $VELOSTREAM_RUNNER_STATE)
  --host H           address to bind (default 127.0.0.1; others need --token-file)
  --port P           port (default ${DEFAULT_PORT}; 0 picks a free one)
  --token-file F     read the token from F instead of the state directory
  --kafka BROKERS    read and write kafka_* objects on these brokers (host:port,…); each job
                     reads in the consumer group velo-<app>-<job>, so runners that deploy the
                     same app share its partitions (default: in-process topics)
  --worker-id ID     the worker label of every metric (default: local)
  --metrics-public   serve /metrics without the token
  --daemon           detach, write runner.pid and runner.log in the state directory
`;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const command: Command = {
  name: 'serve',
  summary: 'run the job runner (deployed apps as supervised jobs, REST API, /metrics)',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { values: ['state', 'host', 'port', 'token-file', 'worker-id', 'kafka'], booleans: ['metrics-public', 'daemon'] });
    const stateDir = path.resolve(io.cwd, String(args.flags.get('state') ?? defaultStateDir(io.env)));
    if (args.positionals[0] === 'stop') return stopRunner(stateDir, io);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const kafka = args.flags.has('kafka') ? brokerList(String(args.flags.get('kafka'))) : undefined;
    const host = String(args.flags.get('host') ?? '127.0.0.1');
    const port = Number(args.flags.get('port') ?? DEFAULT_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
    const tokenFile = args.flags.has('token-file') ? path.resolve(io.cwd, String(args.flags.get('token-file'))) : undefined;
    if (!LOOPBACK.has(host) && !tokenFile) {
      io.stderr.write(`velo serve: binding ${host} (not loopback) needs --token-file\n`);
      return 1;
    }
    const running = readRunnerInfo(stateDir);
    if (running) {
      io.stderr.write(`velo serve: a runner (pid ${running.pid}) already serves ${stateDir} at ${running.url}\n`);
      return 1;
    }
    if (args.flags.has('daemon')) return daemonize(argv.filter((a) => a !== '--daemon'), stateDir, io);

    const runner = new Runner({ stateDir, kafka, worker: args.flags.has('worker-id') ? String(args.flags.get('worker-id')) : undefined, log: (line) => io.stderr.write(line + '\n') });
    const token = runner.store.token(tokenFile);
    const server = await startServer({ runner, token, host, port, metricsPublic: args.flags.has('metrics-public') });
    const shownTokenFile = tokenFile ?? runner.store.tokenFile;
    writeRunnerInfo(stateDir, { url: server.url, pid: process.pid, tokenFile: shownTokenFile });
    fs.writeFileSync(path.join(stateDir, 'runner.pid'), `${process.pid}\n`);
    io.stdout.write(`velo serve: listening on ${server.url} (token in ${shownTokenFile}, state in ${stateDir})\n`);
    runner.resumeAll();
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    await runner.shutdown();
    await server.close();
    fs.rmSync(runnerInfoFile(stateDir), { force: true });
    fs.rmSync(path.join(stateDir, 'runner.pid'), { force: true });
    return 0;
  },
};

/** `--kafka host:port[,host:port…]` (a `kafka://` prefix is accepted). */
function brokerList(text: string): string[] {
  const brokers = text.split(',').map((b) => b.trim().replace(/^kafka:\/\//, '')).filter((b) => b !== '');
  if (brokers.length === 0 || brokers.some((b) => !/^[^:\s]+:\d+$/.test(b))) throw new UsageError(`--kafka needs host:port[,host:port…], got '${text}'`);
  return brokers;
}

/** Starts `velo serve` detached and returns once it listens (its runner.json names its pid). */
async function daemonize(argv: string[], stateDir: string, io: CliIO): Promise<number> {
  fs.mkdirSync(stateDir, { recursive: true });
  const log = fs.openSync(path.join(stateDir, 'runner.log'), 'a');
  const child = spawn(process.execPath, [require.resolve('../../../bin/velo.js'), 'serve', ...argv, '--state', stateDir], { detached: true, stdio: ['ignore', log, log], env: io.env, cwd: io.cwd });
  child.unref();
  for (let waited = 0; waited < 20_000; waited += 100) {
    const info = readRunnerInfo(stateDir);
    if (info && info.pid === child.pid) {
      io.stdout.write(`velo serve: runner pid ${info.pid} listening on ${info.url} (log in ${path.join(stateDir, 'runner.log')})\n`);
      return 0;
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  io.stderr.write(`velo serve: the runner did not start; see ${path.join(stateDir, 'runner.log')}\n`);
  return 1;
}

async function stopRunner(stateDir: string, io: CliIO): Promise<number> {
  const info = readRunnerInfo(stateDir);
  if (!info) {
    io.stderr.write(`velo serve stop: no runner serves ${stateDir}\n`);
    return 1;
  }
  process.kill(info.pid, 'SIGTERM');
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (!readRunnerInfo(stateDir)) {
      io.stdout.write(`velo serve stop: runner pid ${info.pid} stopped\n`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  io.stderr.write(`velo serve stop: runner pid ${info.pid} did not stop within 30 s\n`);
  return 1;
}
