import { textListing } from '../executor/static-result';
import type { Magic } from './magic';

/** `%lsmagic`: every magic with its one-line help. */
export function lsmagicMagic(all: () => readonly Magic[]): Magic {
  return {
    name: 'lsmagic',
    forms: ['line'],
    usage: '%lsmagic',
    summary: 'list every magic with one-line help',
    options: [],
    async run(_call, ctx) {
      const rows = all().flatMap((m) => m.forms.map((form) => [`${form === 'cell' ? '%%' : '%'}${m.name}`, m.summary]));
      await ctx.exec.output.executeResult(textListing(['magic', 'help'], rows));
      return undefined;
    },
  };
}
