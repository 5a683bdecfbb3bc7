import * as fs from 'fs';
import * as path from 'path';
import { parseArgs as nodeParseArgs } from 'util';
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
  /** Every value of each repeatable flag (`multiple`), in order; absent flags are missing. */
  lists: Map<string, string[]>;
}

export interface ArgsSpec {
  /** Flags that take a value: `--name value` or `--name=value`. */
  values?: string[];
  /** Flags that take a value and may repeat (`--skip a --skip b`). */
  multiple?: string[];
  /** Flags that take no value. */
  booleans?: string[];
  /** One-letter short forms, e.g. `{ '-o': '--output' }`. */
  aliases?: Record<string, string>;
}

/**
 * GNU-style arguments through `node:util` parseArgs: `--name value`, `--name=value`, boolean
 * `--name`, one-letter aliases (grouped `-yv` too), `--` ends the options. Unknown flags, a
 * missing value and a value given to a boolean are usage errors with the flag as typed.
 */
export function parseArgs(argv: string[], spec: ArgsSpec): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const name of spec.values ?? []) options[name] = { type: 'string' };
  for (const name of spec.multiple ?? []) options[name] = { type: 'string', multiple: true };
  for (const name of spec.booleans ?? []) options[name] = { type: 'boolean' };
  for (const [short, long] of Object.entries(spec.aliases ?? {})) options[long.replace(/^--/, '')].short = short.replace(/^-/, '');
  const { tokens } = nodeParseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const known = options[token.name];
    const shown = known ? `--${token.name}` : token.rawName;
    if (!known) throw new UsageError(`unknown option ${shown}`);
    if (known.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${shown} takes no value`);
      flags.set(token.name, true);
    } else if (token.value === undefined) {
      throw new UsageError(`${shown} needs a value`);
    } else if (known.multiple) {
      lists.set(token.name, [...(lists.get(token.name) ?? []), token.value]);
    } else {
      flags.set(token.name, token.value);
    }
  }
  return { flags, positionals, lists };
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
