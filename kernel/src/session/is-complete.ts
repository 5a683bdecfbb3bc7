/**
 * is_complete (spec §5.3): a cheap lexical check that tells a console whether Enter should run the
 * cell or continue it. No parsing: strings, comments, parentheses, `;` and magic names only.
 */
import { MAGIC_VOCABULARY } from '../magics/registry';
import { isExitCommand } from './exit-command';

export type CompletenessStatus = 'complete' | 'incomplete' | 'invalid' | 'unknown';

export interface Completeness {
  status: CompletenessStatus;
  /** Only when incomplete: the indentation a console should put on the next line. */
  indent?: string;
}

export interface MagicVocabulary {
  line: ReadonlySet<string>;
  cell: ReadonlySet<string>;
}

/** Cell magics whose body is YAML or free text rather than SQL. */
const YAML_BODY = new Set(['schema', 'deploy']);
const TEXT_BODY = new Set(['nl']);

const INDENT = '    ';

export function checkComplete(code: string, magics: MagicVocabulary = MAGIC_VOCABULARY): Completeness {
  if (isExitCommand(code)) return { status: 'complete' };
  const cellMagic = /^\s*%%([A-Za-z_][\w-]*)?[^\n]*(\n|$)/.exec(code);
  if (!cellMagic) return checkSql(code, magics);

  const name = cellMagic[1] ?? '';
  if (!magics.cell.has(name)) return { status: 'invalid' };
  const body = code.slice(cellMagic[0].length);
  if (cellMagic[2] === '' || body.trim() === '') return incomplete('');
  if (YAML_BODY.has(name)) return /\n[ \t]*$/.test(code) ? { status: 'complete' } : incomplete('');
  if (TEXT_BODY.has(name)) return { status: 'complete' };
  return checkSql(body, magics);
}

function incomplete(indent: string): Completeness {
  return { status: 'incomplete', indent };
}

/** Characters that can never start a Velostream token outside strings and comments. */
const NEVER_VALID = new Set(['`', '[', ']', '?', '^', '~', ':', '@', '%']);

function checkSql(sql: string, magics: MagicVocabulary): Completeness {
  let depth = 0;
  let statementOpen = false;
  let atLineStart = true;

  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    const next = sql[i + 1];

    if (c === '\n') {
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    const lineStart = atLineStart;
    atLineStart = false;

    if (c === '-' && next === '-') {
      i = endOfLine(sql, i) - 1;
      continue;
    }
    if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) return incomplete('');
      i = close + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = closingQuote(sql, i);
      if (close < 0) return incomplete('');
      i = close;
      statementOpen = true;
      continue;
    }
    if (c === '%' && lineStart && !statementOpen) {
      const magic = /^%([A-Za-z_][\w-]*)/.exec(sql.slice(i, i + 64));
      if (!magic || !magics.line.has(magic[1])) return { status: 'invalid' };
      i = endOfLine(sql, i) - 1;
      continue;
    }
    if (c === '$') {
      const param = /^\$\$?\{[A-Za-z_][A-Za-z0-9_]*\}/.exec(sql.slice(i, i + 130));
      if (!param) return { status: 'invalid' };
      i += param[0].length - 1;
      statementOpen = true;
      continue;
    }
    if (NEVER_VALID.has(c)) return { status: 'invalid' };
    if ((c === '!' && next !== '=') || (c === '|' && next !== '|')) return { status: 'invalid' };
    if (c === '!' || c === '|') i++;

    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return { status: 'invalid' };

    if (c === ';' && depth === 0) statementOpen = false;
    else statementOpen = true;
  }

  if (depth > 0) return incomplete(INDENT.repeat(depth));
  return statementOpen ? incomplete('') : { status: 'complete' };
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/** Index of the quote closing the string or quoted identifier opened at `open` (doubled quotes escape); -1 if none. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}
