/**
 * `velostream-kernel` command line: run the kernel or manage its kernelspecs. The only place that
 * prints errors and chooses exit codes.
 */
import { join, resolve } from 'node:path';
import { KernelError } from './errors';
import { install, list, uninstall, type InstallContext } from './install/commands';
import { processPathEnv } from './install/jupyter-paths';
import { ASSETS_DIR } from './install/kernelspec';
import { runKernel } from './kernel';
import { KERNEL_VERSION } from './version';

const USAGE = `usage: velostream-kernel <command>

  kernel CONNECTION_FILE     run the kernel (also: -f CONNECTION_FILE)
  install [--user|--sys-prefix|--prefix P] [--name N] [--display-name D] [--env K=V]...
  uninstall [--name N] [--user|--sys-prefix|--prefix P]
  list [--json]
  papermill-shim --path      print the folder of the papermill parameter translator package
  --version`;

/** The papermill translator package shipped beside the kernelspec assets. */
export const PAPERMILL_SHIM_DIR = join(ASSETS_DIR, 'python', 'velostream-papermill');

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const installContext = (): InstallContext => ({
    io: { out: (line) => console.log(line), err: (line) => console.error(line) },
    paths: processPathEnv(),
    node: process.execPath,
    script: resolve(__dirname, 'main.js'),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
  });

  switch (command) {
    case 'kernel':
    case '-f':
      if (args.length !== 1) return usage(`${command} needs exactly one connection file`);
      await runKernel(args[0]);
      return -1; // keeps running until shutdown
    case 'install':
      return install(args, installContext());
    case 'uninstall':
      return uninstall(args, installContext());
    case 'list':
      return list(args, installContext());
    case 'papermill-shim':
      if (args[0] !== '--path') return usage('papermill-shim needs --path');
      console.log(PAPERMILL_SHIM_DIR);
      return 0;
    case '--version':
      console.log(KERNEL_VERSION);
      return 0;
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      return usage(command === undefined ? 'missing command' : `unknown command ${command}`);
  }
}

function usage(problem: string): number {
  console.error(`velostream-kernel: ${problem}\n\n${USAGE}`);
  return 2;
}

/** Runs `main` as the process: exit code on completion, readable message on known failures. */
export function runCli(argv: readonly string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      console.error(
        `velostream-kernel: ${error instanceof KernelError ? error.message : (error as Error).stack}`,
      );
      process.exit(1);
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2));
