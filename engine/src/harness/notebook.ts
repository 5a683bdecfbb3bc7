/**
 * The notebook's `%%test` entry point (harness spec §11): a cell's SQL runs against generated
 * data with the same generator, assertions and report as `velo-test run`. Without a spec, the
 * inputs are generated per FROM/JOIN source as in `run -y` and the assertions are the cell's
 * `-- @assert:` lines (one grammar for the project: `parseAssertShorthand`), or the generated
 * defaults of §10.2 when there are none. A malformed line stops the cell with an error naming it.
 */
import * as path from 'path';
import { stringify } from 'yaml';
import { parseAssertShorthand } from '../sql/assertShorthand';
import type { Schema } from './generator/schema';
import { YamlContext } from './generator/yaml-context';
import type { FailureAnalyzer } from './analyse/types';
import { offlineAnalyzer } from './analyse/rules';
import type { TestReport } from './report/types';
import { loadAppModel } from './run/app-model';
import { generateSpec } from './run/generated-spec';
import { runTests } from './run/run-tests';
import type { ProgressFactory } from './run/query-job';
import { buildSchemaRegistry } from './run/schemas';
import { loadSpec, readAssertion } from './spec/load-spec';
import type { AssertionSpec } from './spec/types';

export interface AssertLineError {
  /** 1-based line of the cell. */
  line: number;
  text: string;
  message: string;
  hint?: string;
}

const ASSERT_LINE = /^\s*--\s*@assert\s*:\s*(.*?)\s*$/i;

/** The `-- @assert:` lines of a cell as spec assertions, with an error per malformed line (§11). */
export function parseAssertLines(sql: string): { assertions: AssertionSpec[]; errors: AssertLineError[] } {
  const assertions: AssertionSpec[] = [];
  const errors: AssertLineError[] = [];
  sql.split(/\r?\n/).forEach((lineText, i) => {
    const m = ASSERT_LINE.exec(lineText);
    if (!m) return;
    const parsed = parseAssertShorthand(m[1]);
    if (!parsed.ok) {
      errors.push({ line: i + 1, text: m[1], message: parsed.message, hint: parsed.hint });
      return;
    }
    // Checked like a spec assertion, so kinds, required keys and unknown types behave alike.
    const { context, root } = YamlContext.parse(stringify(parsed.assertion, { flow: true }), 'cell');
    const assertion = readAssertion(context, root, '@assert');
    const problem = context.diagnostics.find((d) => d.severity === 'error');
    if (!assertion || problem) errors.push({ line: i + 1, text: m[1], message: problem?.message ?? 'invalid assertion', ...(problem?.hint ? { hint: problem.hint } : {}) });
    else assertions.push({ ...assertion, position: { file: 'cell', line: i + 1, column: 1 } });
  });
  return { assertions, errors };
}

export interface CellTestOptions {
  /** Records per generated input (default 1000). */
  records?: number;
  seed?: number;
  nowMs?: number;
  timeoutMs?: number;
  /** A spec file to use instead of the cell's assertions. */
  spec?: string;
  query?: string;
  /** Schemas registered in the notebook (and `@data.*` hints of earlier cells, as schemas). */
  schemas?: readonly Schema[];
  /** Directory relative paths resolve against (the notebook's). */
  baseDir?: string;
  analyzers?: readonly FailureAnalyzer[];
  signal?: AbortSignal;
  /** Progress of each query's processing (the kernel shows it as an updating display). */
  progress?: ProgressFactory;
}

export type CellTestResult = { ok: true; report: TestReport } | { ok: false; errors: AssertLineError[] };

/** Runs a cell's SQL as a test (§11); a malformed `@assert` line or spec is an error, not a report. */
export async function runCellTests(sql: string, options: CellTestOptions = {}): Promise<CellTestResult> {
  const baseDir = options.baseDir ?? process.cwd();
  const sqlFile = path.join(baseDir, 'cell.sql');
  const analyzers = options.analyzers ?? [offlineAnalyzer];
  const common = {
    sqlFile,
    sqlText: sql,
    ...(options.schemas ? { schemas: options.schemas } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.nowMs !== undefined ? { nowMs: options.nowMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.query !== undefined ? { query: options.query } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    analyzers,
    cwd: baseDir,
  };
  if (options.spec) {
    const loaded = loadSpec(path.resolve(baseDir, options.spec));
    if (!loaded.spec) return { ok: false, errors: loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ line: d.line, text: d.file, message: d.message })) };
    return { ok: true, report: await runTests({ ...common, spec: loaded.spec, ...(options.records !== undefined ? { records: options.records } : {}) }) };
  }
  const { assertions, errors } = parseAssertLines(sql);
  if (errors.length > 0) return { ok: false, errors };
  const app = loadAppModel(sqlFile, sql);
  const registry = buildSchemaRegistry(app, sql, null, null, options.schemas);
  const { spec } = generateSpec(app, (name) => registry.schemas.has(name), options.records ?? 1000);
  if (assertions.length > 0) for (const q of spec.queries) q.assertions = assertions;
  return { ok: true, report: await runTests({ ...common, spec }) };
}
