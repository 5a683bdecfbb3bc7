/**
 * Whether a suggestion may be inserted: the cell's SQL (magic lines blanked, `${name}` replaced
 * by the parameter's value as the kernel does) is checked by the engine's parser, validator and
 * planner before and after. A suggestion that does not make the cell valid is cut back to the
 * longest token-boundary prefix that leaves no more errors than the cell had without it.
 */
import type { NlCatalog } from '../nl/catalog';
import { checkSql } from '../nl/validate-sql';

export const MAX_LINES = 20;

/** The SQL the kernel would run for a cell: `%%sql` header and line magics become blank lines. */
export function sqlOfCell(cell: string): string | null {
  const lines = cell.split('\n');
  if (/^\s*%%/.test(lines[0] ?? '') && !/^\s*%%sql\b/.test(lines[0])) return null;
  return lines.map((line) => (/^\s*%/.test(line) ? '' : line)).join('\n');
}

/** Error count of a cell's SQL; a cell with no statement counts as one error (nothing to run). */
export function cellErrors(cell: string, catalog: NlCatalog): number {
  const sql = sqlOfCell(cell);
  if (sql === null) return Infinity;
  const substituted = sql.replace(/\$\{(\w+)\}/g, (whole, name: string) => catalog.parameters?.[name] ?? whole);
  return checkSql(substituted, catalog).diagnostics.filter((d) => d.severity === 'error').length + unknownSources(substituted, catalog);
}

/**
 * Sources the cell reads that the notebook does not know: the validator leaves them to the
 * kernel (a WITH list may bind them), but a suggestion naming one would fail when run.
 */
function unknownSources(sql: string, catalog: NlCatalog): number {
  const text = sql.replace(/'(?:[^']|'')*'?/g, (literal) => (/^'\w+\.type'$/.test(literal) ? literal : "''"));
  const known = new Set(catalog.sources.map((s) => s.name.toLowerCase()));
  for (const m of text.matchAll(/\bCREATE\s+(?:STREAM|TABLE)\s+(\w+)/gi)) known.add(m[1].toLowerCase());
  for (const m of text.matchAll(/'(\w+)\.type'/g)) known.add(m[1].toLowerCase());
  return [...text.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)/gi)].filter((m) => !known.has(m[1].toLowerCase()) && !['SELECT'].includes(m[1].toUpperCase())).length;
}

export interface Fitted {
  text: string;
  /** The cell is valid with the text inserted. */
  valid: boolean;
}

/** `text` when it makes the cell valid, else its longest prefix (at a token end) that keeps the cell no worse. */
export function fitInsertion(prefix: string, text: string, suffix: string, catalog: NlCatalog, before?: number): Fitted {
  const limited = text.split('\n').slice(0, MAX_LINES).join('\n');
  if (cellErrors(prefix + limited + suffix, catalog) === 0) return { text: limited, valid: true };
  const baseline = before ?? cellErrors(prefix + suffix, catalog);
  const cuts = [...limited.matchAll(/[\w')*;]+(?=\s|$|[,(])|[(),]/g)].map((m) => m.index! + m[0].length);
  for (const end of [...new Set(cuts)].sort((a, b) => b - a)) {
    const cut = limited.slice(0, end);
    if (cut.length < limited.length && cellErrors(prefix + cut + suffix, catalog) <= baseline) return { text: cut, valid: baseline === 0 };
  }
  return { text: '', valid: baseline === 0 };
}

/** A model's answer as text to insert: code fences and an echoed prefix removed, at most 20 lines. */
export function cleanModelText(answer: string, prefix: string): string {
  let text = answer.replace(/^\s*```[a-zA-Z]*\s*\n?/, '');
  const closing = text.indexOf('```');
  if (closing >= 0) text = text.slice(0, closing);
  text = text.replace(/\s+$/, '');
  const line = prefix.slice(prefix.lastIndexOf('\n') + 1);
  for (const echoed of [prefix, line.trimStart()]) {
    if (echoed.trim() && text.startsWith(echoed)) {
      text = text.slice(echoed.length);
      break;
    }
  }
  return text.split('\n').slice(0, MAX_LINES).join('\n');
}
