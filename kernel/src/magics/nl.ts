/**
 * `%%nl` (kernel spec §4.5): the body is a request in natural language. The answer — from Claude
 * when `ai` allows it and a key is set, else from the offline semantic parser — is validated SQL,
 * shown with what the engine understood, offered as the next cell (`set_next_input`), and with
 * `--run` executed in this cell. No data rows ever leave the kernel: the context is the catalog
 * (columns, types, declared values), parameters and the SQL of recent cells.
 */
import * as path from 'path';
import { AiError, appChoiceFor, catalogFromEngine, chooseNlEngine, generateApp, nlToSql, writeApp, type DataSchema, type GeneratedApp, type NlResult } from '@velostream/engine';
import type { OptionSpec } from '../executor/cell/args';
import { cellError } from '../executor/errors';
import type { Magic } from './magic';

const OPTIONS: OptionSpec[] = [
  { name: 'run', kind: 'flag', help: 'also execute the SQL in this cell' },
  { name: 'model', kind: 'string', value: 'M', help: 'Claude model (default %config ai_model)' },
  { name: 'app', kind: 'flag', help: 'build a whole app from a template: SQL, test spec and a new notebook beside this one' },
  { name: 'name', kind: 'string', value: 'APP', help: 'name of the app (--app; default <template>_<source>)' },
  { name: 'force', kind: 'flag', help: 'overwrite the files of an app of the same name (--app)' },
];

export const nlMagic: Magic = {
  name: 'nl',
  forms: ['cell'],
  usage: '%%nl [--run] [--model M] [--app [--name APP] [--force]]',
  summary: 'write SQL from a request in natural language (Claude with a key, else offline)',
  help: 'The body is the request, e.g. "average price per symbol every 5 minutes". The SQL is shown with an explanation and inserted as the next cell; --run executes it here. Claude is used when ANTHROPIC_API_KEY is set and %config ai is not off; otherwise the offline engine answers and says what it could not map.',
  options: OPTIONS,
  async run(call, ctx) {
    const request = call.body.trim();
    if (request === '') return cellError('MagicError', '%%nl needs a request in the cell body, e.g. "average price per symbol"', { at: call.at });
    const { notebook, exec } = ctx;
    const schemas = new Map<string, DataSchema>(notebook.schemaNames().map((n) => [n, notebook.schema(n)!]));
    const settings = notebook.settings.values;
    const model = call.args.options.model === undefined ? settings.ai_model : String(call.args.options.model);
    const choice = { ai: settings.ai, env: process.env, model, signal: exec.signal };
    const catalog = catalogFromEngine(notebook.catalog, schemas);
    if (call.args.options.app) {
      let picked;
      try {
        picked = await appChoiceFor(request, catalog, choice);
      } catch (e) {
        if (e instanceof AiError) return cellError('AiError', e.message);
        throw e;
      }
      const outcome = generateApp(request, catalog, schemas, call.args.options.name === undefined ? undefined : String(call.args.options.name), picked);
      if (!outcome.ok) return cellError('AiError', outcome.error);
      const written = writeApp(outcome.app, process.cwd(), call.args.options.force === true);
      if (!written.ok) return cellError('MagicError', written.error, { hint: 'add --force or --name APP' });
      await exec.output.displayData(appBundle(outcome.app, written.files.map((f) => path.relative(process.cwd(), f))));
      return outcome.app.valid ? undefined : cellError('AiError', `the generated app does not validate: ${outcome.app.diagnostics.find((d) => d.severity === 'error')?.message}`);
    }
    const engine = chooseNlEngine(choice);
    let result: NlResult;
    try {
      result = await nlToSql(request, { catalog, recentCells: notebook.recentSql() }, engine);
    } catch (e) {
      if (e instanceof AiError) return cellError('AiError', e.message, e.sql ? { details: [e.sql] } : {});
      throw e;
    }
    if (!result.sql) return cellError('AiError', `the ${result.engine} engine could not write SQL for this request`, { details: result.explanation.split('\n') });
    await exec.output.displayData(nlBundle(result));
    ctx.payload.push({ source: 'set_next_input', text: result.sql, replace: false });
    if (!result.valid) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      return cellError('AiError', `the generated SQL does not validate: ${first?.message ?? 'unknown error'}`, { details: [result.sql] });
    }
    return call.args.options.run ? ctx.runSql(result.sql, call.bodyStart, {}) : undefined;
  },
};

/** SQL fenced as markdown plus the explanation; text/plain for consoles and nbconvert. */
export function nlBundle(result: NlResult): Record<string, string> {
  const engine = result.engine === 'claude' ? 'Claude' : 'offline engine';
  const explanation = result.explanation.trim();
  return {
    'text/markdown': `**%%nl** (${engine})\n\n\`\`\`sql\n${result.sql}\n\`\`\`\n\n${explanation}`,
    'text/plain': `-- %%nl (${engine})\n${result.sql}\n${explanation
      .split('\n')
      .filter(Boolean)
      .map((l) => `-- ${l}`)
      .join('\n')}`,
  };
}

/** What was built: template, column mapping, questions, files, and the application SQL. */
function appBundle(app: GeneratedApp, files: string[]): Record<string, string> {
  const summary = `${app.explanation}\n- files: ${files.join(', ')}`;
  return {
    'text/markdown': `**%%nl --app**: ${app.template.title} on \`${app.source}\`\n\n${summary}\n\n\`\`\`sql\n${app.sql}\`\`\``,
    'text/plain': `${summary}\n\n${app.sql}`,
  };
}
