/** Magics the spec names that this kernel does not offer yet: they say so, and do nothing else. */
import type { OptionSpec } from '../executor/cell/args';
import { cellError } from '../executor/errors';
import type { Magic, MagicForm } from './magic';

export function notAvailable(name: string, forms: MagicForm[], usage: string, summary: string, reason: string): Magic {
  const options: OptionSpec[] = [];
  return {
    name,
    forms,
    usage,
    summary: `${summary} (not available yet)`,
    options,
    async run() {
      return cellError('MagicError', `${forms.includes('cell') ? '%%' : '%'}${name} is not available yet: ${reason}`);
    },
  };
}
