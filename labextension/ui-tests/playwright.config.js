/**
 * Browser tests of the extension: galata's Playwright defaults, Debian's Chromium (never a
 * downloaded browser), and a JupyterLab from the project .venv on 127.0.0.1 (run.mjs picks the
 * port and the root directory).
 */
const path = require('path');
const base = require('@jupyterlab/galata/lib/playwright-config');

const port = process.env.VELO_UI_PORT ?? '8899';
// `run.mjs --bench` runs the browser benchmarks (bench/*.bench.ts) instead of the tests.
const bench = process.env.VELO_UI_BENCH === '1';
const venvBin = path.resolve(__dirname, '..', '..', '.venv', 'bin');

module.exports = {
  ...base,
  testDir: bench ? './bench' : './tests',
  testMatch: bench ? '*.bench.ts' : '*.spec.ts',
  outputDir: './test-results',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: './playwright-report' }]],
  use: {
    ...base.use,
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 900 },
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
  },
  webServer: {
    command: `${path.join(venvBin, 'jupyter')} lab --config ${path.join(__dirname, 'jupyter_server_test_config.py')}`,
    url: `http://127.0.0.1:${port}/lab`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { ...process.env, PATH: `${venvBin}:${process.env.PATH}` },
  },
};
