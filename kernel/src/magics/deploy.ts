/**
 * `%%deploy [--name APP] [--out DIR] [--target T] [--dry-run] [--yes]` (kernel spec §4.6): the
 * pipeline this kernel built becomes `<app>.sql`, `<app>.test.yaml`, `alerts.yml` (+ its promtool
 * test), `<app>.dashboard.json`, `prometheus.yml` and `deploy.json` in `--out`; with `--target`
 * (`local` = the runner of this machine's state directory, started when none runs, or a URL)
 * it is deployed after confirmation. The output is a static report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildDeployment,
  defaultStateDir,
  DeploymentError,
  ensureLocalRunner,
  parseDeployOptions,
  readRunnerInfo,
  RunnerCallError,
  RunnerClient,
  testSpecYaml,
  type Deployment,
  type RunnerInfo,
} from '@velostream/engine';
import { escapeMarkup } from '../display/escape';
import type { OptionSpec } from '../executor/cell/args';
import { cellError, offsetOf } from '../executor/errors';
import type { MimeBundle } from '../session/executor';
import type { Magic } from './magic';

const OPTIONS: OptionSpec[] = [
  { name: 'name', kind: 'string', value: 'APP', help: 'app name (default: YAML name, the notebook name, else notebook)' },
  { name: 'out', kind: 'string', value: 'DIR', help: 'where the artifacts go (default deploy/<app>/)' },
  { name: 'target', kind: 'string', value: 'T', help: 'local (the runner of this machine) or http://host:port' },
  { name: 'dry-run', kind: 'flag', help: 'write and validate only' },
  { name: 'yes', kind: 'flag', help: 'deploy without asking' },
];

interface Deployed {
  target: string;
  url: string;
  version: number;
}

export const deployMagic: Magic = {
  name: 'deploy',
  forms: ['cell'],
  usage: '%%deploy [--name APP] [--out DIR] [--target T] [--dry-run] [--yes]',
  summary: 'collect the pipeline of this notebook into deployable artifacts and deploy it to the job runner',
  help: 'Optional YAML body: name, version, alerts: [{name, expr, for, severity}], dashboard: true|false. `--target local` deploys to the runner of ~/.velostream/runner (started when none runs); `velo jobs` and `%jobs --deployed` list what runs.',
  options: OPTIONS,
  async run(call, ctx) {
    const { notebook, exec } = ctx;
    const o = call.args.options;
    const body = parseDeployOptions(call.body);
    if ('error' in body) {
      const start = call.bodyStart + offsetOf(call.body, body.line, 1);
      return cellError('MagicError', `%%deploy body: ${body.error}`, { at: { start, end: start + Math.max(1, (call.body.split('\n')[body.line - 1] ?? '').length) } });
    }
    if (notebook.pipeline.size === 0)
      return cellError('MagicError', 'nothing to deploy: no CREATE STREAM/TABLE, SELECT … INTO or START JOB has run in this kernel', { hint: 'run the cells that build the pipeline first' });
    const app = String(o.name ?? body.options.name ?? notebookName() ?? 'notebook');
    const target = o.target === undefined ? undefined : String(o.target);
    const deploying = target !== undefined && !o['dry-run'];
    const stateDir = defaultStateDir();
    const build = (runner: RunnerInfo | null): Deployment =>
      buildDeployment({
        app,
        sql: notebook.pipeline.sql(),
        baseDir: process.cwd(),
        ...(body.options.version ? { version: body.options.version } : {}),
        ...(body.options.alerts ? { alerts: body.options.alerts } : {}),
        ...(body.options.dashboard !== undefined ? { dashboard: body.options.dashboard } : {}),
        ...(runner ? { runnerUrl: runner.url, tokenFile: runner.tokenFile } : {}),
        testYaml: testSpecYaml(app, notebook.pipeline.passedTests()),
      });
    let deployment: Deployment;
    try {
      deployment = build(target === 'local' ? readRunnerInfo(stateDir) : null);
      if (deploying && !o.yes) {
        if (!exec.request.allowStdin) return cellError('MagicError', 'confirmation needed: add --yes', { at: call.at });
        const answer = await exec.input(`Deploy ${deployment.jobs.length} jobs to ${target}? [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim())) {
          await exec.output.stream('stdout', 'not deployed\n');
          return undefined;
        }
      }
      // The local runner is started first, so prometheus.yml names its address and token.
      if (deploying && target === 'local') deployment = build(await ensureLocalRunner(stateDir));
    } catch (e) {
      if (e instanceof RunnerCallError) return cellError('SourceError', `%%deploy: ${e.message}`);
      if (!(e instanceof Error)) throw e;
      const details = e instanceof DeploymentError ? e.diagnostics.map((d) => `${app}.sql:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`) : [];
      return cellError('MagicError', `%%deploy: ${e.message}`, { details });
    }
    const out = path.resolve(String(o.out ?? path.join('deploy', app)));
    fs.mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(deployment.files)) fs.writeFileSync(path.join(out, name), text);

    let deployed: Deployed | null = null;
    if (deploying) {
      try {
        const client = RunnerClient.connect(target === 'local' ? { stateDir } : { server: target, stateDir });
        const result = (await client.deploy(deployment.manifest)) as { version: number };
        deployed = { target, url: client.url, version: result.version };
      } catch (e) {
        if (!(e instanceof RunnerCallError)) throw e;
        const detail = (e.detail as { diagnostics?: Array<{ line: number; column: number; message: string }> } | null)?.diagnostics ?? [];
        return cellError('SourceError', `%%deploy: ${e.message}`, { details: detail.map((d) => `${app}.sql:${d.line}:${d.column}: ${d.message}`) });
      }
    }
    await exec.output.executeResult(report(deployment, out, deployed, Boolean(o['dry-run'])));
    return undefined;
  },
};

/** The notebook's name from jupyter_server (`JPY_SESSION_NAME` is its path). */
function notebookName(): string | undefined {
  const session = process.env.JPY_SESSION_NAME;
  if (!session) return undefined;
  const stem = path.basename(session).replace(/\.ipynb$/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(stem) ? stem : `nb_${stem}`;
}

function report(d: Deployment, out: string, deployed: Deployed | null, dryRun: boolean): MimeBundle {
  const result = deployed ? `deployed to ${deployed.url} (${deployed.target}) as version ${deployed.version}` : dryRun ? 'dry run: written and validated, not deployed' : 'written; not deployed (add --target local)';
  const sections: Array<[string, string[]]> = [
    ['Jobs', d.jobs.map((j) => `${j.name}: ${j.sources.join(', ') || '—'} → ${j.sink ?? '—'}${j.sinkType ? ` (${j.sinkType})` : ''}`)],
    ['Metrics', d.metrics.map((m) => `${m.name} (${m.type}, job ${m.job})`)],
    ['Alerts', d.alerts.map((a) => `${a.name}: ${a.expr} for ${a.for} (${a.severity})`)],
    ['Panels', d.panels],
    ['Files', Object.keys(d.files).map((f) => path.join(out, f))],
  ];
  const text = [`%%deploy ${d.app}: ${result}`, ...sections.flatMap(([title, lines]) => [`${title}:`, ...(lines.length ? lines.map((l) => `  ${l}`) : ['  none'])])].join('\n');
  const html = [
    '<div class="velostream-deploy">',
    `<div class="velostream-summary">%%deploy ${escapeMarkup(d.app)}: ${escapeMarkup(result)}</div>`,
    ...sections.map(([title, lines]) => `<h4>${escapeMarkup(title)}</h4><ul>${lines.map((l) => `<li>${escapeMarkup(l)}</li>`).join('') || '<li>none</li>'}</ul>`),
    '</div>',
  ].join('\n');
  return {
    'text/plain': text,
    'text/html': html,
    'application/vnd.velostream.deploy+json': { version: 1, app: d.app, deployed: deployed ?? null, dry_run: dryRun, jobs: d.jobs, metrics: d.metrics, alerts: d.alerts, panels: d.panels, files: Object.keys(d.files), out },
  };
}
