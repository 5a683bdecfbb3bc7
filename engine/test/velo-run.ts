/** `velo run` (or another velo command) in process with captured output, for tests that run SQL files end to end. */
import { command as run } from '../src/cli/commands/run';
import type { CliIO, Command } from '../src/cli/command';

export async function veloCommand(command: Command, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as CliIO['stdout'],
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as CliIO['stderr'],
    cwd,
    env: process.env,
  };
  const code = await command.run(args, io);
  return { code, stdout, stderr };
}

export function veloRun(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return veloCommand(run, args, cwd);
}
