#!/usr/bin/env node
// One entry point for `npm start` and `npm test` on a fresh machine. Node built-ins only:
// this runs before any dependency is installed. Every step is skipped when its result is
// already up to date, so the second run starts in seconds.
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharedDirModule from './shared-dir.cjs';

const { sharedDir } = sharedDirModule;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VENV = join(ROOT, '.venv');
const VENV_BIN = join(VENV, 'bin');
const STAMPS = join(ROOT, 'node_modules', '.velostream-bootstrap');
const LABEXT = join(ROOT, 'labextension');

function step(title) {
  process.stderr.write(`\n\u25b6 ${title}\n`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${cmd} could not start: ${result.error.message}`);
  return result.status ?? 1;
}

function mustRun(cmd, args, options) {
  const status = run(cmd, args, options);
  if (status !== 0) {
    process.stderr.write(`\n\u2716 ${cmd} ${args.join(' ')} failed (exit ${status})\n`);
    process.exit(status);
  }
}

function hashOf(...files) {
  const h = createHash('sha256');
  for (const f of files) h.update(existsSync(f) ? readFileSync(f) : '');
  return h.digest('hex');
}

/** Every file under `dir` (sorted, recursively). */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** True when the stamp `name` records `hash`; `record` writes it after the step succeeded. */
function upToDate(name, hash) {
  const file = join(STAMPS, name);
  return existsSync(file) && readFileSync(file, 'utf8') === hash;
}
function record(name, hash) {
  mkdirSync(STAMPS, { recursive: true });
  writeFileSync(join(STAMPS, name), hash);
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    process.stderr.write(`Node.js 20 or newer is required (found ${process.versions.node}).\n`);
    process.exit(1);
  }
}

function installNodeModules() {
  const hash = hashOf(join(ROOT, 'package-lock.json'));
  if (existsSync(join(ROOT, 'node_modules')) && upToDate('npm-ci', hash)) return;
  step('Installing npm dependencies (npm ci)');
  mustRun('npm', ['ci', '--no-audit', '--no-fund']);
  record('npm-ci', hash);
}

function build() {
  step('Building all packages (tsc -b)');
  mustRun(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-b']);
}

function pythonVenv() {
  const requirements = join(ROOT, 'scripts', 'python-requirements.txt');
  const hash = hashOf(requirements);
  if (existsSync(join(VENV_BIN, 'python')) && upToDate('venv', hash)) return;
  step('Creating .venv with JupyterLab and the Jupyter test tools (PyPI)');
  if (!existsSync(join(VENV_BIN, 'python'))) mustRun('python3', ['-m', 'venv', VENV]);
  mustRun(join(VENV_BIN, 'python'), ['-m', 'pip', 'install', '--quiet', '--upgrade', 'pip']);
  mustRun(join(VENV_BIN, 'python'), ['-m', 'pip', 'install', '--quiet', '-r', requirements]);
  record('venv', hash);
}

function installKernel() {
  const installer = join(ROOT, 'kernel', 'bin', 'velostream-kernel.js');
  if (!existsSync(installer)) return;
  step('Installing the Velostream kernel into .venv');
  mustRun(process.execPath, [installer, 'install', '--sys-prefix'], {
    env: { ...process.env, VIRTUAL_ENV: VENV },
  });
}

/**
 * The JupyterLab extension has its own package-lock (its @jupyterlab/* and webpack tree stays out
 * of the root workspace). Built with the .venv's JupyterLab as core (labextension/build-labextension.mjs),
 * then pip-installed into .venv, so `npm start` and `npm test` load it.
 */
function labextension() {
  const lock = join(LABEXT, 'package-lock.json');
  const modulesHash = hashOf(lock);
  if (!existsSync(join(LABEXT, 'node_modules')) || !upToDate('labext-npm-ci', modulesHash)) {
    step('Installing the JupyterLab extension\'s npm dependencies (labextension/, npm ci)');
    mustRun('npm', ['ci', '--no-audit', '--no-fund'], { cwd: LABEXT, env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
    record('labext-npm-ci', modulesHash);
  }
  const sources = ['package.json', 'tsconfig.json', 'build-labextension.mjs', 'pyproject.toml', 'install.json', 'build_hook.py']
    .map((f) => join(LABEXT, f))
    .concat(filesUnder(join(LABEXT, 'src')), filesUnder(join(LABEXT, 'style')), filesUnder(join(LABEXT, 'velostream_jupyterlab')).filter((f) => f.endsWith('.py')));
  const hash = hashOf(lock, join(ROOT, 'scripts', 'python-requirements.txt'), ...sources);
  const installed = join(VENV, 'share', 'jupyter', 'labextensions', 'velostream-jupyterlab', 'package.json');
  if (existsSync(installed) && upToDate('labext-build', hash)) return;
  step('Building the JupyterLab extension and installing it into .venv');
  mustRun('npm', ['run', 'build'], { cwd: LABEXT, env: { ...process.env, PYTHON: join(VENV_BIN, 'python') } });
  mustRun(join(VENV_BIN, 'python'), ['-m', 'pip', 'install', '--quiet', '--no-build-isolation', '--no-deps', '--force-reinstall', LABEXT]);
  record('labext-build', hash);
}

function setup() {
  checkNode();
  installNodeModules();
  build();
  pythonVenv();
  installKernel();
  labextension();
}

/** The whole suite, stage by stage; every stage runs, the exit code reports any failure. */
function test() {
  const venvEnv = { ...process.env, VIRTUAL_ENV: VENV, PATH: `${VENV_BIN}:${process.env.PATH}` };
  const stages = [
    // The runner and e2e tests start the built CLI (`bin/velo.js` → dist), so dist must match the sources.
    ['Build (tsc -b)', join(ROOT, 'node_modules', '.bin', 'tsc'), ['-b']],
    ['Lint (eslint)', join(ROOT, 'node_modules', '.bin', 'eslint'), ['engine/src', 'kernel/src', 'labextension/src', 'labextension/ui-tests']],
    ['Layer rules reject upward imports (node --test)', process.execPath, ['--test', join(ROOT, 'scripts', 'eslint', 'layers.test.mjs')]],
    ['Unit tests (jest, every package)', 'npm', ['run', 'test', '--workspaces', '--if-present']],
    ['JupyterLab extension unit tests (jest, labextension/)', 'npm', ['test', '--prefix', LABEXT]],
    ['Conformance corpus (../shared/conformance/run)', 'python3', [join(sharedDir(), 'conformance', 'run')]],
    // The 1,262 statements of Velostream's SQL documentation (issue 9): each parses, or is one of the listed rejections.
    [
      'Documentation corpus, parse (../shared/conformance-docs)',
      'python3',
      [join(sharedDir(), 'conformance', 'run'), '--corpus', join(sharedDir(), 'conformance-docs'), '--only', 'parse'],
    ],
    ['NL evaluation, offline engine (npm run eval:nl: ≥ 90 % valid, ≥ 80 % same result per set)', 'npm', ['run', 'eval:nl']],
    ['Inline completion evaluation, offline completer (npm run eval:assist: ≥ 95 % valid after insert, ≥ 60 % accepted)', 'npm', ['run', 'eval:assist']],
  ];
  stages.push(['Kafka end-to-end tests (a real broker from scripts/kafka.mjs: velo run, delivery, restart)', process.execPath, [join(ROOT, 'tests', 'e2e', 'kafka', 'run.mjs')]]);
  stages.push(['Scale-out end-to-end (two velo serve --kafka runners share a 4-partition topic, one is killed: no loss, takeover)', process.execPath, [join(ROOT, 'tests', 'e2e', 'scaleout', 'scaleout-e2e.mjs')]]);
  stages.push(['Observability end-to-end (velo serve + Debian Prometheus, Alertmanager, promtool)', process.execPath, [join(ROOT, 'tests', 'e2e', 'observe', 'observe-e2e.mjs')]]);
  stages.push(['Kernel end-to-end tests (jupyter_client, jupyter_kernel_test, nbclient, papermill)', 'bash', [join(ROOT, 'tests', 'e2e', 'run-kernel-tests.sh')]]);
  stages.push(['Browser tests of the JupyterLab extension and the JupyterHub e2e (Playwright + galata, Debian Chromium)', process.execPath, [join(LABEXT, 'ui-tests', 'run.mjs')]]);
  const failed = [];
  for (const [title, cmd, args] of stages) {
    step(title);
    const started = Date.now();
    const status = run(cmd, args, { env: venvEnv });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`${status === 0 ? '\u2714' : '\u2716'} ${title} (${seconds} s)\n`);
    if (status !== 0) failed.push(title);
  }
  if (failed.length) {
    process.stderr.write(`\n\u2716 ${failed.length} stage(s) failed: ${failed.join('; ')}\n`);
    process.exit(1);
  }
  process.stderr.write('\n\u2714 All test stages passed\n');
}

function start() {
  step('Starting JupyterLab on examples/ (Ctrl-C to stop)');
  // Containers often run as root; Jupyter refuses that unless told it is intended.
  const asRoot = process.getuid?.() === 0 ? ['--allow-root'] : [];
  const lab = spawn(join(VENV_BIN, 'jupyter'), ['lab', '--notebook-dir', join(ROOT, 'examples'), ...asRoot], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, VIRTUAL_ENV: VENV, PATH: `${VENV_BIN}:${process.env.PATH}` },
  });
  const stop = () => lab.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  lab.on('exit', (code) => process.exit(code ?? 0));
}

const mode = process.argv[2];
if (mode !== 'start' && mode !== 'test' && mode !== 'setup') {
  process.stderr.write('usage: node scripts/bootstrap.mjs start|test|setup\n');
  process.exit(2);
}
setup();
if (mode === 'test') test();
if (mode === 'start') start();
