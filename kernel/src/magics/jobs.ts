import { jobListing } from '../executor/notebook/listings';
import type { Magic } from './magic';

export const jobsMagic: Magic = {
  name: 'jobs',
  forms: ['line'],
  usage: '%jobs [--all]',
  summary: 'list running background jobs (--all: also finished ones)',
  options: [{ name: 'all', kind: 'flag', help: 'include finished jobs' }],
  async run(call, ctx) {
    const jobs = call.args.options.all ? ctx.notebook.jobs.all() : ctx.notebook.jobs.running();
    await ctx.exec.output.executeResult(jobListing(jobs));
    return undefined;
  },
};
