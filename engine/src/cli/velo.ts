/**
 * `velo` — the umbrella CLI. Subcommands live one per file in `./commands/<name>.ts` and are
 * loaded on demand, so starting `velo validate` never pays for the runtime or the harness.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CliIO, UsageError } from './command';

const VERSION: string = require('../../package.json').version;

function availableCommands(): Command[] {
  const dir = path.join(__dirname, 'commands');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => loadCommand(f.slice(0, -3)))
    .filter((c): c is Command => c !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function loadCommand(name: string): Command | undefined {
  if (!/^[a-z][a-z-]*$/.test(name)) return undefined;
  const file = path.join(__dirname, 'commands', `${name}.js`);
  if (!fs.existsSync(file)) return undefined;
  return (require(file) as { command: Command }).command;
}

function help(): string {
  const lines = availableCommands().map((c) => `  ${c.name.padEnd(14)}${c.summary}`);
  return `velo ${VERSION} — Velostream SQL engine\n\nUsage: velo <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'velo <command> --help' for a command's options.\n`;
}

/** Runs one `velo` invocation; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help') {
    io.stdout.write(help());
    return name ? 0 : 2;
  }
  if (name === '-V' || name === '--version') {
    io.stdout.write(`velo ${VERSION}\n`);
    return 0;
  }
  const command = loadCommand(name);
  if (!command) {
    io.stderr.write(`velo: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`velo ${name}: ${err.message}\n\n${command.usage}`);
      return 2;
    }
    throw err;
  }
}
