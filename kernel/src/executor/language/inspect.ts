/**
 * Inspection (kernel spec §5.2) of the identifier at or just before the cursor: a function's
 * signature and doc, a source's binding and columns (detail 1: sample rows), a column's type and
 * source, a keyword's or magic's usage. Always text/plain and text/markdown.
 */
import { lookupFunction } from '@velostream/engine';
import { topicHelp } from '../../magics/help';
import { MAGICS } from '../../magics/registry';
import type { InspectionResult } from '../../session/executor';
import { textTable } from '../../display/text-table';
import { describeSource } from '../notebook/describe';
import { isCellError } from '../errors';
import { keywordHelp } from './keywords';
import type { Notebook } from '../notebook/notebook';
import { sourceRefs, statementAround, wordAt } from './statement-scope';

const NOT_FOUND: InspectionResult = { found: false, data: {} };

export function inspect(code: string, cursor: number, detailLevel: number, notebook: Notebook): InspectionResult {
  const word = wordAt(code, cursor);
  const magic = /%%?$/.exec(code.slice(0, word.start));
  if (magic && word.text) return pages(topicHelp(magic[0] + word.text, MAGICS));
  if (!word.text) return NOT_FOUND;

  const fn = lookupFunction(word.text);
  if (fn) {
    const help = topicHelp(word.text, MAGICS)!;
    return found(detailLevel > 0 || !fn.example ? help.plain : help.plain.replace(/\n\nExample:[\s\S]*$/, ''), help.markdown);
  }
  const source = notebook.source(word.text);
  if (source) return inspectSource(word.text, detailLevel, notebook);
  const column = inspectColumn(code, cursor, word.text, notebook);
  if (column) return column;
  return pages(keywordHelp(word.text));
}

function inspectSource(name: string, detailLevel: number, notebook: Notebook): InspectionResult {
  const described = describeSource(notebook, name, detailLevel > 0 ? 5 : 0);
  if (isCellError(described)) return NOT_FOUND;
  const { source, columns, sample } = described;
  const head = `${source.name}: ${source.kind}, ${source.bounded ? 'bounded' : source.bounded === false ? 'unbounded' : 'boundedness unknown'}, binding ${source.binding}`;
  const lines = columns.map((c) => `${c.name}  ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.role === 'value' ? '' : ` (${c.role})`}`);
  let plain = [head, '', ...lines].join('\n');
  let markdown = [`**${source.name}** — ${source.kind}, binding \`${source.binding}\``, '', '| column | type | nullable | role |', '|---|---|---|---|', ...columns.map((c) => `| ${c.name} | ${c.type} | ${c.nullable ? 'yes' : 'no'} | ${c.role} |`)].join('\n');
  if (sample.length > 0) {
    const names = Object.keys(sample[0]);
    const table = textTable(names.map((n) => ({ name: n, type: 'STRING', role: 'value' })), sample.map((row) => names.map((n) => row[n] ?? null)));
    plain += `\n\nsample\n${table}`;
    markdown += `\n\nsample\n\n\`\`\`\n${table}\n\`\`\``;
  }
  return found(plain, markdown);
}

function inspectColumn(code: string, cursor: number, name: string, notebook: Notebook): InspectionResult | undefined {
  const { text } = statementAround(code, cursor);
  for (const ref of sourceRefs(text)) {
    const column = notebook.source(ref.name)?.columns.find((c) => c.name === name);
    if (column) return found(`${name}: ${column.type.toUpperCase()} (column of ${ref.name})`, `\`${name}\`: ${column.type.toUpperCase()} — column of **${ref.name}**`);
  }
  return undefined;
}

function pages(help: { plain: string; markdown: string } | undefined): InspectionResult {
  return help ? found(help.plain, help.markdown) : NOT_FOUND;
}

function found(plain: string, markdown: string): InspectionResult {
  return { found: true, data: { 'text/plain': plain, 'text/markdown': markdown } };
}
