/**
 * Velostream SQL for CodeMirror 6 (extension spec §6): a stream parser for cells of the kernel —
 * keywords, functions, types, strings, numbers, `${param}`, comments with `-- @key:` annotations,
 * and `%%cell` / `%line` magics at the start of a line.
 */
import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';

const KEYWORDS = new Set(
  (
    'select distinct from where group by having order asc desc window limit streams stream tables table create into as with ' +
    'show list topics functions schema jobs queries start stop job query force pause resume deploy rollback versions version ' +
    'strategy blue_green canary rolling replace describe emit changes final join inner left right full outer on within interval ' +
    'case when then else end is in not between like exists union any all rows range and or preceding following current row ' +
    'unbounded over primary key partition tumbling sliding session set insert values cast'
  ).split(' '),
);
const ATOMS = new Set(['true', 'false', 'null']);
const TYPES = new Set(
  'integer int bigint smallint float double real decimal numeric string varchar text boolean bool timestamp date time array map struct'.split(' '),
);

export interface VelostreamState {
  /** Inside a `/* … *\/` comment. */
  blockComment: boolean;
  /** Inside a `'…'` string that continues on the next line. */
  string: boolean;
  /** No SQL token seen since the last `;` (a `%` line magic may start here). */
  betweenStatements: boolean;
  /** Inside an annotation line, after `-- @key:`. */
  annotation: boolean;
  /** Inside a magic line, after its name. */
  magicArgs: boolean;
}

function readString(stream: StringStream, state: VelostreamState): string {
  while (!stream.eol()) {
    const ch = stream.next();
    if (ch === "'") {
      if (stream.peek() === "'") stream.next();
      else {
        state.string = false;
        return 'string';
      }
    }
  }
  state.string = true;
  return 'string';
}

export const velostreamParser: StreamParser<VelostreamState> = {
  name: 'velostream',
  startState: () => ({ blockComment: false, string: false, betweenStatements: true, annotation: false, magicArgs: false }),
  copyState: (state) => ({ ...state }),
  token(stream, state) {
    if (stream.sol()) {
      state.annotation = false;
      state.magicArgs = false;
    }
    if (state.blockComment) {
      if (stream.skipTo('*/')) {
        stream.pos += 2;
        state.blockComment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (state.string) return readString(stream, state);
    if (state.annotation) {
      stream.skipToEnd();
      return 'string.special';
    }
    if (state.magicArgs) {
      if (stream.eatSpace()) return null;
      if (stream.match(/^--?[\w-]+/)) return 'propertyName';
      stream.match(/^\S+/);
      return 'string.special';
    }
    if (stream.eatSpace()) return null;

    if (stream.sol() && state.betweenStatements && stream.match(/^%%?[A-Za-z_]\w*/)) {
      state.magicArgs = true;
      return 'meta';
    }
    if (stream.match(/^--\s*@[\w.]+:?/)) {
      state.annotation = true;
      return 'meta';
    }
    if (stream.match('--')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) {
      state.blockComment = true;
      if (stream.skipTo('*/')) {
        stream.pos += 2;
        state.blockComment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^\$\{[A-Za-z_]\w*(:-[^}]*)?\}/)) return 'variableName.special';

    state.betweenStatements = false;
    if (stream.eat("'")) return readString(stream, state);
    if (stream.match(/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/)) return 'number';
    if (stream.eat('"') || stream.eat('`')) {
      const quote = stream.string[stream.pos - 1];
      if (stream.skipTo(quote)) stream.next();
      else stream.skipToEnd();
      return 'variableName';
    }
    if (stream.eat(';')) {
      state.betweenStatements = true;
      return 'punctuation';
    }
    if (stream.match(/^[A-Za-z_]\w*/)) {
      const word = stream.current().toLowerCase();
      if (ATOMS.has(word)) return 'atom';
      if (TYPES.has(word)) return 'typeName';
      if (KEYWORDS.has(word)) return 'keyword';
      if (stream.match(/^\s*\(/, false)) return 'variableName.standard';
      return 'variableName';
    }
    if (stream.match(/^(<>|!=|<=|>=|\|\||::|[-+*/%<>=])/)) return 'operator';
    stream.next();
    return null;
  },
  blankLine: (state) => {
    state.annotation = false;
    state.magicArgs = false;
  },
  languageData: { commentTokens: { line: '--', block: { open: '/*', close: '*/' } } },
};

export const velostreamLanguage = StreamLanguage.define(velostreamParser);
