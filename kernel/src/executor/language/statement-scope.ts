/**
 * Lexical facts about the statement around a cursor, for completion and inspection (no parse: the
 * text is usually incomplete): its bounds, the names after FROM/JOIN with their aliases, and the
 * previous keyword.
 */
import { KEYWORDS } from './keywords';

export interface SourceRef {
  name: string;
  alias: string | null;
}

/** The statement containing `cursor`: from after the previous `;` to the next one. */
export function statementAround(code: string, cursor: number): { text: string; start: number } {
  let start = 0;
  let inString: string | null = null;
  for (let i = 0; i < cursor; i++) {
    const c = code[i];
    if (inString) {
      if (c === inString) inString = null;
    } else if (c === "'" || c === '"') inString = c;
    else if (c === '-' && code[i + 1] === '-') i = Math.max(i, (code.indexOf('\n', i) + 1 || cursor + 1) - 1);
    else if (c === ';') start = i + 1;
  }
  const next = code.indexOf(';', cursor);
  return { text: code.slice(start, next < 0 ? code.length : next), start };
}

const SOURCE_REF = /\b(?:FROM|JOIN)\s+([A-Za-z_][\w]*)(?:\s+(?:AS\s+)?([A-Za-z_][\w]*))?/gi;
const KEYWORD_SET = new Set(KEYWORDS);

export function sourceRefs(statement: string): SourceRef[] {
  const refs: SourceRef[] = [];
  for (const match of statement.matchAll(SOURCE_REF)) {
    const alias = match[2] && !KEYWORD_SET.has(match[2].toUpperCase()) ? match[2] : null;
    refs.push({ name: match[1], alias });
  }
  return refs;
}

/** The word (letters, digits, `_`) ending at or containing `cursor`: [start, end). */
export function wordAt(code: string, cursor: number): { start: number; end: number; text: string } {
  let start = cursor;
  while (start > 0 && /[\w]/.test(code[start - 1])) start--;
  let end = cursor;
  while (end < code.length && /[\w]/.test(code[end])) end++;
  return { start, end, text: code.slice(start, end) };
}

/** The last keyword-like word before `offset`, upper-cased ('' when none). */
export function previousWord(code: string, offset: number): string {
  const before = code.slice(0, offset).replace(/--[^\n]*|'(?:[^']|'')*'/g, ' ');
  const match = /([A-Za-z_]\w*|[(,=.])\s*$/.exec(before);
  return match ? match[1].toUpperCase() : '';
}
