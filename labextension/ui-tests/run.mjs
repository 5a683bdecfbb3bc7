#!/usr/bin/env node
// `npm run test:ui`: the browser tests, then the JupyterHub end-to-end test; `--bench`
// (`npm run bench:ui`): the browser benchmarks instead. Installs Debian's
// Chromium with apt when it is missing (never a downloaded browser), picks a free port on
// 127.0.0.1 and a fresh root directory for the JupyterLab under test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  process.stderr.write(`${CHROMIUM} is missing: installing Debian's chromium package\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status;
  if (apt('install', '-y', '-qq', 'chromium') !== 0 && (apt('update', '-qq') !== 0 || apt('install', '-y', '-qq', 'chromium') !== 0)) {
    process.stderr.write('could not install chromium with apt-get\n');
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

ensureChromium();
const env = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  CHROMIUM,
  VELO_UI_PORT: String(await freePort()),
  JUPYTERLAB_GALATA_ROOT_DIR: mkdtempSync(join(tmpdir(), 'velo-ui-')),
};
const playwright = join(HERE, '..', 'node_modules', '.bin', 'playwright');
const bench = process.argv.includes('--bench');
const only = process.argv.slice(2).filter((arg) => arg !== '--bench');
if (bench) env.VELO_UI_BENCH = '1';
const browser = spawnSync(playwright, ['test', '-c', join(HERE, 'playwright.config.js'), ...only], { stdio: 'inherit', env, cwd: HERE }).status;
// The hub test runs unless the arguments pick browser tests or benchmarks only.
const python = join(HERE, '..', '..', '.venv', 'bin', 'python');
const hub = only.length || bench ? 0 : spawnSync(python, ['-m', 'pytest', '-q', join(HERE, 'hub', 'test_hub.py')], { stdio: 'inherit', env, cwd: HERE }).status;
process.exit(browser === 0 && hub === 0 ? 0 : 1);
