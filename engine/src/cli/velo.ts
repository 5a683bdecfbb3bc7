/**
 * `velo` — the umbrella CLI. Subcommands live one per file in `./commands/<name>.ts` and are
 * loaded on demand, so starting `velo validate` never pays for the runtime or the harness.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CliIO, loadCommand, runCommand } from './command';
import { ENGINE_VERSION as VERSION } from '../version';


function availableCommands(): Command[] {
  const dir = path.join(__dirname, 'commands');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((f) => /^([a-z][a-z-]*)\.(js|ts)$/.exec(f)?.[1])
    .filter((name): name is string => name !== undefined)
    .map(loadCommand)
    .filter((c): c is Command => c !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
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
  return runCommand(command, rest, io, `velo ${name}`, 2);
}
