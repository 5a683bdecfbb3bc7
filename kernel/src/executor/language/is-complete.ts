/**
 * is_complete (spec §5.3): a cheap lexical check that tells a console whether Enter should run the
 * cell or continue it. No parsing: strings, comments, parentheses, `;` and magic names only.
 */
import { lineEnd, SqlScanner } from '../cell/sql-scanner';
import { MAGIC_VOCABULARY } from '../../magics/registry';
import type { Completeness } from '../../session/executor';
import { isExitCommand } from '../../session/exit-command';

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
  const scanner = new SqlScanner(sql);

  for (let lexeme = scanner.next(); lexeme; lexeme = scanner.next()) {
    if (lexeme.kind !== 'char') {
      if (!lexeme.terminated) return incomplete('');
      if (lexeme.kind === 'quoted') statementOpen = true;
      continue;
    }
    const { char: c, at, lineStart } = lexeme;
    const next = sql[at + 1];

    if (c === '%' && lineStart && !statementOpen) {
      const magic = /^%([A-Za-z_][\w-]*)/.exec(sql.slice(at, at + 64));
      if (!magic || !magics.line.has(magic[1])) return { status: 'invalid' };
      scanner.skipTo(lineEnd(sql, at));
      continue;
    }
    if (c === '$') {
      const param = /^\$\$?\{[A-Za-z_][A-Za-z0-9_]*\}/.exec(sql.slice(at, at + 130));
      if (!param) return { status: 'invalid' };
      scanner.skipTo(at + param[0].length);
      statementOpen = true;
      continue;
    }
    if (NEVER_VALID.has(c)) return { status: 'invalid' };
    if ((c === '!' && next !== '=') || (c === '|' && next !== '|')) return { status: 'invalid' };
    if (c === '!' || c === '|') scanner.skipTo(at + 2);

    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return { status: 'invalid' };

    if (c === ';' && depth === 0) statementOpen = false;
    else statementOpen = true;
  }

  if (depth > 0) return incomplete(INDENT.repeat(depth));
  return statementOpen ? incomplete('') : { status: 'complete' };
}
