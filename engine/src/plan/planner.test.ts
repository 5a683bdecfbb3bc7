import { parse } from '../sql/parse';
import { explain } from './explain';
import { planStatement, type PlannerContext, type SourceInfo } from './planner';
import type { PlanColumn } from './logical';

const trades: PlanColumn[] = [
  { name: 'symbol', type: 'string' },
  { name: 'price', type: 'decimal' },
  { name: 'qty', type: 'integer' },
  { name: 'ts', type: 'timestamp' },
];

const sources: Record<string, SourceInfo> = {
  trades: { columns: trades, bounded: false, table: false },
  customers: { columns: [{ name: 'id', type: 'integer' }, { name: 'tier', type: 'string' }], bounded: true, table: false },
  clicks: { columns: null, bounded: false, table: false },
  accounts: { columns: null, bounded: false, table: true },
};
const context: PlannerContext = { source: (name) => sources[name] };

function plan(sql: string) {
  const parsed = parse(sql);
  expect(parsed.diagnostics).toEqual([]);
  return planStatement(parsed.statements[0], context);
}

function planned(sql: string) {
  const result = plan(sql);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.planned!;
}

const explained = (sql: string) => explain(planned(sql).plan);

const errors = (sql: string) => plan(sql).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

describe('query shapes', () => {
  test('CSAS with filter and projection: Sink over Project over Filter over Scan, types from the schema', () => {
    const p = planned('CREATE STREAM big AS SELECT symbol, price * qty AS notional FROM trades WHERE qty > 0 EMIT CHANGES');
    expect(explain(p.plan)).toBe(
      [
        'Sink big',
        '  Project symbol, (price * qty) AS notional exec=columnar',
        '    Filter (qty > 0) exec=columnar',
        '      Scan trades unbounded [symbol: string, price: decimal, qty: integer, ts: timestamp]',
      ].join('\n'),
    );
    expect(p.kind).toBe('stream');
    expect(p.output).toBe('big');
    expect(p.columns).toEqual([
      { name: 'symbol', type: 'string' },
      { name: 'notional', type: 'decimal' },
    ]);
    expect(p.sources).toEqual(['trades']);
    expect(p.unbounded).toBe(true);
  });

  test('GROUP BY: aggregates extracted once, group keys and HAVING bound post-aggregation, key = GROUP BY column', () => {
    const p = planned('SELECT symbol, COUNT(*) AS n, SUM(qty) AS volume FROM trades GROUP BY symbol HAVING COUNT(*) > 1');
    expect(explain(p.plan)).toBe(
      'Aggregate group=[symbol] aggs=[#0 COUNT(*), #1 SUM(qty)] emit=default having=(#agg0 > 1) exec=columnar → #key0 AS symbol, #agg0 AS n, #agg1 AS volume\n' +
        '  Scan trades unbounded [symbol: string, price: decimal, qty: integer, ts: timestamp]',
    );
    expect(p.keyColumns).toEqual(['symbol']);
    expect(p.columns).toEqual([
      { name: 'symbol', type: 'string' },
      { name: 'n', type: 'integer' },
      { name: 'volume', type: 'integer' },
    ]);
  });

  test('window, EMIT FINAL, window bounds, MAX(ts) AS _EVENT_TIME and ORDER BY over output columns', () => {
    expect(
      explained(
        "SELECT symbol, _window_start AS ws, MAX(ts) AS _EVENT_TIME, AVG(price) AS a FROM trades GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) ORDER BY a DESC EMIT FINAL",
      ),
    ).toBe(
      [
        'Sort a DESC',
        '  Aggregate group=[symbol] aggs=[#0 MAX(ts), #1 AVG(price)] window=TUMBLING(ts, 60000ms) emit=FINAL exec=columnar → #key0 AS symbol, _WINDOW_START AS ws, #agg1 AS a, #agg0 AS _EVENT_TIME',
        '    Scan trades unbounded [symbol: string, price: decimal, qty: integer, ts: timestamp]',
      ].join('\n'),
    );
  });

  test('sliding and session windows keep their time column and sizes in ms', () => {
    expect(explained('SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW SLIDING(ts, 5m, 1m) EMIT CHANGES').split('\n')[0]).toContain(
      'window=SLIDING(ts, 300000ms, 60000ms) emit=CHANGES',
    );
    expect(explained('SELECT symbol, COUNT(*) FROM trades GROUP BY symbol WINDOW SESSION(ts, 30s)').split('\n')[0]).toContain('window=SESSION(ts, 30000ms)');
  });

  test('DISTINCT, ORDER BY on a row query (sorts input before projecting) and LIMIT', () => {
    expect(explained('SELECT DISTINCT symbol FROM trades ORDER BY qty LIMIT 3')).toBe(
      ['Limit 3', '  Distinct', '    Project symbol', '      Sort qty', '        Scan trades unbounded [symbol: string, price: decimal, qty: integer, ts: timestamp]'].join('\n'),
    );
  });

  test('OVER calls become an Over node with hidden fields the projection reads', () => {
    expect(explained('SELECT symbol, LAG(price, 1) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY ts) AS prev FROM trades')).toBe(
      [
        'Project symbol, $over1 AS prev',
        '  Over $over1 = LAG(price, 1) OVER (BUFFER 10 ROWS PARTITION BY symbol ORDER BY ts)',
        '    Scan trades unbounded [symbol: string, price: decimal, qty: integer, ts: timestamp]',
      ].join('\n'),
    );
  });

  test('a bounded right side is a lookup join (D10); keys split from the residual; colliding right columns are right_<col>', () => {
    const p = planned('SELECT t.symbol, c.id, c.tier FROM trades t LEFT JOIN customers c ON t.qty = c.id AND c.tier <> \'x\'');
    expect(explain(p.plan)).toBe(
      [
        'Project t.symbol AS symbol, c.id AS id, c.tier AS tier',
        "  Join LEFT lookup on t.qty = c.id AND (c.tier != 'x')",
        '    Scan trades AS t unbounded [symbol: string, price: decimal, qty: integer, ts: timestamp]',
        '    Scan customers AS c bounded [id: integer, tier: string]',
      ].join('\n'),
    );
    const q = planned('SELECT a.id, b.id FROM clicks a JOIN clicks b ON a.id = b.id WITHIN INTERVAL 10 SECONDS');
    expect(explain(q.plan).split('\n').slice(0, 2)).toEqual(['Project a.id AS id, b.right_id AS right_id', '  Join INNER interval on a.id = b.id within [-10000ms, 10000ms]']);
  });

  test('a BETWEEN on the two sides\' time columns in ON bounds an interval join (§4.4) and leaves the residual', () => {
    const sql = (on: string) => `SELECT a.id FROM clicks a JOIN clicks b ON a.id = b.id AND ${on}`;
    const join = (on: string) => explained(sql(on)).split('\n')[1];
    expect(join("b.ts BETWEEN a.ts AND a.ts + INTERVAL '24' HOUR")).toBe('  Join INNER interval on a.id = b.id within [0ms, 86400000ms] of b.ts - a.ts');
    expect(join("a.ts BETWEEN b.ts - INTERVAL '2' HOUR AND b.ts - INTERVAL '1' HOUR AND a.x > 1")).toBe(
      '  Join INNER interval on a.id = b.id AND (a.x > 1) within [3600000ms, 7200000ms] of b.ts - a.ts',
    );
    // WITHIN and BETWEEN together: both hold.
    expect(explained(`${sql("b.ts BETWEEN a.ts - INTERVAL '1' HOUR AND a.ts + INTERVAL '1' HOUR")} WITHIN INTERVAL '10' MINUTES`).split('\n')[1]).toBe(
      '  Join INNER interval on a.id = b.id within [-600000ms, 600000ms] of b.ts - a.ts',
    );
    // Not a bound: both ends must shift the same other-side column by an INTERVAL.
    expect(join('b.ts BETWEEN a.ts AND a.end_ts')).toBe('  Join INNER interval on a.id = b.id AND b.right_ts BETWEEN a.ts AND a.end_ts within [0ms, 3600000ms]');
  });

  test('a CTE is an intermediate stream the main query scans; its columns flow on', () => {
    const p = planned('WITH big AS (SELECT symbol, qty FROM trades WHERE qty > 100) SELECT symbol, SUM(qty) FROM big GROUP BY symbol');
    expect(p.ctes.map((c) => [c.name, explain(c.plan)])).toEqual([
      ['big', 'Project symbol, qty exec=columnar\n  Filter (qty > 100) exec=columnar\n    Scan trades unbounded [symbol: string, price: decimal, qty: integer, ts: timestamp]'],
    ]);
    expect(explain(p.plan)).toBe('Aggregate group=[symbol] aggs=[#0 SUM(qty)] emit=default exec=columnar → #key0 AS symbol, #agg0 AS sum\n  Scan big unbounded [symbol: string, qty: integer]');
    expect(p.sources).toEqual(['trades']);
  });

  test('subqueries go to LogicalPlan.subqueries; correlated outer columns are marked', () => {
    const p = planned('SELECT symbol FROM trades t WHERE EXISTS (SELECT id FROM accounts a WHERE a.id = t.qty)');
    expect(explain(p.plan)).toBe(
      [
        'Project symbol',
        '  Filter EXISTS (subquery #0)',
        '    Scan trades AS t unbounded [symbol: string, price: decimal, qty: integer, ts: timestamp]',
        'Subquery #0',
        '  Project id',
        '    Filter (a.id = outer:t.qty)',
        '      Scan accounts AS a unbounded',
      ].join('\n'),
    );
  });

  test('UNION ALL, INSERT INTO and SELECT … INTO name their shapes and outputs', () => {
    expect(explained('SELECT symbol FROM trades UNION ALL SELECT symbol FROM trades').split('\n')[0]).toBe('Union ALL');
    expect(planned('INSERT INTO out SELECT symbol FROM trades')).toMatchObject({ kind: 'insert', output: 'out' });
    expect(planned('SELECT symbol FROM trades INTO out')).toMatchObject({ kind: 'select', output: 'out' });
    expect(planned('CREATE TABLE t AS SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol')).toMatchObject({ kind: 'table', output: 't' });
  });

  test('PRIMARY KEY items are the message key; SELECT without FROM reads one row', () => {
    expect(planned('SELECT symbol AS s PRIMARY KEY, qty FROM trades').keyColumns).toEqual(['s']);
    expect(explained("SELECT 1 + 2 AS three, 'a' || 'b'")).toBe("Project (1 + 2) AS three, ('a' || 'b') AS expr_2\n  Scan $one_row bounded []");
  });
});

describe('output names (§4.2)', () => {
  test('alias; bare column name; lower-case function name with _2 for duplicates; expr_<position>', () => {
    const p = planned('SELECT t.symbol, COUNT(*), count(qty), UPPER(t.symbol), qty + 1, price AS p FROM trades t GROUP BY t.symbol, qty, price');
    expect(p.columns!.map((c) => c.name)).toEqual(['symbol', 'count', 'count_2', 'upper', 'expr_5', 'p']);
  });

  test('a name an earlier item already has is suffixed _2, _3; a colliding right-side join column is right_<col>', () => {
    expect(planned('SELECT symbol, symbol, qty AS symbol FROM trades').columns!.map((c) => c.name)).toEqual(['symbol', 'symbol_2', 'symbol_3']);
    expect(planned('SELECT *, qty FROM trades').columns!.map((c) => c.name)).toEqual(['symbol', 'price', 'qty', 'ts', 'qty_2']);
    // Unknown schemas: an unqualified name may be the left side's, so the right one is renamed.
    const p = planned('SELECT id, b.id FROM clicks a JOIN accounts b ON a.user_id = b.id');
    expect(p.columns!.map((c) => c.name)).toEqual(['id', 'right_id']);
    expect(p.plan.root).toMatchObject({ kind: 'project', input: { kind: 'join', rightFields: { id: 'right_id' } } });
  });

  test('* expands to the known columns, never system columns', () => {
    expect(planned('SELECT *, _timestamp FROM trades').columns!.map((c) => c.name)).toEqual(['symbol', 'price', 'qty', 'ts', '_timestamp']);
  });

  test('SELECT * over a source of unknown columns passes records through', () => {
    expect(explained('SELECT * FROM clicks')).toBe('Scan clicks unbounded');
  });
});

describe('types', () => {
  test('CAST to DECIMAL(p, s) / NUMERIC(p, s) carries the scale; DECIMAL(p) has scale 0; column definitions take them too', () => {
    expect(explained('SELECT CAST(price AS DECIMAL(10, 2)) AS p, CAST(qty AS NUMERIC(5)) AS q, CAST(qty AS DECIMAL) AS d FROM trades').split('\n')[0]).toBe(
      'Project CAST(price AS DECIMAL scale 2) AS p, CAST(qty AS DECIMAL scale 0) AS q, CAST(qty AS DECIMAL) AS d',
    );
    expect(planned('CREATE STREAM s (price NUMERIC(12, 4), qty INT) AS SELECT price, qty FROM trades').columns).toEqual([
      { name: 'price', type: 'decimal' },
      { name: 'qty', type: 'integer' },
    ]);
  });

  test('DECIMAL parameters out of range and numbers on other types are syntax errors', () => {
    const message = (sql: string) => parse(sql).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(message('SELECT CAST(price AS DECIMAL(2, 3)) FROM trades')).toEqual(['VS208 bad DECIMAL(2, 3)']);
    expect(message('SELECT CAST(price AS DECIMAL(30, 19)) FROM trades')).toEqual(['VS208 bad DECIMAL(30, 19)']);
    expect(message('SELECT CAST(price AS INTEGER(10)) FROM trades')).toEqual(['VS208 wrong type parameters for INTEGER']);
  });
});

describe('name resolution', () => {
  test('select aliases are visible left to right and in GROUP BY, HAVING and ORDER BY', () => {
    expect(explained('SELECT qty * 2 AS dbl, dbl + 1 AS more FROM trades').split('\n')[0]).toBe('Project (qty * 2) AS dbl, ((qty * 2) + 1) AS more');
    expect(explained('SELECT UPPER(symbol) AS s, COUNT(*) AS n FROM trades GROUP BY s HAVING n > 2').split('\n')[0]).toBe(
      'Aggregate group=[UPPER(symbol)] aggs=[#0 COUNT(*)] emit=default having=(#agg0 > 2) exec=columnar → #key0 AS s, #agg0 AS n',
    );
  });

  test('a select alias in WHERE is an error at its position', () => {
    expect(errors('SELECT price * 2 AS dbl FROM trades\nWHERE dbl > 4')).toEqual(["2:7 VV304 select alias 'dbl' cannot be used in WHERE"]);
  });

  test('unknown columns, qualifiers and functions, ambiguity and aggregates in WHERE are errors with positions', () => {
    expect(errors('SELECT nope FROM trades')).toEqual(["1:8 VV301 unknown column 'nope' in 'trades'"]);
    expect(errors('SELECT x.symbol FROM trades')).toEqual(["1:8 VV305 unknown source or alias 'x'"]);
    expect(errors('SELECT FOO(qty) FROM trades')).toEqual(['1:8 VV302 unknown function FOO']);
    expect(errors('SELECT id FROM customers a JOIN customers b ON a.id = b.id')).toEqual(["1:8 VV303 column 'id' is ambiguous"]);
    expect(errors('SELECT symbol FROM trades WHERE SUM(qty) > 1')).toEqual(['1:33 VV306 aggregate SUM is not allowed in WHERE']);
    expect(errors('SELECT LAG(qty) FROM trades')).toEqual(['1:8 VV307 LAG needs an OVER clause']);
  });

  test('system columns resolve case-insensitively; columns of unknown sources resolve to that source', () => {
    expect(explained('SELECT _Event_Time AS et, user_id FROM clicks')).toBe('Project _EVENT_TIME AS et, user_id\n  Scan clicks unbounded');
  });

  test('a subquery over a stream is an error', () => {
    expect(errors('SELECT symbol FROM trades WHERE qty IN (SELECT qty FROM trades)')).toEqual([
      "1:57 VV310 subquery source must be a table: 'trades' is a stream",
    ]);
  });
});

describe('X31: OVER in a grouped query', () => {
  test('over aggregates: Aggregate → Over → Project, keyed by the GROUP BY columns', () => {
    const p = planned('CREATE TABLE t AS SELECT symbol, COUNT(*) AS n, SUM(COUNT(*)) OVER (PARTITION BY symbol ORDER BY _window_start ROWS UNBOUNDED PRECEDING) AS running FROM trades GROUP BY symbol WINDOW TUMBLING(ts, 1m)');
    expect(explain(p.plan).split('\n').map((l) => l.trim().split(' ')[0])).toEqual(['Sink', 'Project', 'Over', 'Aggregate', 'Scan']);
    expect(p.columns?.map((c) => c.name)).toEqual(['symbol', 'n', 'running']);
    expect(p.keyColumns).toEqual(['symbol']);
  });

  test('over input columns: Over → Aggregate (the value at the group\'s last record)', () => {
    const p = planned('SELECT symbol, COUNT(*) AS n, AVG(price) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY symbol ORDER BY ts) AS ma FROM trades GROUP BY symbol WINDOW TUMBLING(ts, 1m)');
    expect(explain(p.plan).split('\n').map((l) => l.trim().split(' ')[0])).toEqual(['Aggregate', 'Over', 'Scan']);
  });

  test('a CROSS JOIN needs a bounded right side', () => {
    expect(errors('SELECT t.symbol FROM trades t CROSS JOIN clicks c')).toEqual(['1:42 VV309 CROSS JOIN needs a bounded right side']);
  });
});
