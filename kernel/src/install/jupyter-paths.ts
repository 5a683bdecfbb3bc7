/**
 * Jupyter data directories as jupyter_core computes them (`jupyter --paths`), without Python.
 * Pure functions of the environment so tests can pass their own.
 */
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface PathEnv {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

export const processPathEnv = (): PathEnv => ({
  env: process.env,
  platform: process.platform,
  home: homedir(),
});

/** The per-user data directory (`--user`). */
export function userDataDir({ env, platform, home }: PathEnv): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Jupyter');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'jupyter');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'jupyter');
}

/** The active virtualenv's or conda environment's data directory (`--sys-prefix`), if any. */
export function envDataDir({ env }: PathEnv): string | undefined {
  const prefix = env.VIRTUAL_ENV || env.CONDA_PREFIX;
  return prefix ? join(prefix, 'share', 'jupyter') : undefined;
}

export function systemDataDirs({ env, platform }: PathEnv): string[] {
  if (platform === 'win32') return [join(env.PROGRAMDATA ?? 'C:\\ProgramData', 'jupyter')];
  return ['/usr/local/share/jupyter', '/usr/share/jupyter'];
}

/** Where `list` and `uninstall` look, in priority order, without duplicates. */
export function dataSearchPath(pathEnv: PathEnv): string[] {
  const fromEnv = (pathEnv.env.JUPYTER_PATH ?? '').split(delimiter).filter(Boolean);
  const candidates = [
    ...fromEnv,
    userDataDir(pathEnv),
    envDataDir(pathEnv),
    ...systemDataDirs(pathEnv),
  ];
  return [...new Set(candidates.filter((dir): dir is string => dir !== undefined))];
}
