/**
 * Token vocabulary of the dialect (spec §1), for the chevrotain lexer and parser.
 *
 * Reserved keywords are their own token types. Keywords that §1 allows as names in some positions
 * belong to the abstract categories `SourceName` (stream name after FROM), `ExprName` (column or
 * function name in an expression) and `DotName` (after `t.`). `Identifier` belongs to all three.
 * A few non-reserved words the grammar needs for lookahead (`BY`, `INSERT`, `PARTITION`, …) are
 * token types in the `Identifier` category, so they still work as plain names; the rest of the
 * "matched by value" words (TRUE, TUMBLING, type and unit names) are Identifiers checked by image.
 */
import { createToken, Lexer, TokenType } from 'chevrotain';

// Abstract categories ------------------------------------------------------------------------

export const SourceName = createToken({ name: 'SourceName', pattern: Lexer.NA, label: 'name' });
export const ExprName = createToken({ name: 'ExprName', pattern: Lexer.NA, label: 'name' });
export const DotName = createToken({ name: 'DotName', pattern: Lexer.NA, label: 'name' });
/** Every reserved keyword; used to report "X is reserved" where a name is required. */
export const ReservedWord = createToken({ name: 'ReservedWord', pattern: Lexer.NA, label: 'keyword' });
/** Comparison operators of precedence level 3. */
export const ComparisonOp = createToken({ name: 'ComparisonOp', pattern: Lexer.NA, label: 'comparison' });

// Trivia, literals, errors --------------------------------------------------------------------

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
});
/** `/*` without a closing `*\/`: reported as VL103. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  group: 'errors',
  line_breaks: true,
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  // `''` inside a single-quoted string is one quote (the reference's documentation writes
  // `'date_trunc(''hour'', ts)'`); see docs/decisions.md.
  pattern: /'(?:[^']|'')*'|"[^"]*"/,
  line_breaks: true,
  label: 'string',
});
/** A quote without its closing partner: reported as VL102. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /'[^']*|"[^"]*/,
  group: 'errors',
  line_breaks: true,
});

/**
 * Unicode-aware patterns run as custom matchers: chevrotain's start-character analysis does not
 * understand `\p{…}` classes, so it must not try to optimise them.
 */
function unicodePattern(source: string): { exec: (text: string, offset: number) => RegExpExecArray | null } {
  const sticky = new RegExp(source, 'uy');
  return {
    exec(text, offset) {
      sticky.lastIndex = offset;
      return sticky.exec(text);
    },
  };
}

export const Identifier = createToken({
  name: 'Identifier',
  pattern: unicodePattern('[\\p{L}_][\\p{L}\\p{N}_]*'),
  categories: [SourceName, ExprName, DotName],
  line_breaks: false,
  label: 'name',
});

/**
 * A word immediately followed by `.` is always a name (a qualifier or the first segment of a
 * path, X32/X34), even when it is a keyword: `order.items`, `key.field`.
 */
export const QualifierWord = createToken({
  name: 'QualifierWord',
  pattern: unicodePattern('[\\p{L}_][\\p{L}\\p{N}_]*(?=\\.)'),
  categories: [Identifier],
  line_breaks: false,
  label: 'name',
});

/** ⊕X22 `scheme://…` up to whitespace, `,`, `;` or `)`; the parser accepts it only as a source. */
export const Uri = createToken({
  name: 'Uri',
  // `kafka://(a|b)` (a topic alternation) keeps its parentheses.
  pattern: unicodePattern('[\\p{L}_][\\p{L}\\p{N}_]*:\\/\\/(?:\\([^\\s()]*\\))?[^\\s,;)]*'),
  line_breaks: false,
  label: 'URI',
});

export const FloatLiteral = createToken({ name: 'FloatLiteral', pattern: /\d+(?:\.\d+)?[eE][+-]?\d+/, label: 'number' });
export const DecimalLiteral = createToken({ name: 'DecimalLiteral', pattern: /\d+\.\d+/, label: 'number' });
export const IntegerLiteral = createToken({ name: 'IntegerLiteral', pattern: /\d+/, label: 'integer' });

// Operators and punctuation -------------------------------------------------------------------

export const NotEqual = createToken({ name: 'NotEqual', pattern: '!=', categories: [ComparisonOp], label: '!=' });
export const LessGreater = createToken({ name: 'LessGreater', pattern: '<>', categories: [ComparisonOp], label: '<>' });
export const LessEqual = createToken({ name: 'LessEqual', pattern: '<=', categories: [ComparisonOp], label: '<=' });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: '>=', categories: [ComparisonOp], label: '>=' });
export const Less = createToken({ name: 'Less', pattern: '<', categories: [ComparisonOp], label: '<' });
export const Greater = createToken({ name: 'Greater', pattern: '>', categories: [ComparisonOp], label: '>' });
export const Equal = createToken({ name: 'Equal', pattern: '=', categories: [ComparisonOp], label: '=' });
/** ⊕X32 regex match `a ~ 'p'` and its negation `a !~ 'p'`. */
export const NotRegexMatch = createToken({ name: 'NotRegexMatch', pattern: '!~', label: '!~' });
export const RegexMatch = createToken({ name: 'RegexMatch', pattern: '~', label: '~' });
/** `x::type` casts (the reference's PostgreSQL-style cast). */
export const DoubleColon = createToken({ name: 'DoubleColon', pattern: '::', label: '::' });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: ':' });
/** ⊕X34 array index in a path (`items[0]`). */
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: '[' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: ']' });
export const Concat = createToken({ name: 'Concat', pattern: '||', label: '||' });
export const Plus = createToken({ name: 'Plus', pattern: '+', label: '+' });
export const Minus = createToken({ name: 'Minus', pattern: '-', label: '-' });
export const Star = createToken({ name: 'Star', pattern: '*', label: '*' });
export const Slash = createToken({ name: 'Slash', pattern: '/', label: '/' });
export const Percent = createToken({ name: 'Percent', pattern: '%', label: '%' });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: ')' });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: ',' });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: '.' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', label: ';' });

// Keywords ------------------------------------------------------------------------------------

const keywordTokens: TokenType[] = [];

function keyword(word: string, categories: TokenType[] = []): TokenType {
  const token = createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    // Any keyword is a column name after a qualifier (X32: `s.key`, `t.value`).
    categories: [ReservedWord, DotName, ...categories],
    label: word,
  });
  keywordTokens.push(token);
  return token;
}

/** A non-reserved word with its own token type that still works as a name. */
function word(text: string): TokenType {
  const token = createToken({
    name: `Word_${text}`,
    pattern: new RegExp(text, 'i'),
    longer_alt: Identifier,
    categories: [Identifier],
    label: text,
  });
  keywordTokens.push(token);
  return token;
}

const fromName = [SourceName];
const exprAndDotName = [ExprName, DotName];

export const Select = keyword('SELECT');
export const Distinct = keyword('DISTINCT');
export const From = keyword('FROM');
export const Where = keyword('WHERE');
export const Group = keyword('GROUP');
export const Having = keyword('HAVING');
export const Order = keyword('ORDER');
export const Asc = keyword('ASC');
export const Desc = keyword('DESC');
export const Window = keyword('WINDOW');
export const Limit = keyword('LIMIT');
export const Streams = keyword('STREAMS', fromName);
export const Stream = keyword('STREAM', fromName);
export const Tables = keyword('TABLES', fromName);
export const Table = keyword('TABLE', fromName);
export const Create = keyword('CREATE', fromName);
export const Into = keyword('INTO', fromName);
export const As = keyword('AS');
export const With = keyword('WITH');
export const Show = keyword('SHOW', fromName);
export const List = keyword('LIST', fromName);
export const Topics = keyword('TOPICS', fromName);
export const Functions = keyword('FUNCTIONS', fromName);
export const Schema = keyword('SCHEMA', fromName);
export const Jobs = keyword('JOBS', fromName);
export const Queries = keyword('QUERIES');
export const Start = keyword('START', fromName);
export const Stop = keyword('STOP', fromName);
export const Job = keyword('JOB', fromName);
export const Query = keyword('QUERY');
export const Force = keyword('FORCE', fromName);
export const Pause = keyword('PAUSE', fromName);
export const Resume = keyword('RESUME', fromName);
export const Deploy = keyword('DEPLOY', fromName);
export const Rollback = keyword('ROLLBACK', fromName);
export const Versions = keyword('VERSIONS', [DotName]);
export const Version = keyword('VERSION', fromName);
export const Strategy = keyword('STRATEGY');
export const BlueGreen = keyword('BLUE_GREEN');
export const Canary = keyword('CANARY');
export const Rolling = keyword('ROLLING');
export const Replace = keyword('REPLACE', [ExprName]);
export const Describe = keyword('DESCRIBE');
export const Emit = keyword('EMIT');
export const Changes = keyword('CHANGES');
export const Final = keyword('FINAL');
export const Join = keyword('JOIN', exprAndDotName);
export const Inner = keyword('INNER', exprAndDotName);
export const Left = keyword('LEFT', exprAndDotName);
export const Right = keyword('RIGHT', exprAndDotName);
export const Full = keyword('FULL', exprAndDotName);
export const Outer = keyword('OUTER', exprAndDotName);
export const On = keyword('ON', exprAndDotName);
export const Within = keyword('WITHIN', exprAndDotName);
export const Interval = keyword('INTERVAL');
export const Case = keyword('CASE');
export const When = keyword('WHEN');
export const Then = keyword('THEN');
export const Else = keyword('ELSE');
export const End = keyword('END');
export const Is = keyword('IS');
export const In = keyword('IN');
export const Not = keyword('NOT');
export const Between = keyword('BETWEEN');
export const Like = keyword('LIKE');
export const Exists = keyword('EXISTS');
export const Union = keyword('UNION');
export const Any = keyword('ANY');
export const All = keyword('ALL');
export const Rows = keyword('ROWS');
export const Range = keyword('RANGE');
export const And = keyword('AND');
export const Or = keyword('OR');
export const Preceding = keyword('PRECEDING');
export const Following = keyword('FOLLOWING');
export const Current = keyword('CURRENT');
export const Row = keyword('ROW');
export const Unbounded = keyword('UNBOUNDED');
export const Over = keyword('OVER');
export const Primary = keyword('PRIMARY');
export const Key = keyword('KEY');
export const Null = keyword('NULL');

export const By = word('BY');
export const Insert = word('INSERT');
export const Partition = word('PARTITION');
export const Buffer = word('BUFFER');
export const Every = word('EVERY');
export const Expire = word('EXPIRE');
export const After = word('AFTER');
export const Never = word('NEVER');
export const Inactivity = word('INACTIVITY');
export const Some = word('SOME');

/**
 * Lexer order matters: chevrotain takes the first pattern that matches, so comments precede the
 * operators they start with, complete strings precede unterminated ones, URIs precede identifiers
 * and longer numbers precede shorter ones. Keywords precede Identifier (with `longer_alt`).
 */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  Uri,
  QualifierWord,
  FloatLiteral,
  DecimalLiteral,
  IntegerLiteral,
  NotEqual,
  LessGreater,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equal,
  NotRegexMatch,
  RegexMatch,
  DoubleColon,
  Colon,
  LBracket,
  RBracket,
  Concat,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LParen,
  RParen,
  Comma,
  Dot,
  Semicolon,
  // Longest first, so a keyword never matches the prefix of a longer one (IN / INTERVAL).
  ...[...keywordTokens].sort((a, b) => String(b.LABEL).length - String(a.LABEL).length),
  Identifier,
  SourceName,
  ExprName,
  DotName,
  ReservedWord,
  ComparisonOp,
];
