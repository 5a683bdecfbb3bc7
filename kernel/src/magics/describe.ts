import { describeSource } from '../executor/notebook/describe';
import { cellError, isCellError } from '../executor/errors';
import { describeBundle } from '../executor/notebook/listings';
import type { Magic } from './magic';

export const describeMagic: Magic = {
  name: 'describe',
  forms: ['line'],
  usage: '%describe NAME [--sample N]',
  summary: 'columns (type, nullable, role), binding and sample rows of a source',
  options: [{ name: 'sample', kind: 'integer', value: 'N', help: 'sample rows (default 5)' }],
  argument: 'source',
  async run(call, ctx) {
    const [name, ...extra] = call.args.positional;
    if (!name || extra.length > 0) return cellError('MagicError', 'usage: %describe NAME [--sample N]');
    const described = describeSource(ctx.notebook, name, (call.args.options.sample as number | undefined) ?? 5);
    if (isCellError(described)) return described;
    await ctx.exec.output.executeResult(describeBundle(described, ctx.notebook.settings.values.rows));
    return undefined;
  },
};
