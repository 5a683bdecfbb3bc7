import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { install, list, uninstall, type InstallContext } from './commands';
import { dataSearchPath, userDataDir } from './jupyter-paths';

function context(env: NodeJS.ProcessEnv = {}, isRoot = false) {
  const root = mkdtempSync(join(tmpdir(), 'vk-install-'));
  const script = join(root, 'main.js');
  writeFileSync(script, '');
  const out: string[] = [];
  const err: string[] = [];
  const ctx: InstallContext = {
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    paths: {
      env: { HOME: join(root, 'home'), ...env },
      platform: 'linux',
      home: join(root, 'home'),
    },
    node: process.execPath,
    script,
    isRoot,
  };
  return { root, ctx, out, err };
}

const readSpec = (dir: string) => JSON.parse(readFileSync(join(dir, 'kernel.json'), 'utf8'));

describe('install', () => {
  it('writes kernel.json with absolute node and script, message interrupts, marker and logos', () => {
    const { root, ctx, out } = context();
    expect(install(['--prefix', join(root, 'p'), '--env', 'A=1'], ctx)).toBe(0);
    const dir = join(root, 'p', 'share', 'jupyter', 'kernels', 'velostream');
    expect(out).toEqual([`Installed kernelspec velostream in ${dir}`]);
    expect(readSpec(dir)).toEqual({
      argv: [process.execPath, '--enable-source-maps', ctx.script, 'kernel', '{connection_file}'],
      display_name: 'Velostream SQL',
      language: 'velostream',
      interrupt_mode: 'message',
      env: { VELOSTREAM_LOG: 'warn', A: '1' },
      metadata: { velostream: { kernel_version: '0.1.0', installed_by: 'velostream-kernel' } },
      kernel_protocol_version: '5.3',
    });
    for (const logo of ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg'])
      expect(existsSync(join(dir, logo))).toBe(true);
  });

  it('lower-cases the name, takes a display name, and says when it replaces a spec', () => {
    const { root, ctx, out } = context();
    const args = [
      '--prefix=' + join(root, 'p'),
      '--name',
      'Velo-Dev',
      '--display-name',
      'Velostream (dev)',
    ];
    expect(install(args, ctx)).toBe(0);
    expect(install(args, ctx)).toBe(0);
    expect(out[1]).toMatch(/^Replaced kernelspec velo-dev in /);
    expect(readSpec(join(root, 'p', 'share', 'jupyter', 'kernels', 'velo-dev')).display_name).toBe(
      'Velostream (dev)',
    );
  });

  it('--sys-prefix uses $VIRTUAL_ENV, and is a usage error without it', () => {
    const venv = context();
    venv.ctx.paths.env.VIRTUAL_ENV = join(venv.root, 'venv');
    expect(install(['--sys-prefix'], venv.ctx)).toBe(0);
    expect(
      existsSync(
        join(venv.root, 'venv', 'share', 'jupyter', 'kernels', 'velostream', 'kernel.json'),
      ),
    ).toBe(true);

    const bare = context();
    expect(install(['--sys-prefix'], bare.ctx)).toBe(2);
    expect(bare.err).toEqual([
      'velostream-kernel: --sys-prefix needs $VIRTUAL_ENV or $CONDA_PREFIX; use --prefix',
    ]);
  });

  it('defaults to the user data dir when not root', () => {
    const { root, ctx } = context({ XDG_DATA_HOME: '' });
    expect(install([], ctx)).toBe(0);
    expect(
      existsSync(join(root, 'home', '.local', 'share', 'jupyter', 'kernels', 'velostream')),
    ).toBe(true);
  });

  it('rejects bad usage with exit code 2', () => {
    const { ctx, err } = context();
    expect(install(['--user', '--prefix', '/x'], ctx)).toBe(2);
    expect(install(['--name', 'bad name'], ctx)).toBe(2);
    expect(install(['--bogus'], ctx)).toBe(2);
    expect(install(['--env', 'NOEQUALS'], ctx)).toBe(2);
    expect(install(['--name'], ctx)).toBe(2);
    expect(err).toEqual([
      'velostream-kernel: use only one of --user, --sys-prefix, --prefix',
      'velostream-kernel: invalid kernel name "bad name": use letters, digits, . _ -',
      'velostream-kernel: unknown option --bogus',
      'velostream-kernel: --env needs KEY=VALUE, got "NOEQUALS"',
      'velostream-kernel: --name needs a value',
    ]);
  });
});

describe('list and uninstall', () => {
  it('lists our specs on JUPYTER_PATH, uninstalls them, and never touches foreign specs', () => {
    const { root, ctx, out, err } = context();
    const share = join(root, 'p', 'share', 'jupyter');
    ctx.paths.env.JUPYTER_PATH = share;
    install(['--prefix', join(root, 'p')], ctx);
    const foreign = join(share, 'kernels', 'other');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(
      join(foreign, 'kernel.json'),
      JSON.stringify({ argv: ['python'], display_name: 'x', language: 'python' }),
    );

    out.length = 0;
    expect(list(['--json'], ctx)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual([
      {
        name: 'velostream',
        directory: join(share, 'kernels', 'velostream'),
        node_exists: true,
        script_exists: true,
      },
    ]);

    expect(uninstall(['--name', 'other'], ctx)).toBe(1);
    expect(err).toEqual([
      `skipped ${foreign}: not installed by velostream-kernel`,
      'no velostream kernelspec named other found',
    ]);
    expect(existsSync(foreign)).toBe(true);

    expect(uninstall([], ctx)).toBe(0);
    expect(existsSync(join(share, 'kernels', 'velostream'))).toBe(false);
    out.length = 0;
    expect(list([], ctx)).toBe(0);
    expect(out).toEqual(['No Velostream kernelspecs found.']);
  });
});

describe('jupyter paths', () => {
  const base = { platform: 'linux' as const, home: '/home/u' };

  it('follows jupyter_core for the user data dir', () => {
    expect(userDataDir({ ...base, env: {} })).toBe('/home/u/.local/share/jupyter');
    expect(userDataDir({ ...base, env: { XDG_DATA_HOME: '/xdg' } })).toBe('/xdg/jupyter');
    expect(userDataDir({ ...base, env: { JUPYTER_DATA_DIR: '/jd' } })).toBe('/jd');
    expect(userDataDir({ platform: 'darwin', home: '/Users/u', env: {} })).toBe(
      '/Users/u/Library/Jupyter',
    );
  });

  it('searches JUPYTER_PATH, user, environment and system dirs in that order', () => {
    expect(
      dataSearchPath({ ...base, env: { JUPYTER_PATH: '/a:/b', CONDA_PREFIX: '/conda' } }),
    ).toEqual([
      '/a',
      '/b',
      '/home/u/.local/share/jupyter',
      '/conda/share/jupyter',
      '/usr/local/share/jupyter',
      '/usr/share/jupyter',
    ]);
  });
});
