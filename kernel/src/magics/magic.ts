/**
 * What every magic declares (kernel spec §4.2): its name, forms (line `%x`, cell `%%x`), usage,
 * one-line help, options, what its positional argument names (for completion), and how it runs.
 */
import type { OptionSpec, ParsedArgs } from '../executor/cell/args';
import type { CellContext } from '../executor/context';
import type { CellError, CellRange } from '../executor/errors';

export type MagicForm = 'line' | 'cell';

/** What a positional argument names, for completion. */
export type ArgumentKind = 'source' | 'job' | 'schema' | 'config' | 'topic' | 'none';

export interface MagicCall {
  form: MagicForm;
  args: ParsedArgs;
  /** The argument text after `${}` substitution. */
  rawArgs: string;
  /** Cell magics: the body and its offset in the cell. Line magics: ''. */
  body: string;
  bodyStart: number;
  /** Where the magic's name is in the cell. */
  at: CellRange;
}

export interface Magic {
  name: string;
  forms: readonly MagicForm[];
  /** `%describe NAME [--sample N]`. */
  usage: string;
  /** One line for `%lsmagic`. */
  summary: string;
  /** Longer help for `%help NAME` (markdown-friendly plain text). */
  help?: string;
  options: readonly OptionSpec[];
  argument?: ArgumentKind;
  run(call: MagicCall, ctx: CellContext): Promise<CellError | undefined>;
}
