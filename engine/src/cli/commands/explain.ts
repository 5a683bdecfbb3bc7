/**
 * `velo explain APP.sql` — prints the logical plan of each statement (plan/explain.ts), with the
 * statement's output name and the CTEs it defines. Sources are resolved as `velo run` would
 * (CSV headers give column types) but nothing runs. Exit 1 when a statement does not plan.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { Catalog } from '../../api/catalog';
import { declareSource } from '../../api/declare';
import { prepareStatement } from '../../api/query';
import { answeredByHost } from '../../api/introspect';
import { explain } from '../../plan/explain';
import { parse } from '../../sql/parse';
import type { Diagnostic } from '../../sql/diagnostics';

const usage = `Usage: velo explain APP.sql

Prints the logical plan of every statement of a SQL application.
`;

export const command: Command = {
  name: 'explain',
  summary: 'print the logical plan of each statement',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, {});
    if (args.positionals.length !== 1) throw new UsageError('expected one APP.sql file');
    const file = path.resolve(io.cwd, args.positionals[0]);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
      io.stderr.write(`velo explain: cannot read '${args.positionals[0]}': ${reason}\n`);
      return 1;
    }
    const parsed = parse(text);
    const catalog = new Catalog();
    let failed = parsed.diagnostics.some((d) => d.severity === 'error');
    parsed.diagnostics.forEach((d) => io.stderr.write(`velo explain: ${diagnosticText(args.positionals[0], d)}\n`));
    parsed.statements.forEach((statement, i) => {
      if (statement.kind === 'CreateSource') {
        // ⊕X24: a declaration plans nothing; it names the connector later statements read.
        const declared = declareSource(statement, catalog);
        const keys = Object.entries(declared.properties).map(([k, v]) => `${k}=${v}`).join(', ');
        io.stdout.write(`${i > 0 ? '\n' : ''}-- SOURCE ${declared.name}\nDeclared ${statement.objectType} ${declared.name} (${keys})\n`);
        return;
      }
      if (answeredByHost(statement)) {
        // ⊕X35: introspection reads the run's catalog and sources; there is no plan.
        io.stdout.write(`${i > 0 ? '\n' : ''}-- statement ${statement.index + 1}\nIntrospection, answered by velo run once the run has ended: ${statement.text}\n`);
        return;
      }
      const prepared = prepareStatement(statement, catalog, { baseDir: path.dirname(file), env: io.env });
      const planned = prepared.planned;
      const also = planned?.alsoWrites.length ? ` (also INTO ${planned.alsoWrites.join(', ')})` : '';
      const title = planned?.output ? `${planned.kind.toUpperCase()} ${planned.output}${also}` : `statement ${statement.index + 1}`;
      io.stdout.write(`${i > 0 ? '\n' : ''}-- ${title}\n`);
      for (const d of prepared.diagnostics) io.stderr.write(`velo explain: ${diagnosticText(args.positionals[0], d)}\n`);
      if (!planned) {
        failed = true;
        if (prepared.error && !prepared.diagnostics.length) io.stderr.write(`velo explain: ${prepared.error.message}\n`);
        return;
      }
      catalog.registerOutput(planned);
      for (const cte of planned.ctes) io.stdout.write(`CTE ${cte.name}\n${indent(explain(cte.plan.root))}\n`);
      io.stdout.write(`${explain(planned.plan)}\n`);
    });
    return failed ? 1 : 0;
  },
};

function diagnosticText(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
