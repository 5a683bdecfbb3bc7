/**
 * `velostream-kernel install | uninstall | list` (spec §2.2). Needs no Python. Each command returns
 * its exit code (0 ok, 1 failure, 2 usage) and writes through `io`.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type PathEnv,
  dataSearchPath,
  envDataDir,
  systemDataDirs,
  userDataDir,
} from './jupyter-paths';
import { buildKernelSpec, readOurSpec, writeKernelSpec } from './kernelspec';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export interface InstallContext {
  io: CommandIo;
  paths: PathEnv;
  /** Absolute node binary and kernel entry script to put into argv. */
  node: string;
  script: string;
  isRoot: boolean;
}

class UsageError extends Error {}

interface ParsedArgs {
  location?: { kind: 'user' | 'sys-prefix' } | { kind: 'prefix'; path: string };
  name: string;
  displayName: string;
  env: Record<string, string>;
  json: boolean;
}

const FLAGS_WITH_VALUE = new Set(['--prefix', '--name', '--display-name', '--env']);
const ALL_FLAGS = ['--user', '--sys-prefix', '--prefix', '--name', '--display-name', '--env', '--json'];

/** Parses the flags shared by the three commands (through `node:util` parseArgs); rejects anything a command does not accept. */
export function parseInstallArgs(
  args: readonly string[],
  accepted: ReadonlySet<string>,
): ParsedArgs {
  const parsed: ParsedArgs = {
    name: 'velostream',
    displayName: 'Velostream SQL',
    env: {},
    json: false,
  };
  const setLocation = (location: NonNullable<ParsedArgs['location']>) => {
    if (parsed.location) throw new UsageError('use only one of --user, --sys-prefix, --prefix');
    parsed.location = location;
  };
  const options = Object.fromEntries(
    ALL_FLAGS.map((f) => [f.slice(2), { type: FLAGS_WITH_VALUE.has(f) ? ('string' as const) : ('boolean' as const) }]),
  );
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`unknown option ${token.value}`);
    if (token.kind !== 'option') continue;
    const flag = token.rawName.startsWith('--') ? `--${token.name}` : token.rawName;
    if (!accepted.has(flag)) throw new UsageError(`unknown option ${flag}`);
    const value = token.value;
    if (FLAGS_WITH_VALUE.has(flag) && value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case '--user':
        setLocation({ kind: 'user' });
        break;
      case '--sys-prefix':
        setLocation({ kind: 'sys-prefix' });
        break;
      case '--prefix':
        setLocation({ kind: 'prefix', path: value! });
        break;
      case '--name':
        if (!/^[A-Za-z0-9._-]+$/.test(value!))
          throw new UsageError(`invalid kernel name "${value}": use letters, digits, . _ -`);
        parsed.name = value!.toLowerCase();
        break;
      case '--display-name':
        parsed.displayName = value!;
        break;
      case '--env': {
        const [key, envValue] = splitOnce(value!);
        if (!key || envValue === undefined)
          throw new UsageError(`--env needs KEY=VALUE, got "${value}"`);
        parsed.env[key] = envValue;
        break;
      }
      case '--json':
        parsed.json = true;
        break;
    }
  }
  return parsed;
}

const INSTALL_FLAGS = new Set([
  '--user',
  '--sys-prefix',
  '--prefix',
  '--name',
  '--display-name',
  '--env',
]);
const UNINSTALL_FLAGS = new Set(['--user', '--sys-prefix', '--prefix', '--name']);
const LIST_FLAGS = new Set(['--json']);

export function install(args: readonly string[], ctx: InstallContext): number {
  return withUsage(ctx.io, () => {
    const parsed = parseInstallArgs(args, INSTALL_FLAGS);
    const dataDir = resolveLocation(parsed.location, ctx);
    const spec = buildKernelSpec({
      displayName: parsed.displayName,
      env: parsed.env,
      node: ctx.node,
      script: ctx.script,
    });
    const replaced = writeKernelSpec(dataDir, parsed.name, spec);
    const dir = join(dataDir, 'kernels', parsed.name);
    ctx.io.out(`${replaced ? 'Replaced' : 'Installed'} kernelspec ${parsed.name} in ${dir}`);
    if (/[\\/](\.nvm|fnm|\.fnm|\.volta)[\\/]/.test(ctx.node)) {
      ctx.io.err(
        `warning: ${ctx.node} belongs to a Node version manager; run install again after a Node upgrade`,
      );
    }
    return 0;
  });
}

export function uninstall(args: readonly string[], ctx: InstallContext): number {
  return withUsage(ctx.io, () => {
    const parsed = parseInstallArgs(args, UNINSTALL_FLAGS);
    const dirs = parsed.location
      ? [resolveLocation(parsed.location, ctx)]
      : dataSearchPath(ctx.paths);
    let removed = 0;
    for (const dataDir of dirs) {
      const specDir = join(dataDir, 'kernels', parsed.name);
      if (!existsSync(specDir)) continue;
      if (!readOurSpec(specDir)) {
        ctx.io.err(`skipped ${specDir}: not installed by velostream-kernel`);
        continue;
      }
      rmSync(specDir, { recursive: true, force: true });
      ctx.io.out(`Removed kernelspec ${parsed.name} from ${specDir}`);
      removed++;
    }
    if (removed === 0) {
      ctx.io.err(`no velostream kernelspec named ${parsed.name} found`);
      return 1;
    }
    return 0;
  });
}

export interface ListedSpec {
  name: string;
  directory: string;
  node_exists: boolean;
  script_exists: boolean;
}

export function listSpecs(paths: PathEnv): ListedSpec[] {
  return dataSearchPath(paths).flatMap((dataDir) => {
    const kernelsDir = join(dataDir, 'kernels');
    if (!existsSync(kernelsDir)) return [];
    return readdirSync(kernelsDir).flatMap((name) => {
      const directory = join(kernelsDir, name);
      const spec = readOurSpec(directory);
      if (!spec) return [];
      const script = spec.argv.find((arg) => /\.js$/.test(arg));
      return [
        {
          name,
          directory,
          node_exists: existsSync(spec.argv[0]),
          script_exists: !!script && existsSync(script),
        },
      ];
    });
  });
}

export function list(args: readonly string[], ctx: InstallContext): number {
  return withUsage(ctx.io, () => {
    const parsed = parseInstallArgs(args, LIST_FLAGS);
    const specs = listSpecs(ctx.paths);
    if (parsed.json) {
      ctx.io.out(JSON.stringify(specs, null, 2));
    } else if (specs.length === 0) {
      ctx.io.out('No Velostream kernelspecs found.');
    } else {
      for (const s of specs) {
        const problems = [
          !s.node_exists && 'node missing',
          !s.script_exists && 'script missing',
        ].filter(Boolean);
        ctx.io.out(
          `${s.name}  ${s.directory}${problems.length ? `  (${problems.join(', ')})` : ''}`,
        );
      }
    }
    return 0;
  });
}

function resolveLocation(location: ParsedArgs['location'], ctx: InstallContext): string {
  switch (location?.kind) {
    case 'prefix':
      return join(location.path, 'share', 'jupyter');
    case 'sys-prefix': {
      const dir = envDataDir(ctx.paths);
      if (!dir)
        throw new UsageError('--sys-prefix needs $VIRTUAL_ENV or $CONDA_PREFIX; use --prefix');
      return dir;
    }
    case 'user':
      return userDataDir(ctx.paths);
    case undefined:
      return ctx.isRoot ? systemDataDirs(ctx.paths)[0] : userDataDir(ctx.paths);
  }
}

function withUsage(io: CommandIo, run: () => number): number {
  try {
    return run();
  } catch (error) {
    io.err(`velostream-kernel: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

function splitOnce(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
