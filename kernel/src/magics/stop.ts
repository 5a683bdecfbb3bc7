import { cellError } from '../executor/errors';
import type { Magic } from './magic';

export const stopMagic: Magic = {
  name: 'stop',
  forms: ['line'],
  usage: '%stop NAME…|all',
  summary: 'stop background jobs',
  options: [],
  argument: 'job',
  async run(call, ctx) {
    const { jobs } = ctx.notebook;
    const names = call.args.positional;
    if (names.length === 0) return cellError('MagicError', '%stop needs job names or all', { hint: 'list jobs with %jobs' });
    if (names.length === 1 && names[0] === 'all') {
      const stopped = await jobs.stopAll('stop');
      await ctx.exec.output.stream('stdout', stopped.length ? `stopped ${stopped.map((j) => j.name).join(', ')}\n` : 'no running jobs\n');
      return undefined;
    }
    const unknown = names.filter((name) => jobs.get(name)?.run.status !== 'running');
    if (unknown.length > 0)
      return cellError('MagicError', `no running job named ${unknown.join(', ')}`, {
        hint: `running: ${jobs.running().map((j) => j.name).join(', ') || 'none'}`,
      });
    for (const name of names) await jobs.stop(name);
    await ctx.exec.output.stream('stdout', `stopped ${names.join(', ')}\n`);
    return undefined;
  },
};
