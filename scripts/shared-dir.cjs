/**
 * Where the shared folder (specs, conformance corpus) is: `VELOSTREAM_SHARED` when set, else
 * `shared/` beside this checkout, else beside the main checkout when this one is a git worktree
 * (a worktree's `.git` is a file naming its git dir, whose `commondir` leads to the main one).
 * Tests, the conformance stage and the examples all resolve it here.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function mainCheckout(root) {
  const dotGit = path.join(root, '.git');
  if (!fs.existsSync(dotGit) || fs.statSync(dotGit).isDirectory()) return undefined;
  const gitDir = path.resolve(root, fs.readFileSync(dotGit, 'utf8').replace(/^gitdir:\s*/, '').trim());
  const commonFile = path.join(gitDir, 'commondir');
  if (!fs.existsSync(commonFile)) return undefined;
  return path.dirname(path.resolve(gitDir, fs.readFileSync(commonFile, 'utf8').trim()));
}

function sharedDir(root = ROOT) {
  if (process.env.VELOSTREAM_SHARED) return path.resolve(process.env.VELOSTREAM_SHARED);
  const beside = path.resolve(root, '..', 'shared');
  if (fs.existsSync(beside)) return beside;
  const main = mainCheckout(root);
  const besideMain = main && path.resolve(main, '..', 'shared');
  return besideMain && fs.existsSync(besideMain) ? besideMain : beside;
}

module.exports = { sharedDir };
