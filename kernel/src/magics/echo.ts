import type { Magic } from './magic';

export const echoMagic: Magic = {
  name: 'echo',
  forms: ['line'],
  usage: '%echo [--stderr] TEXT',
  summary: 'print TEXT on stdout (or stderr)',
  options: [{ name: 'stderr', kind: 'flag', help: 'write to stderr' }],
  async run(call, ctx) {
    const text = call.rawArgs.replace(/^--stderr(\s+|$)/, '');
    await ctx.exec.output.stream(call.args.options.stderr ? 'stderr' : 'stdout', `${text}\n`);
    return undefined;
  },
};
