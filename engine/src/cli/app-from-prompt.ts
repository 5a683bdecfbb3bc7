/**
 * `velo init --from-prompt REQUEST`: a template-based app generated onto the user's schemas
 * (`--schemas`, `--sample`), written with its test spec, schema files and notebook. With
 * ANTHROPIC_API_KEY (unless --offline or VELOSTREAM_AI=off) Claude picks template, stream and columns.
 */
import * as path from 'path';
import type { CliIO } from './command';
import { appChoiceFor } from '../ai/app/claude-app';
import { AiError } from '../ai/errors';
import { generateApp } from '../ai/app/generate-app';
import { aiSetting } from './nl-catalog';
import { writeApp } from '../ai/app/write-app';
import { loadNlCatalog } from './nl-catalog';

export async function appFromPrompt(request: string, flags: ReadonlyMap<string, string | true>, io: CliIO): Promise<number> {
  const loaded = loadNlCatalog(flags, io);
  if (typeof loaded === 'string') {
    io.stderr.write(`velo init: ${loaded}\n`);
    return 1;
  }
  const name = flags.get('name');
  let choice;
  try {
    choice = flags.has('offline') ? undefined : await appChoiceFor(request, loaded.catalog, { ai: aiSetting(io.env), env: io.env });
  } catch (e) {
    if (!(e instanceof AiError)) throw e;
    io.stderr.write(`velo init: ${e.message}\n`);
    return 1;
  }
  const outcome = generateApp(request, loaded.catalog, loaded.schemas, typeof name === 'string' ? name : undefined, choice);
  if (!outcome.ok) {
    io.stderr.write(`velo init: ${outcome.error}\n`);
    return 1;
  }
  const { app } = outcome;
  if (!app.valid) {
    for (const d of app.diagnostics) io.stderr.write(`velo init: ${d.severity} ${d.code}: ${d.message}\n`);
    return 1;
  }
  const dir = typeof flags.get('dir') === 'string' ? path.resolve(io.cwd, flags.get('dir') as string) : io.cwd;
  const written = writeApp(app, dir, flags.has('yes'));
  if (!written.ok) {
    io.stderr.write(`velo init: ${written.error} (pass -y to overwrite)\n`);
    return 1;
  }
  io.stdout.write(`${app.explanation}\n`);
  for (const file of written.files) io.stdout.write(`📝 Wrote ${path.relative(io.cwd, file) || file}\n`);
  io.stdout.write(`Next: velo-test run ${path.relative(io.cwd, path.join(dir, app.name, `${app.name}.sql`))}\n`);
  return 0;
}
