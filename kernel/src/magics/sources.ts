import { likeMatcher } from '../executor/catalog-answers';
import { SOURCE_COLUMNS, sourceRows } from '../executor/notebook/listings';
import { textListing } from '../executor/static-result';
import type { Magic } from './magic';

export const sourcesMagic: Magic = {
  name: 'sources',
  forms: ['line'],
  usage: '%sources [--like PAT]',
  summary: 'list sources, streams and tables: kind, bounded, binding, column count',
  options: [{ name: 'like', kind: 'string', value: 'PAT', help: "name pattern with % and _ wildcards" }],
  async run(call, ctx) {
    const like = likeMatcher(call.args.options.like as string | undefined);
    const sources = ctx.notebook.sources().filter((s) => like(s.name));
    await ctx.exec.output.executeResult(textListing(SOURCE_COLUMNS, sourceRows(sources)));
    return undefined;
  },
};
