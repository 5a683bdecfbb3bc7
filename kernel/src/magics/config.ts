import { SETTING_KEYS } from '../executor/notebook/settings';
import { textListing } from '../executor/static-result';
import type { Magic } from './magic';

export const configMagic: Magic = {
  name: 'config',
  forms: ['line'],
  usage: '%config [key=value…]',
  summary: 'set display and run settings; without arguments, list them',
  help: `keys: ${SETTING_KEYS.join(', ')}`,
  options: [],
  argument: 'config',
  async run(call, ctx) {
    const { settings } = ctx.notebook;
    if (call.args.positional.length === 0) {
      await ctx.exec.output.executeResult(textListing(['key', 'value', 'meaning'], settings.listing()));
      return undefined;
    }
    const error = settings.apply(call.args.positional);
    if (!error) ctx.notebook.changed();
    return error;
  },
};
