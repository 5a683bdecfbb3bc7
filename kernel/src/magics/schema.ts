import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatSchemaDiagnostic, hasSchemaErrors, parseSchema } from '@velostream/engine';
import { cellError } from '../executor/errors';
import type { Magic } from './magic';

export const schemaMagic: Magic = {
  name: 'schema',
  forms: ['cell'],
  usage: '%%schema NAME [--save [DIR]]',
  summary: 'register a harness schema (YAML body) for NAME: synthetic data, completion, %describe, %generate',
  help: 'The body is harness schema YAML: `fields` with `name`, `type`, `nullable`, `constraints`. `name` may be omitted but must equal NAME. A source with only a schema is served by an endless seeded generator (`%config rate`).',
  options: [{ name: 'save', kind: 'flag', help: 'also write <DIR or schemas>/<NAME>.schema.yaml' }],
  argument: 'schema',
  async run(call, ctx) {
    const [name, dir, ...extra] = call.args.positional;
    if (!name || extra.length > 0 || (dir !== undefined && !call.args.options.save))
      return cellError('MagicError', 'usage: %%schema NAME [--save [DIR]]');
    const declared = /^name\s*:\s*['"]?([^'"\n]+?)['"]?\s*$/m.exec(call.body)?.[1];
    if (declared !== undefined && declared !== name)
      return cellError('MagicError', `%%schema ${name}: the body names schema '${declared}'`, { hint: 'omit name: in the body, or make it equal NAME' });
    // A body without `name:` gets one on an extra first line; diagnostics shift back by it.
    const shift = declared === undefined ? 1 : 0;
    const text = shift ? `name: ${name}\n${call.body}` : call.body;
    const { schema, diagnostics } = parseSchema(text, `%%schema ${name}`);
    if (!schema || hasSchemaErrors(diagnostics)) {
      const first = diagnostics.find((d) => d.severity === 'error');
      const line = first ? Math.max(1, first.line - shift) : 1;
      const lineStart = call.bodyStart + call.body.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
      return cellError('MagicError', first ? first.message : 'invalid schema', {
        at: { start: lineStart + Math.max(0, (first?.column ?? 1) - 1), end: lineStart + Math.max(1, first?.column ?? 1) },
        ...(first?.hint ? { hint: first.hint } : {}),
        details: diagnostics.filter((d) => d !== first).map(formatSchemaDiagnostic),
      });
    }
    for (const warning of diagnostics) await ctx.exec.output.stream('stderr', `${formatSchemaDiagnostic(warning)}\n`);
    ctx.notebook.registerSchema(schema);
    let saved = '';
    if (call.args.options.save) {
      const file = path.resolve(dir ?? 'schemas', `${name}.schema.yaml`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
      saved = `; saved to ${file}`;
    }
    const served = ctx.notebook.binding(name)?.kind === 'schema' ? `; ${name} is served by seeded synthetic data` : '';
    await ctx.exec.output.stream('stdout', `schema ${name} registered: ${schema.fields.length} fields${served}${saved}\n`);
    return undefined;
  },
};
