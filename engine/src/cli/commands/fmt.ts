/**
 * `velo fmt FILE` — prints the canonical form of a SQL file (dialect spec §15): each statement
 * with the comments it owns (its annotations), upper-case keywords, clauses in the fixed order.
 * A file that does not parse is not printed; its errors are, as `velo validate` shows them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { parse } from '../../sql';
import { hasErrors } from '../../sql/diagnostics';
import { format } from '../../sql/formatter';
import { diagnosticText, sourceLines } from '../diagnostic-text';

const usage = `Usage: velo fmt FILE

Prints FILE in canonical form: upper-case keywords, clauses in the canonical order, AS before
every alias, quoted WITH keys and values. Comments before each statement are kept; comments
inside a statement are not. Extension forms are printed only where the file uses them.
`;

export const command: Command = {
  name: 'fmt',
  summary: 'print a SQL file in canonical form',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { positionals } = parseArgs(argv, {});
    if (positionals.length !== 1) throw new UsageError('give exactly one file');
    const file = positionals[0];
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
      io.stderr.write(`velo fmt: cannot read ${file}: ${reason}\n`);
      return 1;
    }
    const parsed = parse(text);
    if (hasErrors(parsed.diagnostics)) {
      const lines = sourceLines(text);
      io.stderr.write(parsed.diagnostics.map((d) => diagnosticText(file, lines, d)).join(''));
      return 1;
    }
    io.stdout.write(format(parsed));
    return 0;
  },
};
