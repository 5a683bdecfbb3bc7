/**
 * `velo deploy APP.sql [--name APP] [--out DIR] [--dry-run] [runner options]`: writes the
 * app's deployment artifacts (kernel spec §4.6) and, unless `--dry-run`, deploys them to the
 * job runner.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { diagnosticText, sourceLines } from '../diagnostic-text';
import { parse } from '../../sql/parse';
import { buildDeployment, DeploymentError } from '../../serve/deployment';
import { defaultStateDir, readRunnerInfo } from '../../serve/client';
import { RUNNER_OPTIONS, RUNNER_USAGE, runnerClient, withRunner } from '../runner-args';

const usage = `Usage: velo deploy APP.sql [--name APP] [--out DIR] [--dry-run] [--server URL] [--token-file F] [--state DIR]

Writes APP.sql with its header, alerts.yml (+ alerts.test.yml for promtool test rules),
APP.dashboard.json, prometheus.yml and deploy.json into --out (default deploy/APP/ beside the
file), then deploys the app to the job runner.

Options:
  --name APP         app name (default: the -- SQL Application: header, else the file stem)
  --out DIR          where the artifacts go
  --dry-run          write and validate only
${RUNNER_USAGE}`;

export const command: Command = {
  name: 'deploy',
  summary: 'package a SQL application (alerts, dashboard, manifest) and deploy it to the job runner',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { values: ['name', 'out', ...RUNNER_OPTIONS], booleans: ['dry-run'] });
    if (args.positionals.length !== 1) throw new UsageError('expected one APP.sql file');
    const file = path.resolve(io.cwd, args.positionals[0]);
    if (!fs.existsSync(file)) {
      io.stderr.write(`velo deploy: SQL file not found: ${file}\n`);
      return 1;
    }
    const sql = fs.readFileSync(file, 'utf8');
    const app = String(args.flags.get('name') ?? parse(sql).header.name ?? path.basename(file).replace(/\.[^.]*$/, ''));
    const stateDir = args.flags.has('state') ? path.resolve(io.cwd, String(args.flags.get('state'))) : defaultStateDir(io.env);
    const runner = readRunnerInfo(stateDir);
    let deployment;
    try {
      deployment = buildDeployment({ app, sql, baseDir: path.dirname(file), runnerUrl: runner?.url, tokenFile: runner?.tokenFile });
    } catch (e) {
      if (!(e instanceof DeploymentError)) throw e;
      io.stderr.write(`velo deploy: ${e.message}\n`);
      for (const d of e.diagnostics) io.stderr.write(diagnosticText(path.basename(file), sourceLines(sql), d));
      return 1;
    }
    const out = path.resolve(io.cwd, String(args.flags.get('out') ?? path.join(path.dirname(file), 'deploy', app)));
    fs.mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(deployment.files)) fs.writeFileSync(path.join(out, name), text);
    for (const d of deployment.warnings) io.stderr.write(diagnosticText(path.basename(file), sourceLines(sql), d));
    io.stdout.write(`${app}: ${deployment.jobs.length} job(s), ${deployment.metrics.length} metric(s), ${deployment.alerts.length} alert(s), ${deployment.panels.length} panel(s); files in ${out}\n`);
    if (args.flags.has('dry-run')) return 0;
    return withRunner('velo deploy', io, async () => {
      const client = runnerClient(args, io);
      const result = (await client.deploy(deployment.manifest)) as { version: number };
      io.stdout.write(`${app}: deployed as version ${result.version} to ${client.url}\n`);
    });
  },
};
