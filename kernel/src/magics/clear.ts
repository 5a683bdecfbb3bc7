import type { Magic } from './magic';

export const clearMagic: Magic = {
  name: 'clear',
  forms: ['line'],
  usage: '%clear [--wait]',
  summary: 'clear the cell output',
  options: [{ name: 'wait', kind: 'flag', help: 'clear when the next output arrives' }],
  async run(call, ctx) {
    await ctx.exec.output.clearOutput(call.args.options.wait === true);
    return undefined;
  },
};
