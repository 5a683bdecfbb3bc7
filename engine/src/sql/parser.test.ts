import { parse } from './parse';
import type * as A from './ast';

function one(sql: string): A.Statement {
  const result = parse(sql);
  expect(result.diagnostics).toEqual([]);
  expect(result.statements).toHaveLength(1);
  return result.statements[0];
}

function select(sql: string): A.Select {
  const statement = one(sql);
  if (statement.kind !== 'Select' || statement.query.body.kind !== 'Select') throw new Error(`not a plain select: ${statement.kind}`);
  return statement.query.body;
}

/** The expression of the first select item. */
function expr(text: string): A.Expr {
  const item = select(`SELECT ${text}`).items[0];
  if (item.kind !== 'ExprItem') throw new Error('not an expression item');
  return item.expr;
}

/** Compact prefix rendering of an expression, to state precedence by hand. */
function show(e: A.Expr): string {
  switch (e.kind) {
    case 'Binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'Not':
      return `(NOT ${show(e.operand)})`;
    case 'Negate':
      return `(- ${show(e.operand)})`;
    case 'Column':
      return e.qualifier ? `${e.qualifier.name}.${e.name.name}` : e.name.name;
    case 'Integer':
    case 'Decimal':
    case 'Float':
      return e.text;
    case 'String':
      return `'${e.value}'`;
    case 'IsNull':
      return `(IS${e.negated ? ' NOT' : ''} NULL ${show(e.expr)})`;
    case 'Between':
      return `(${e.negated ? 'NOT ' : ''}BETWEEN ${show(e.expr)} ${show(e.low)} ${show(e.high)})`;
    case 'InList':
      return `(${e.negated ? 'NOT ' : ''}IN ${show(e.expr)} ${e.list.map(show).join(' ')})`;
    case 'Like':
      return `(${e.negated ? 'NOT ' : ''}LIKE ${show(e.expr)} ${show(e.pattern)})`;
    case 'FunctionCall':
      return `${e.upperName}(${e.star ? '*' : e.args.map(show).join(' ')})`;
    case 'Boolean':
      return String(e.value).toUpperCase();
    default:
      return e.kind;
  }
}

describe('statement kinds', () => {
  test('plain query with every fixed-order tail clause', () => {
    const s = one(`SELECT DISTINCT a FROM t WHERE a > 1 GROUP BY a WINDOW TUMBLING(5m) HAVING COUNT(*) > 2
      ORDER BY a DESC LIMIT 10 EMIT FINAL INTO sink WITH ('sink.type' = 'file_sink')`);
    expect(s.kind).toBe('Select');
    if (s.kind !== 'Select' || s.query.body.kind !== 'Select') return;
    const body = s.query.body;
    expect(body.distinct).toBe(true);
    expect(body.clauseOrder).toEqual(['GROUP BY', 'WINDOW', 'HAVING', 'ORDER BY', 'LIMIT', 'EMIT', 'INTO', 'WITH']);
    expect(body.orderBy?.[0].direction).toBe('DESC');
    expect(body.limit?.value).toBe(10);
    expect(body.emit?.mode).toBe('FINAL');
    // INTO and WITH of the top-level SELECT belong to the statement.
    expect(s.into?.name).toBe('sink');
    expect(s.properties?.entries).toMatchObject([{ key: 'sink.type', value: 'file_sink', keyQuoted: true }]);
    expect(body.into).toBeUndefined();
  });

  test('UNION and UNION ALL chain left to right', () => {
    const s = one('SELECT a FROM x UNION SELECT a FROM y UNION ALL SELECT a FROM z');
    if (s.kind !== 'Select') throw new Error();
    const body = s.query.body;
    expect(body.kind).toBe('Union');
    if (body.kind !== 'Union') return;
    expect(body.all).toBe(true);
    expect(body.left.kind).toBe('Union');
  });

  test('CREATE STREAM with columns, any-order tail and statement WITH', () => {
    const s = one(`CREATE STREAM out (id INT NOT NULL, tags ARRAY(STRING), m MAP(STRING, BIGINT)) AS
      SELECT id FROM src EMIT CHANGES LIMIT 5 WITH ('out.type' = 'kafka_sink')`);
    expect(s.kind).toBe('CreateStream');
    if (s.kind !== 'CreateStream') return;
    expect(s.name.name).toBe('out');
    expect(s.columns?.map((c) => [c.name.name, c.type.name, c.notNull])).toEqual([
      ['id', 'INTEGER', true],
      ['tags', 'ARRAY', false],
      ['m', 'MAP', false],
    ]);
    expect(s.columns?.[2].type.params.map((p) => p.name)).toEqual(['STRING', 'BIGINT']);
    expect(s.properties?.entries[0].key).toBe('out.type');
    const body = s.query.body as A.Select;
    expect(body.clauseOrder).toEqual(['EMIT', 'LIMIT', 'WITH']);
    expect(s.extensions.map((e) => e.id)).toEqual(['X14']);
  });

  test('CREATE TABLE allows EMIT after WITH', () => {
    const s = one("CREATE TABLE t2 AS SELECT k, COUNT(*) AS n FROM t GROUP BY k WITH ('a' = 'b') EMIT CHANGES");
    expect(s).toMatchObject({ kind: 'CreateTable', emitAfterWith: true });
    expect((s as A.CreateTableStatement).query.body).toMatchObject({ emit: { mode: 'CHANGES' } });
  });

  test('INSERT INTO with a CTE (X11, X12)', () => {
    const s = one(`INSERT INTO alerts_sink
      WITH logins AS (SELECT account FROM auth WHERE ok = FALSE)
      SELECT account, COUNT(DISTINCT device) AS devices FROM logins GROUP BY account`);
    expect(s.kind).toBe('Insert');
    if (s.kind !== 'Insert') return;
    expect(s.target.name).toBe('alerts_sink');
    expect(s.query.ctes.map((c) => c.name.name)).toEqual(['logins']);
    expect(s.extensions.map((e) => e.id).sort()).toEqual(['X11', 'X12', 'X5']);
  });

  test('job statements', () => {
    expect(one("START JOB j AS SELECT * FROM t WITH ('t.type' = 'kafka_source')")).toMatchObject({
      kind: 'StartJob', keyword: 'JOB', name: { name: 'j' }, body: { kind: 'Select' }, properties: { entries: [{ key: 't.type' }] },
    });
    expect(one('STOP QUERY j FORCE')).toMatchObject({ kind: 'StopJob', keyword: 'QUERY', force: true });
    expect(one('STOP JOB j')).toMatchObject({ kind: 'StopJob', force: false });
    expect(one('PAUSE JOB j')).toMatchObject({ kind: 'PauseJob' });
    expect(one('RESUME JOB j')).toMatchObject({ kind: 'ResumeJob' });
    expect(one("DEPLOY JOB j VERSION '2.0' AS SELECT a FROM t STRATEGY CANARY(10)")).toMatchObject({
      kind: 'DeployJob', version: { value: '2.0' }, strategy: { kind: 'CANARY', percent: 10 },
    });
    expect(one("DEPLOY JOB j VERSION '2' AS CREATE STREAM s AS SELECT a FROM t STRATEGY BLUE_GREEN")).toMatchObject({
      body: { kind: 'CreateStream', statement: { name: { name: 's' } } }, strategy: { kind: 'BLUE_GREEN' },
    });
    expect(one("ROLLBACK JOB j VERSION '1.0'")).toMatchObject({ kind: 'RollbackJob', version: { value: '1.0' } });
  });

  test('introspection statements', () => {
    expect(one("SHOW STREAMS LIKE 'tr%'")).toMatchObject({ kind: 'Show', verb: 'SHOW', target: 'STREAMS', pattern: { value: 'tr%' } });
    expect(one('LIST TABLES')).toMatchObject({ verb: 'LIST', target: 'TABLES' });
    expect(one('SHOW STATUS j')).toMatchObject({ target: 'STATUS', name: { name: 'j' } });
    expect(one('SHOW METRICS')).toMatchObject({ target: 'METRICS' });
    expect(one('SHOW VERSIONS j')).toMatchObject({ target: 'VERSIONS' });
    expect(one('SHOW SCHEMA trades')).toMatchObject({ target: 'SCHEMA', name: { name: 'trades' } });
    expect(one('SHOW PROPERTIES TABLE t')).toMatchObject({ target: 'PROPERTIES', objectType: 'TABLE' });
    expect(one('SHOW PARTITIONS t')).toMatchObject({ target: 'PARTITIONS' });
    expect(one('DESCRIBE trades')).toMatchObject({ kind: 'Describe', name: { name: 'trades' } });
  });
});

describe('sources and joins', () => {
  test('alias forms, URI sources and source options', () => {
    const s = select("SELECT * FROM kafka://host:9092/trades?x=1 AS k WITH (format = json, 'a' = 5) WHERE k.a > 1");
    expect(s.from).toMatchObject({ kind: 'UriSource', uri: 'kafka://host:9092/trades?x=1', scheme: 'kafka', quoted: false, alias: { name: 'k' }, aliasWithAs: true });
    expect(s.from?.options?.entries.map((e) => [e.key, e.value, e.keyQuoted, e.valueQuoted])).toEqual([
      ['format', 'json', false, false],
      ['a', '5', true, false],
    ]);
    expect(select("SELECT * FROM 'file:///data/t.csv'").from).toMatchObject({ kind: 'UriSource', quoted: true, scheme: 'file' });
    const ids = parse('SELECT * FROM kafka://t AS k').extensions.map((e) => e.id);
    expect(ids).toEqual(['X22', 'X21']);
  });

  test('keywords allowed as stream names after FROM', () => {
    expect(select('SELECT * FROM table').from).toMatchObject({ kind: 'NamedSource', name: { name: 'table' } });
  });

  test('join types, chaining and WITHIN', () => {
    const s = select(`SELECT * FROM o LEFT OUTER JOIN c ON o.cid = c.id
      FULL JOIN s ON o.id = s.oid WITHIN INTERVAL '2' DAYS JOIN p ON p.id = o.pid WITHIN 30s`);
    expect(s.joins.map((j) => [j.joinType, j.keywords])).toEqual([
      ['LEFT', 'LEFT OUTER JOIN'],
      ['FULL', 'FULL JOIN'],
      ['INNER', 'JOIN'],
    ]);
    expect(s.joins[1].within?.ms).toBe(2 * 86_400_000);
    expect(s.joins[2].within).toMatchObject({ ms: 30_000, syntax: { form: 'simple', unit: 's', value: 30 }, original: '30s' });
    expect(parse('SELECT * FROM o FULL JOIN s ON o.a = s.a WITHIN INTERVAL 1 DAY').extensions.map((e) => e.id)).toEqual(['X13', 'X20']);
  });

  test('a WITH right after a source is the statement WITH when nothing follows it', () => {
    const s = one("CREATE STREAM x AS SELECT * FROM t WITH ('t.type' = 'kafka_source')");
    expect(s).toMatchObject({ kind: 'CreateStream', properties: { entries: [{ key: 't.type' }] } });
    expect((s as A.CreateStreamStatement).query.body).toMatchObject({ from: { options: undefined } });
  });
});

describe('windows', () => {
  const windowOf = (clause: string) => select(`SELECT a FROM t GROUP BY a WINDOW ${clause}`).window;

  test('tumbling forms normalise to milliseconds and keep the written form', () => {
    expect(windowOf('TUMBLING(5m)')).toMatchObject({ kind: 'Tumbling', size: { ms: 300_000, original: '5m', syntax: { form: 'simple' } } });
    expect(windowOf('TUMBLING(60)')).toMatchObject({ size: { ms: 60_000, syntax: { form: 'seconds', value: 60 } } });
    expect(windowOf("TUMBLING(m.ts, INTERVAL '1' MINUTE)")).toMatchObject({
      timeColumn: { kind: 'Column', qualifier: { name: 'm' }, name: { name: 'ts' } },
      size: { ms: 60_000, original: "INTERVAL '1' MINUTE", syntax: { form: 'interval', unit: 'MINUTE', quoted: true } },
    });
    expect(windowOf("TUMBLING('1 minute')")).toMatchObject({ size: { ms: 60_000, syntax: { form: 'string', text: '1 minute' } } });
    expect(windowOf('TUMBLING(_EVENT_TIME, 250ms)')).toMatchObject({ timeColumn: { kind: 'SystemColumn', name: '_EVENT_TIME' }, size: { ms: 250 } });
  });

  test('sliding, hopping and session', () => {
    expect(windowOf('SLIDING(ts, 10m, 1m)')).toMatchObject({ kind: 'Sliding', keyword: 'SLIDING', size: { ms: 600_000 }, advance: { ms: 60_000 } });
    expect(windowOf("HOPPING(INTERVAL '10' MINUTE, INTERVAL '1' MINUTE)")).toMatchObject({ kind: 'Sliding', keyword: 'HOPPING' });
    expect(windowOf('SESSION(click_ts, 30s, user_id)')).toMatchObject({
      kind: 'Session', gap: { ms: 30_000 }, partitionColumn: { name: { name: 'user_id' } },
    });
    expect(windowOf('SESSION(2h)')).toMatchObject({ kind: 'Session', gap: { ms: 7_200_000 }, timeColumn: undefined });
  });

  test('window extension forms are recorded', () => {
    const ids = (clause: string) => parse(`SELECT a FROM t GROUP BY a WINDOW ${clause}`).extensions.map((e) => e.id);
    expect(ids("TUMBLING(ts, INTERVAL '5' MINUTE)")).toEqual([]);
    expect(ids("TUMBLING(INTERVAL '5' MINUTE)")).toEqual(['X1']);
    expect(ids('TUMBLING(ts, INTERVAL 5 MINUTES)')).toEqual(['X1']);
    expect(ids("SLIDING('10m', 1m)")).toEqual(['X2']);
    expect(ids('HOPPING(10m, 1m)')).toEqual(['X3']);
  });
});

describe('OVER', () => {
  const overOf = (text: string): A.OverClause | undefined => {
    const e = expr(text);
    return e.kind === 'FunctionCall' ? e.over : undefined;
  };

  test('buffer form with every sub-clause', () => {
    expect(overOf(`AVG(p) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY sym, m.ex ORDER BY ts DESC
      ROWS BETWEEN 5 PRECEDING AND CURRENT ROW EMIT ON BUFFER FULL EXPIRE AFTER INTERVAL '2' MINUTES INACTIVITY)`)).toMatchObject({
      kind: 'BufferOver',
      bufferRows: 20,
      partitionBy: [{ name: { name: 'sym' } }, { qualifier: { name: 'm' } }],
      orderBy: [{ direction: 'DESC' }],
      frame: { unit: 'ROWS', start: { kind: 'Preceding', offset: { value: 5 } }, end: { kind: 'CurrentRow' } },
      emitMode: 'ON BUFFER FULL',
      expire: { kind: 'Inactivity', duration: { ms: 120_000 } },
    });
    expect(overOf('LAG(p) OVER (ROWS WINDOW BUFFER 5 ROWS EMIT EVERY RECORD EXPIRE AFTER NEVER)')).toMatchObject({
      emitMode: 'EVERY RECORD', expire: { kind: 'Never' },
    });
  });

  test('standard form (X4), including OVER ()', () => {
    expect(overOf("SUM(q) OVER (PARTITION BY s ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND UNBOUNDED FOLLOWING)")).toMatchObject({
      kind: 'StandardOver',
      frame: { unit: 'RANGE', start: { kind: 'Preceding', offset: { ms: 3_600_000 } }, end: { kind: 'UnboundedFollowing' } },
    });
    expect(overOf('ROW_NUMBER() OVER ()')).toMatchObject({ kind: 'StandardOver', partitionBy: [], orderBy: [] });
    expect(parse('SELECT ROW_NUMBER() OVER () FROM t').extensions.map((e) => e.id)).toEqual(['X4']);
  });
});

describe('expressions', () => {
  test.each([
    ['a OR b AND c', '(OR a (AND b c))'],
    ['a = 1 AND b = 2 OR c', '(OR (AND (= a 1) (= b 2)) c)'],
    ['NOT a = b', '(= (NOT a) b)'],
    ['NOT (a = b)', '(NOT (= a b))'],
    ['a || b + c', '(|| a (+ b c))'],
    ['a + b * c - d', '(- (+ a (* b c)) d)'],
    ['a % b * c', '(* (% a b) c)'],
    ['-a * b', '(* (- a) b)'],
    ['a < b = c', '(= (< a b) c)'],
    ['a BETWEEN 1 AND 2 AND c', '(AND (BETWEEN a 1 2) c)'],
    ['a NOT BETWEEN b + 1 AND c', '(NOT BETWEEN a (+ b 1) c)'],
    ['a NOT IN (1, 2)', '(NOT IN a 1 2)'],
    ["a NOT LIKE 'x%' OR b IS NOT NULL", "(OR (NOT LIKE a 'x%') (IS NOT NULL b))"],
    ['LEFT(s, 3) = REPLACE(s, t.left, x)', '(= LEFT(s 3) REPLACE(s t.left x))'],
    ['TRUE AND false', '(AND TRUE FALSE)'],
  ])('%s', (text, expected) => {
    expect(show(expr(text))).toBe(expected);
  });

  test('literal values', () => {
    expect(expr('12.50')).toMatchObject({ kind: 'Decimal', unscaled: 1250, scale: 2 });
    expect(expr('-1.5')).toMatchObject({ kind: 'Decimal', unscaled: -15, scale: 1 });
    expect(expr('1.5e3')).toMatchObject({ kind: 'Float', value: 1500 });
    expect(expr('-7')).toMatchObject({ kind: 'Integer', value: -7 });
    expect(expr('9223372036854775807')).toMatchObject({ kind: 'Integer', value: 9223372036854775807n });
    expect(expr('"x"')).toMatchObject({ kind: 'String', value: 'x', quote: '"' });
    expect(expr('NULL')).toMatchObject({ kind: 'Null' });
    expect(expr("INTERVAL '5' MINUTE")).toMatchObject({ kind: 'Interval', value: 5, unit: 'MINUTE', ms: 300_000, quoted: true });
    expect(expr('INTERVAL 2 HOURS')).toMatchObject({ kind: 'Interval', unit: 'HOUR', ms: 7_200_000, quoted: false });
  });

  test('function calls, CASE, CAST, EXTRACT, subqueries', () => {
    expect(expr('COUNT(*)')).toMatchObject({ kind: 'FunctionCall', upperName: 'COUNT', star: true, args: [] });
    expect(expr('count(DISTINCT x)')).toMatchObject({ distinct: true, name: 'count' });
    expect(expr('PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x DESC)')).toMatchObject({ withinGroup: [{ direction: 'DESC' }] });
    expect(expr('CURRENT_TIMESTAMP')).toMatchObject({ kind: 'FunctionCall', parens: false, upperName: 'CURRENT_TIMESTAMP' });
    expect(expr("CASE s WHEN 'a' THEN 1 ELSE 2 END")).toMatchObject({ kind: 'Case', operand: { kind: 'Column' }, whens: [{ then: { value: 1 } }], else: { value: 2 } });
    expect(expr('CAST(x AS VARCHAR)')).toMatchObject({ kind: 'Cast', type: { name: 'STRING', text: 'VARCHAR' } });
    expect(expr('EXTRACT(EPOCH FROM (NOW() - t))')).toMatchObject({ kind: 'Extract', part: 'EPOCH', syntax: 'FROM', expr: { kind: 'Binary' } });
    expect(expr("EXTRACT('hour', ts)")).toMatchObject({ kind: 'Extract', part: 'HOUR', syntax: 'COMMA' });
    expect(expr('x IN (SELECT id FROM c)')).toMatchObject({ kind: 'InSubquery', negated: false });
    expect(expr('NOT EXISTS (SELECT 1 FROM c)')).toMatchObject({ kind: 'Exists', negated: true });
    expect(expr('(SELECT MAX(a) FROM c)')).toMatchObject({ kind: 'ScalarSubquery' });
    expect(expr('x > ALL (SELECT a FROM c)')).toMatchObject({ kind: 'Quantified', op: '>', quantifier: 'ALL' });
    expect(expr('x = SOME (SELECT a FROM c)')).toMatchObject({ kind: 'Quantified', quantifier: 'SOME' });
    expect(expr('m._event_time')).toMatchObject({ kind: 'SystemColumn', name: '_EVENT_TIME', text: '_event_time', qualifier: { name: 'm' } });
  });

  test('select items: star, qualified star, aliases and PRIMARY KEY', () => {
    const s = select('SELECT *, t.*, a AS x PRIMARY KEY, b y, _timestamp FROM t');
    expect(s.items.map((i) => i.kind)).toEqual(['Star', 'QualifiedStar', 'ExprItem', 'ExprItem', 'ExprItem']);
    expect(s.items[2]).toMatchObject({ alias: { name: 'x' }, aliasWithAs: true, primaryKey: true });
    expect(s.items[3]).toMatchObject({ alias: { name: 'y' }, aliasWithAs: false, primaryKey: false });
  });
});

describe('spans', () => {
  test('nodes carry 1-based line/column and exclusive ends', () => {
    const text = 'SELECT a,\n  price * 2 AS p\nFROM t';
    const s = select(text);
    const item = s.items[1] as A.ExprItem;
    expect(item.expr.span).toEqual({ start: { line: 2, column: 3, offset: 12 }, end: { line: 2, column: 12, offset: 21 } });
    expect(text.slice(item.span.start.offset, item.span.end.offset)).toBe('price * 2 AS p');
    expect(s.from?.span).toEqual({ start: { line: 3, column: 6, offset: 32 }, end: { line: 3, column: 7, offset: 33 } });
  });

  test('columns count UTF-16 code units', () => {
    const s = select("SELECT 'é😀', b FROM t");
    // 'é😀' is 4 code units wide (the emoji is a surrogate pair): b is at column 15.
    expect((s.items[1] as A.ExprItem).expr.span.start.column).toBe(15);
  });

  test('a statement span and text exclude the semicolon and leading comments', () => {
    const text = '-- lead\nSELECT 1 ;\nSELECT 2';
    const [first, second] = parse(text).statements;
    expect(first.text).toBe('SELECT 1');
    expect(first.span.start).toEqual({ line: 2, column: 1, offset: 8 });
    expect(second.index).toBe(1);
  });
});

describe('documentation forms (X23–X35, spec §2)', () => {
  const extensions = (sql: string) => parse(sql).statements[0].extensions.map((e) => e.id);

  test('X23 derived tables in FROM and JOIN, with or without AS; UNION inside them (X28)', () => {
    const s = select('SELECT d.a FROM (SELECT a FROM t UNION ALL SELECT a FROM u) AS d JOIN (SELECT b FROM v) w ON d.a = w.b');
    expect(s.from).toMatchObject({ kind: 'DerivedSource', alias: { name: 'd' }, aliasWithAs: true, query: { body: { kind: 'Union', all: true } } });
    expect(s.joins[0].source).toMatchObject({ kind: 'DerivedSource', alias: { name: 'w' }, aliasWithAs: false });
    expect(extensions('SELECT * FROM (SELECT a FROM t) x')).toEqual(['X23']);
  });

  test('X24/X25 source declarations with bare keys; EMIT after WITH (X26); INTO in CREATE (X27)', () => {
    expect(one("CREATE TABLE users (id INT, tags ARRAY<VARCHAR>) WITH (type = 'file_source', path = './u.csv', batch_size = 100)")).toMatchObject({
      kind: 'CreateSource', objectType: 'TABLE', name: { name: 'users' },
      properties: { entries: [{ key: 'type', keyQuoted: false }, { key: 'path' }, { key: 'batch_size', value: '100', valueQuoted: false }] },
    });
    expect(extensions("CREATE STREAM s AS SELECT a FROM t GROUP BY a WITH ('k' = 'v') EMIT CHANGES")).toEqual(['X26']);
    expect(one('CREATE STREAM s AS SELECT a FROM t INTO copy')).toMatchObject({ kind: 'CreateStream', into: { name: 'copy' } });
  });

  test('C1: source options right after FROM followed by EMIT or the end belong to the source', () => {
    const s = select("SELECT a FROM kafka://h:9092/t WITH (format = 'json', group_id = g1) EMIT CHANGES");
    expect(s.from?.options?.entries.map((e) => [e.key, e.value])).toEqual([['format', 'json'], ['group_id', 'g1']]);
    expect(s.emit).toMatchObject({ mode: 'CHANGES' });
  });

  test('X29 GROUP BY TUMBLE/HOP/SESSION become the window; ADVANCE BY', () => {
    expect(select("SELECT k FROM t GROUP BY k, TUMBLE(ts, INTERVAL '5' MINUTE)")).toMatchObject({
      groupBy: [{ kind: 'Column' }], window: { kind: 'Tumbling', groupFunction: 'TUMBLE', size: { ms: 300_000 }, timeColumn: { name: { name: 'ts' } } },
    });
    expect(select('SELECT k FROM t GROUP BY HOP(ts, INTERVAL 1 MINUTE, INTERVAL 10 MINUTES)').window).toMatchObject({
      kind: 'Sliding', size: { ms: 600_000 }, advance: { ms: 60_000 },
    });
    expect(select('SELECT k FROM t GROUP BY k WINDOW SLIDING(INTERVAL 10 MINUTES, ADVANCE BY INTERVAL 1 MINUTE)').window).toMatchObject({
      kind: 'Sliding', size: { ms: 600_000 }, advance: { ms: 60_000 }, advanceBy: true,
    });
  });

  test('X30 shorthand frames and named windows', () => {
    const s = select('SELECT SUM(x) OVER w AS s, AVG(x) OVER (ROWS 3 PRECEDING) AS a FROM t WINDOW w AS (PARTITION BY k ORDER BY ts ROWS UNBOUNDED PRECEDING)');
    expect(s.items[0]).toMatchObject({ expr: { over: { windowName: 'w', partitionBy: [{ name: { name: 'k' } }], frame: { start: { kind: 'UnboundedPreceding' }, end: { kind: 'CurrentRow' }, shorthand: true } } } });
    expect(s.items[1]).toMatchObject({ expr: { over: { frame: { start: { kind: 'Preceding' }, end: { kind: 'CurrentRow' } } } } });
  });

  test('X30 OVER (w …) extends a named window: PARTITION BY copied, ORDER BY copied or added, frame added', () => {
    const s = select('SELECT SUM(x) OVER (w ORDER BY ts) AS a, SUM(x) OVER (v ROWS 2 PRECEDING) AS b FROM t WINDOW w AS (PARTITION BY k), v AS (w ORDER BY u)');
    expect(s.items[0]).toMatchObject({ expr: { over: { baseWindow: { name: { name: 'w' }, copiedOrderBy: false }, partitionBy: [{ name: { name: 'k' } }], orderBy: [{ expr: { name: { name: 'ts' } } }] } } });
    expect(s.items[1]).toMatchObject({
      expr: { over: { baseWindow: { copiedOrderBy: true }, partitionBy: [{ name: { name: 'k' } }], orderBy: [{ expr: { name: { name: 'u' } } }], frame: { unit: 'ROWS', start: { kind: 'Preceding' } } } },
    });
  });

  test('X32 CROSS JOIN, ~ and !~, types, reserved words after a qualifier, :: casts', () => {
    const s = select("SELECT s.key, e.timestamp, CAST(a AS VARCHAR(20)) AS v, b::DOUBLE AS d FROM s CROSS JOIN e WHERE a ~ '^x' AND b !~ 'y'");
    expect(s.joins[0]).toMatchObject({ joinType: 'CROSS', keywords: 'CROSS JOIN' });
    expect(s.joins[0].on).toBeUndefined();
    expect(s.items.slice(0, 2)).toMatchObject([{ expr: { qualifier: { name: 's' }, name: { name: 'key' } } }, { expr: { name: { name: 'timestamp' } } }]);
    expect(s.items[2]).toMatchObject({ expr: { kind: 'Cast', type: { name: 'STRING', length: 20 } } });
    expect(s.items[3]).toMatchObject({ expr: { kind: 'Cast', postfix: true, type: { name: 'DOUBLE' } } });
    expect(show(s.where!)).toBe("(AND (~ a '^x') (!~ b 'y'))");
    expect(one('CREATE STREAM n (p STRUCT<name VARCHAR, tags ARRAY<VARCHAR>>, j JSON) WITH (type = kafka_source)')).toMatchObject({
      columns: [{ type: { name: 'STRUCT', fields: [{ name: { name: 'name' } }, { type: { name: 'ARRAY' } }] } }, { type: { name: 'JSON' } }],
    });
  });

  test('X33 month and year intervals in expressions only', () => {
    expect(expr("ts + INTERVAL '1' MONTH")).toMatchObject({ right: { kind: 'Interval', unit: 'MONTH', months: 1, ms: 0 } });
    expect(expr('ts - INTERVAL 2 YEARS')).toMatchObject({ right: { months: 24 } });
    expect(parse("SELECT a FROM t WINDOW TUMBLING(ts, INTERVAL '1' MONTH)").diagnostics[0]).toMatchObject({ code: 'VS208' });
  });

  test('X34 paths, TRIM(BOTH … FROM …), POSITION(… IN …), STRING_AGG(… ORDER BY …)', () => {
    expect(expr('order.items[0].name')).toMatchObject({
      kind: 'Path', root: { qualifier: { name: 'order' }, name: { name: 'items' } }, segments: [{ kind: 'Index', index: 0 }, { kind: 'Field', name: { name: 'name' } }],
    });
    expect(expr('positions.*.shares')).toMatchObject({ kind: 'Path', segments: [{ kind: 'Wildcard' }, { kind: 'Field' }] });
    expect(expr("TRIM(LEADING '0' FROM code)")).toMatchObject({ upperName: 'TRIM', keywordForm: 'TRIM LEADING', args: [{ name: { name: 'code' } }, { value: '0' }] });
    expect(expr("POSITION('x' IN s)")).toMatchObject({ keywordForm: 'POSITION IN', args: [{ value: 'x' }, { name: { name: 's' } }] });
    expect(expr("STRING_AGG(x, ',' ORDER BY y DESC)")).toMatchObject({ argOrderBy: [{ direction: 'DESC' }] });
  });

  test('X34 several topics in one URI, qualified source names', () => {
    expect(select('SELECT * FROM kafka://h:9092/orders,payments WHERE a = 1').from).toMatchObject({ kind: 'UriSource', uri: 'kafka://h:9092/orders,payments' });
    expect(extensions('SELECT * FROM kafka://h:9092/orders,payments')).toEqual(['X22', 'X34']);
    expect(select('SELECT * FROM sales.orders o').from).toMatchObject({ kind: 'NamedSource', name: { name: 'sales.orders' }, alias: { name: 'o' } });
  });

  test('X35 introspection variants', () => {
    expect(one('DESCRIBE STREAM trades')).toMatchObject({ kind: 'Describe', objectType: 'STREAM', name: { name: 'trades' } });
    expect(one('SHOW CREATE TABLE users FORMAT JSON')).toMatchObject({ kind: 'Show', target: 'CREATE', objectType: 'TABLE', format: 'JSON' });
    expect(one('SHOW STREAM HEALTH enriched')).toMatchObject({ kind: 'Show', target: 'HEALTH', name: { name: 'enriched' } });
    expect(extensions('DESCRIBE TABLE users')).toEqual(['X35']);
  });
});
