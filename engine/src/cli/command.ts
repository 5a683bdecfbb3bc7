import * as fs from 'fs';
import * as path from 'path';
import { resolveSqlPath } from '../harness/run/discovery';

/**
 * The shape every CLI subcommand shares. A command parses its own argv and prints through
 * `CliIO`; it returns the process exit code instead of exiting, so commands stay testable.
 */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** One line for `velo --help`. */
  summary: string;
  /** Full usage text printed by `velo <name> --help` and on usage errors. */
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/**
 * The subcommand in `cli/commands/<name>.js`, loaded on demand so that starting one command never
 * pays for the modules of the others; undefined when there is no such command.
 */
export function loadCommand(name: string): Command | undefined {
  if (!/^[a-z][a-z-]*$/.test(name)) return undefined;
  let file: string;
  try {
    file = require.resolve(path.join(__dirname, 'commands', name));
  } catch {
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy loading is the point
  return (require(file) as { command: Command }).command;
}

/** A usage mistake (unknown flag, missing argument); `runCommand` prints usage and exits with the usage code. */
export class UsageError extends Error {}

/**
 * Runs a dispatched subcommand: `--help`/`-h` prints its usage; a UsageError it throws prints
 * `<prog>: <message>` and the usage to stderr and exits `usageExitCode` (the CLIs differ: velo
 * uses 2, velo-test 1 as the reference).
 */
export async function runCommand(command: Command, argv: string[], io: CliIO, prog: string, usageExitCode: number): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(command.usage);
    return 0;
  }
  try {
    return await command.run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${prog}: ${err.message}\n\n${command.usage}`);
      return usageExitCode;
    }
    throw err;
  }
}

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positionals: string[];
}

/**
 * Minimal GNU-style parser: `--name value`, `--name=value`, boolean `--name`, short aliases.
 * `booleans` lists flags that take no value; unknown flags are usage errors.
 */
export function parseArgs(
  argv: string[],
  spec: { values?: string[]; booleans?: string[]; aliases?: Record<string, string> },
): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const booleans = new Set(spec.booleans ?? []);
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq >= 0 ? arg.slice(0, eq) : arg;
    name = spec.aliases?.[name] ?? name;
    const key = name.replace(/^--?/, '');
    if (booleans.has(key)) {
      if (eq >= 0) throw new UsageError(`${name} takes no value`);
      flags.set(key, true);
    } else if (values.has(key)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(key, value);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return { flags, positionals };
}

/**
 * The one SQL file argument of a velo-test command, resolved as `resolveSqlPath` does; undefined
 * after printing `error: <arg>: SQL file not found` (the command then exits 1). Any other number
 * of arguments is a usage error.
 */
export function sqlFileArgument(positionals: readonly string[], io: CliIO): string | undefined {
  if (positionals.length !== 1) throw new UsageError('expected one SQL file');
  const sqlFile = resolveSqlPath(positionals[0], io.cwd);
  if (fs.existsSync(sqlFile)) return sqlFile;
  io.stderr.write(`error: ${positionals[0]}: SQL file not found\n`);
  return undefined;
}
