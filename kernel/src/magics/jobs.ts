import { defaultStateDir, RunnerCallError, RunnerClient } from '@velostream/engine';
import { cellError } from '../executor/errors';
import { deployedJobListing, jobListing } from '../executor/notebook/listings';
import type { Magic } from './magic';

export const jobsMagic: Magic = {
  name: 'jobs',
  forms: ['line'],
  usage: '%jobs [--all] [--deployed]',
  summary: "list running background jobs (--all: also finished ones; --deployed: the job runner's)",
  options: [
    { name: 'all', kind: 'flag', help: 'include finished jobs' },
    { name: 'deployed', kind: 'flag', help: 'the jobs deployed to the job runner (velo serve)' },
  ],
  async run(call, ctx) {
    if (call.args.options.deployed) {
      try {
        const { jobs } = await RunnerClient.connect({ stateDir: defaultStateDir() }).jobs();
        await ctx.exec.output.executeResult(deployedJobListing(jobs));
        return undefined;
      } catch (e) {
        if (e instanceof RunnerCallError) return cellError('SourceError', `%jobs --deployed: ${e.message}`);
        throw e;
      }
    }
    const jobs = call.args.options.all ? ctx.notebook.jobs.all() : ctx.notebook.jobs.running();
    await ctx.exec.output.executeResult(jobListing(jobs));
    return undefined;
  },
};
