import { explain, startStatement } from '@velostream/engine';
import { chooseViz } from '../display/viz';
import { engineError } from '../executor/engine-errors';
import { cellError, isCellError, type CellError } from '../executor/errors';
import type { CellContext } from '../executor/context';
import { prepareItems, type PreparedSql } from '../executor/cell/prepared';
import { splitItems } from '../executor/cell/cell';
import { resultShape } from '../executor/shape';
import { textListing } from '../executor/static-result';
import type { Magic } from './magic';

export const explainMagic: Magic = {
  name: 'explain',
  forms: ['line', 'cell'],
  usage: '%explain STATEMENT / %%explain + statements',
  summary: 'plan: bindings, filters, projection, window, group keys, emit, boundedness, display mode, chart',
  options: [],
  async run(call, ctx) {
    const text = call.form === 'cell' ? call.body : call.rawArgs;
    const start = call.form === 'cell' ? call.bodyStart : call.at.end + 1;
    const items = splitItems(text, start);
    if (isCellError(items)) return items;
    const prepared = prepareItems(items, ctx.notebook.params);
    if (isCellError(prepared)) return prepared;
    const statements = prepared.filter((p): p is PreparedSql => p.kind === 'sql');
    if (statements.length === 0) return cellError('MagicError', '%explain needs a statement');
    for (const sql of statements) {
      const error = await explainOne(sql, ctx);
      if (error) return error;
    }
    return undefined;
  },
};

/** Plans the statement with its real bindings without reading a record or registering anything. */
async function explainOne(sql: PreparedSql, ctx: CellContext): Promise<CellError | undefined> {
  const { notebook } = ctx;
  if (sql.statement.kind === 'CreateSource') {
    // ⊕X24: a declaration plans no query; it names the connector later statements read.
    const { objectType, name, properties } = sql.statement;
    const keys = properties.entries.map((e) => `${e.key}=${e.value}`).join(', ');
    await ctx.exec.output.executeResult(textListing(['aspect', 'value'], [['statement', `declare ${objectType.toLowerCase()}`], ['name', name.name], ['connector', keys]]));
    return undefined;
  }
  if (sql.statement.kind === 'Show' || sql.statement.kind === 'Describe') {
    // SHOW / DESCRIBE (⊕X35 forms included) read the notebook's catalog and jobs, not records.
    const what = sql.statement.text.split(/\s+/).slice(0, 3).join(' ').replace(/;$/, '');
    await ctx.exec.output.executeResult(textListing(['aspect', 'value'], [['statement', 'introspection'], ['answers', what], ['from', "the notebook's catalog and jobs"], ['plan', 'none: no records are read']]));
    return undefined;
  }
  const handle = startStatement(sql.statement, notebook.catalog, {
    sources: notebook.injectedSources(sql.text),
    registry: notebook.kafka.registry(notebook.catalog),
    bindings: notebook.kafka.bindings(),
    register: false,
    writeSinks: false,
    maxInputRecords: 0,
    output: 'discard',
  });
  handle.cancel();
  const summary = await handle.done;
  const planned = handle.planned;
  if (!planned) return summary.error ? engineError(summary.error, summary.diagnostics, sql) : cellError('SqlValidationError', 'nothing to explain');
  const shape = resultShape(planned);
  const viz = chooseViz({ columns: shape.columns, mode: shape.mode, keys: shape.keys, annotations: sql.statement.annotations, inference: notebook.settings.values.chart });
  const bindings = planned.sources.map((name) => `${name} (${notebook.source(name)?.binding ?? 'WITH properties'})`);
  const rows: string[][] = [
    ['statement', planned.kind],
    ['sources', bindings.join(', ') || 'none'],
    ['output', planned.output ?? 'display only'],
    ['columns', shape.columns.map((c) => `${c.name} ${c.type}${c.role === 'value' ? '' : ` (${c.role})`}`).join(', ')],
    ['group keys', shape.keys.group.join(', ') || 'none'],
    ['window', shape.keys.window ? JSON.stringify(shape.keys.window) : 'none'],
    ['emit', shape.emit],
    ['bounded', planned.unbounded ? 'no' : 'yes'],
    ['display mode', shape.mode],
    ['chart', viz.ok ? viz.viz.kind : viz.message],
    ...explain(planned.plan).split('\n').map((line, i) => [i === 0 ? 'plan' : '', line]),
  ];
  await ctx.exec.output.executeResult(textListing(['aspect', 'value'], rows));
  return undefined;
}
