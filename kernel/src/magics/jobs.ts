import { defaultStateDir, RunnerCallError, RunnerClient } from '@velostream/engine';
import { cellError } from '../executor/errors';
import { JOB_COLUMNS, jobRows } from '../executor/listings';
import { textListing } from '../executor/static-result';
import type { Magic } from './magic';

const DEPLOYED_COLUMNS = ['name', 'app', 'version', 'status', 'started', 'in', 'out'];

export const jobsMagic: Magic = {
  name: 'jobs',
  forms: ['line'],
  usage: '%jobs [--all] [--deployed]',
  summary: 'list running background jobs (--all: also finished ones; --deployed: the job runner\'s)',
  options: [
    { name: 'all', kind: 'flag', help: 'include finished jobs' },
    { name: 'deployed', kind: 'flag', help: 'the jobs deployed to the job runner (velo serve)' },
  ],
  async run(call, ctx) {
    if (call.args.options.deployed) {
      try {
        const { jobs } = await RunnerClient.connect({ stateDir: defaultStateDir() }).jobs();
        const rows = jobs.map((j) => {
          const p = j.progress as { recordsIn: number; recordsOut: number };
          return [String(j.name), String(j.app), Number(j.version), String(j.status), String(j.startedAt), p.recordsIn, p.recordsOut];
        });
        await ctx.exec.output.executeResult(textListing(DEPLOYED_COLUMNS, rows));
        return undefined;
      } catch (e) {
        if (e instanceof RunnerCallError) return cellError('SourceError', `%jobs --deployed: ${e.message}`);
        throw e;
      }
    }
    const jobs = call.args.options.all ? ctx.notebook.jobs.all() : ctx.notebook.jobs.running();
    await ctx.exec.output.executeResult(textListing(JOB_COLUMNS, jobRows(jobs)));
    return undefined;
  },
};
