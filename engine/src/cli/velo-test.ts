/**
 * `velo-test` — the reference harness's command line (harness spec §2): `run`, `validate`,
 * `init`, `infer-schema`, `stress`, `annotate`, `run-all`. Every command first prints
 * `velo-test v<version> (<git short hash>)` to stderr; usage errors print usage and exit 1
 * (as the reference); the reference's interactive commands say they are not supported.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, loadCommand, runCommand } from './command';
import { ENGINE_VERSION as VERSION } from '../version';
import { command as validateApp } from './commands/validate-app';


/** Subcommand → module in ./commands (`run` is `velo test`). */
const COMMANDS: Readonly<Record<string, string>> = {
  run: 'test',
  init: 'init',
  'infer-schema': 'infer-schema',
  stress: 'stress',
  annotate: 'annotate',
  'run-all': 'run-all',
};

const UNSUPPORTED = ['quickstart', 'debug', 'health', 'scaffold'];

const USAGE = `Usage: velo-test <command> [options]

Commands:
  run <sql>            run the test spec of a SQL application
  validate <sql>       validate the SQL, its test spec and schemas
  init <sql>           write a test spec generated from the SQL
  infer-schema <sql>   write schema files for the SQL's sources
  stress <sql>         volume run with throughput and memory figures
  annotate <sql>       write an annotated copy of the SQL
  run-all [dir]        run every application of a directory

Global options: -h/--help, -V/--version, -v/--verbose, --no-progress
Run 'velo-test <command> --help' for a command's options.
`;

/** The short commit hash of the checkout this package lives in, read from .git without spawning git. */
export function gitShortHash(start = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const git = path.join(dir, '.git');
    if (fs.existsSync(git)) {
      try {
        const head = fs.readFileSync(path.join(git, 'HEAD'), 'utf8').trim();
        if (!head.startsWith('ref: ')) return head.slice(0, 7);
        const ref = head.slice(5);
        const loose = path.join(git, ref);
        if (fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim().slice(0, 7);
        const packed = fs.readFileSync(path.join(git, 'packed-refs'), 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
        return packed ? packed.slice(0, 7) : 'unknown';
      } catch {
        return 'unknown';
      }
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

export function banner(): string {
  return `velo-test v${VERSION} (${gitShortHash()})`;
}

/** Runs one `velo-test` invocation; returns the exit code (§2.4). */
export async function main(argv: string[], io: CliIO): Promise<number> {
  io.stderr.write(banner() + '\n');
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help') {
    (name ? io.stdout : io.stderr).write(USAGE);
    return name ? 0 : 1;
  }
  if (name === '-V' || name === '--version') {
    io.stdout.write(`velo-test ${VERSION}\n`);
    return 0;
  }
  if (UNSUPPORTED.includes(name)) {
    io.stderr.write(`${name} is not supported by this harness (interactive in velo-test)\n`);
    return 1;
  }
  const module = COMMANDS[name];
  if (!module && name !== 'validate') {
    io.stderr.write(`velo-test: unknown command '${name}'\n\n${USAGE}`);
    return 1;
  }
  // `velo-test validate` also checks the spec and schemas; `velo validate` is the engine's.
  const command = name === 'validate' ? validateApp : loadCommand(module)!;
  return runCommand(command, rest, io, `velo-test ${name}`, 1);
}
