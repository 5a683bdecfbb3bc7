/**
 * The notebook of a generated app (nbformat 4): a title, the source schema (`%%schema`) and
 * bounded synthetic data (`%generate`), then per statement a markdown line, the statement, and a
 * `%%test` cell with its assertions, so it runs top to bottom under `jupyter nbconvert --execute`.
 * A `%%deploy --dry-run` cell ends it: the pipeline becomes deployable artifacts, nothing is started.
 */
import type { AppStatement } from './templates';

export interface NotebookInput {
  name: string;
  title: string;
  request: string;
  source: string;
  schemaYaml: string;
  statements: AppStatement[];
  explanation: string;
}

const RECORDS = 1000;

export function appNotebook(n: NotebookInput): Record<string, unknown> {
  const cells: Record<string, unknown>[] = [
    markdown(`# ${n.title}: ${n.name}\n\nGenerated from the request: *${n.request.replace(/\*/g, '\\*')}*\n\n${n.explanation}`),
    code(`%%schema ${n.source}\n${n.schemaYaml}`),
    code(`%generate ${n.source} --records ${RECORDS}`),
  ];
  for (const s of n.statements) {
    const sql = statementText(s);
    cells.push(markdown(`## ${s.name}\n\n${s.purpose}.`));
    cells.push(code(`${sql};`));
    // A derived statement is tested with the statements it reads, its assertions on itself.
    const upstream = n.statements.filter((u) => s.reads.includes(u.name)).map((u) => `${u.body};\n`);
    const asserts = s.assertions.map((a) => `-- @assert: ${flowMapping(a)}`).join('\n');
    cells.push(code(`%%test --records ${RECORDS}\n${upstream.join('')}${asserts}\n${sql};`));
  }
  cells.push(markdown(`## Deploy\n\nThe cell below collects this notebook's pipeline into deployable artifacts (SQL, test spec, alert rules, dashboard) under \`deploy/${n.name}/\`; add \`--target local --yes\` to run it. The same statements with Kafka WITH properties are in \`${n.name}/${n.name}.sql\`, tested by \`velo-test run ${n.name}/${n.name}.sql\`.`));
  cells.push(code(`%%deploy --name ${n.name} --dry-run`));
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'velostream', display_name: 'Velostream SQL', language: 'sql' }, language_info: { name: 'velostream' } },
    cells: cells.map((c, i) => ({ ...c, id: `cell-${i + 1}` })),
  };
}

/** The statement with its annotations as comments, without WITH (the kernel binds sources). */
export function statementText(s: AppStatement): string {
  return [...s.annotations.map((a) => `-- ${a}`), s.body].join('\n');
}

function flowMapping(a: Record<string, unknown>): string {
  return `{${Object.entries(a)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`)
    .join(', ')}}`;
}

const lines = (text: string) => text.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
const markdown = (text: string) => ({ cell_type: 'markdown', metadata: {}, source: lines(text) });
const code = (text: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: lines(text) });
