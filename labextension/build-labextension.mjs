#!/usr/bin/env node
// Builds the prebuilt extension into velostream_jupyterlab/labextension with @jupyterlab/builder.
// JupyterLab 4.6's `jupyter labextension build` needs @jupyterlab/core-meta for the builder's
// version, which the npm registry does not serve for 4.5.11; the builder itself only needs the
// core package.json of the JupyterLab that will load the extension (its shared-module versions),
// which every JupyterLab install ships as jupyterlab/staging. PYTHON picks the interpreter
// (default: the project .venv, else python3).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const venvPython = join(HERE, '..', '.venv', 'bin', 'python');
const python = process.env.PYTHON ?? (existsSync(venvPython) ? venvPython : 'python3');

const located = spawnSync(python, ['-c', 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))'], {
  encoding: 'utf8',
});
if (located.status !== 0) {
  process.stderr.write(`JupyterLab 4 is needed to build the extension (${python}: ${located.stderr.trim()})\n`);
  process.exit(1);
}
const corePath = located.stdout.trim();
const builder = join(HERE, 'node_modules', '@jupyterlab', 'builder', 'lib', 'build-labextension.js');
const result = spawnSync(process.execPath, [builder, '--core-path', corePath, ...process.argv.slice(2), HERE], {
  stdio: 'inherit',
  cwd: HERE,
});
process.exit(result.status ?? 1);
