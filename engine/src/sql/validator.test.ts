import type { Diagnostic } from './diagnostics';
import { validate, ValidateOptions } from './validator';

const codes = (sql: string, options?: ValidateOptions) => validate(sql, options).map((d) => d.code);
const only = (sql: string, code: string, options?: ValidateOptions): Diagnostic => {
  const found = validate(sql, options).filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('functions', () => {
  test('unknown function: error at the name with the closest known name', () => {
    const d = only('SELECT UPPR(symbol) AS s FROM trades', 'VV301');
    expect(d).toMatchObject({ severity: 'error', message: 'unknown function UPPR', line: 1, column: 8, endColumn: 12, token: 'UPPR', hint: 'did you mean UPPER?' });
  });

  test('aliases and case-insensitive names are known', () => {
    expect(codes('SELECT ceiling(x) AS c, Len(s) AS l, FIRST(p) AS f FROM t GROUP BY x, s')).not.toContain('VV301');
  });

  test('argument count against the catalogue', () => {
    expect(only('SELECT ROUND(a, 2, 3) AS r FROM t', 'VV302').message).toBe('ROUND takes 1 to 2 arguments, got 3');
    expect(only('SELECT NOW(1) AS n FROM t', 'VV302').message).toBe('NOW takes 0 arguments, got 1');
    expect(only('SELECT CONCAT() AS c FROM t', 'VV302').message).toBe('CONCAT takes at least 1 argument, got 0');
    expect(only('SELECT SUM(*) AS s FROM t', 'VV302').message).toBe('SUM(*) is not allowed');
  });

  test('aggregates are errors where rows are not grouped yet', () => {
    expect(only('SELECT a FROM t WHERE COUNT(*) > 1', 'VV303').hint).toBe('WHERE filters input rows before aggregation; move the condition to HAVING');
    expect(codes('SELECT a, COUNT(*) AS n FROM t GROUP BY a HAVING COUNT(*) > 1')).toEqual([]);
    expect(codes('SELECT a FROM t JOIN u ON t.id = MAX(u.id)')).toContain('VV303');
    expect(codes('SELECT MAX(SUM(a)) AS m FROM t')).toContain('VV309');
  });

  test('OVER: only the §7.3 functions; ranking functions need it', () => {
    expect(only('SELECT UPPER(s) OVER (PARTITION BY a) AS u FROM t', 'VV304').message).toBe('UPPER cannot be used with OVER');
    expect(only('SELECT RANK() AS r FROM t', 'VV305').message).toBe('RANK needs an OVER clause');
    expect(codes('SELECT LAG(price, 1) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY s) AS p FROM t')).toEqual([]);
  });

  test('PERCENTILE_CONT without WITHIN GROUP is an error (D8); with it, fine', () => {
    expect(only('SELECT PERCENTILE_CONT(0.5) AS p FROM t', 'VV306').severity).toBe('error');
    expect(codes('SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY price) AS p FROM t')).toEqual([]);
    expect(codes('SELECT MEDIAN(x) WITHIN GROUP (ORDER BY x) AS m FROM t')).toContain('VV307');
    expect(codes('SELECT AVG(DISTINCT x) AS m FROM t')).toContain('VV308');
  });
});

describe('query shape warnings', () => {
  test('GROUP BY 1 is a literal', () => {
    expect(only('SELECT COUNT(*) AS n FROM t GROUP BY 1', 'VW502')).toMatchObject({ severity: 'warning', column: 38 });
  });

  test('ungrouped columns next to aggregates', () => {
    const d = only('SELECT symbol, price, COUNT(*) AS n FROM t GROUP BY symbol', 'VW506');
    expect(d.message).toBe("column 'price' is neither in GROUP BY nor inside an aggregate");
    expect(codes('SELECT DATE_FORMAT(ts, \'%Y\') AS y, COUNT(*) AS n FROM t GROUP BY DATE_FORMAT(ts, \'%Y\')')).toEqual([]);
    expect(codes('SELECT UPPER(s) AS u, COUNT(*) AS n FROM t GROUP BY u')).toEqual([]);
  });

  test('ORDER BY and EMIT FINAL without WINDOW', () => {
    expect(codes('SELECT a FROM t ORDER BY a')).toEqual(['VW504']);
    expect(codes('SELECT a, COUNT(*) AS n FROM t GROUP BY a EMIT FINAL')).toEqual(['VW505']);
    expect(codes('SELECT a, COUNT(*) AS n FROM t GROUP BY a WINDOW TUMBLING(1m) ORDER BY a EMIT FINAL')).toEqual([]);
  });

  test('NOT precedence, with the spec text', () => {
    const d = only('SELECT a FROM t WHERE NOT a = b', 'VW501');
    expect(d.message).toBe('NOT applies only to the next operand; write NOT (a = b)');
    expect(d.token).toBe('NOT a = b');
    expect(codes('SELECT a FROM t WHERE NOT (a = b)')).toEqual([]);
  });

  test('computed columns without alias, double-quoted items, ignored PRIMARY KEY', () => {
    expect(codes('SELECT price * qty FROM t')).toEqual(['VW503']);
    expect(only('SELECT "price" AS p FROM t', 'VW508').message).toBe('double quotes make a string literal, not an identifier');
    expect(codes('SELECT UPPER(s) PRIMARY KEY FROM t')).toEqual(['VW509', 'VW503']);
  });
});

describe('aliases and columns', () => {
  test('a select alias in WHERE is an error; the same name as a source column is not', () => {
    const d = only('SELECT price * qty AS notional FROM trades WHERE notional > 100', 'VV312');
    expect(d).toMatchObject({ column: 50, token: 'notional' });
    expect(codes('SELECT price * 1.1 AS price FROM trades WHERE price > 0')).toEqual([]);
  });

  test('later items, GROUP BY, HAVING and ORDER BY may use aliases', () => {
    const schemas = { t: ['a', 'b'] };
    expect(codes('SELECT a AS x, x + 1 AS y, COUNT(*) AS n FROM t GROUP BY x HAVING n > 1', { schemas })).toEqual([]);
  });

  test('unknown column with a did-you-mean when the schema is known', () => {
    const d = only('SELECT symbl FROM trades', 'VV310', { schemas: { trades: ['symbol', 'price'] } });
    expect(d).toMatchObject({ message: "unknown column 'symbl'", hint: 'did you mean symbol?', column: 8, endColumn: 13 });
    expect(only('SELECT zzz FROM trades', 'VV310', { schemas: { trades: ['symbol', 'price'] } }).hint).toBe('known columns: symbol, price');
  });

  test('qualified columns and unknown qualifiers', () => {
    const schemas = { orders: ['id', 'cid'], customers: ['id', 'tier'] };
    expect(codes('SELECT o.id, c.tier FROM orders o JOIN customers c ON o.cid = c.id', { schemas })).toEqual([]);
    expect(validate('SELECT c.tire FROM orders o JOIN customers c ON o.cid = c.id', { schemas })[0]).toMatchObject({ code: 'VV310', message: "unknown column 'c.tire'", hint: 'did you mean tier?' });
    expect(validate('SELECT x.id FROM orders o JOIN customers c ON o.cid = c.id', { schemas })[0]).toMatchObject({ code: 'VV311', token: 'x' });
  });

  test('schemas flow from column definitions and upstream statements of the file', () => {
    const sql = 'CREATE STREAM a (id INT, v STRING) AS SELECT * FROM src; CREATE STREAM b AS SELECT id, UPPER(v) AS u FROM a; SELECT u, w FROM b';
    const d = validate(sql);
    expect(d.map((x) => [x.code, x.token])).toEqual([['VV310', 'w']]);
  });

  test('CTE output columns and correlated subqueries', () => {
    const schemas = { t: ['a', 'b'], lookup: ['k'] };
    expect(codes('WITH c AS (SELECT a AS x FROM t) SELECT x, y FROM c', { schemas })).toEqual(['VV310']);
    expect(codes('SELECT a FROM t WHERE EXISTS (SELECT k FROM lookup WHERE k = t.b)', { schemas, tables: ['lookup'] })).toEqual([]);
  });

});

describe('subqueries and CTEs', () => {
  test('a subquery reading a stream of the same file is an error', () => {
    const sql = 'CREATE STREAM s AS SELECT id FROM t; CREATE TABLE tab AS SELECT id FROM t; SELECT * FROM o WHERE id IN (SELECT id FROM s) AND id IN (SELECT id FROM tab)';
    expect(validate(sql).filter((d) => d.code === 'VV313').map((d) => d.token)).toEqual(['s']);
  });

  test('CTE names may not be used in subqueries', () => {
    expect(codes('WITH c AS (SELECT id FROM t) SELECT id FROM c WHERE id IN (SELECT id FROM c)')).toContain('VV314');
  });
});

describe('portability', () => {
  test('each extension use is VP-X<n> with the spec text; missing header once', () => {
    const d = validate('SELECT COUNT(DISTINCT x) AS n FROM t', { portable: true });
    expect(d.map((x) => [x.code, x.severity, x.message])).toEqual([
      ['VP-APP', 'warning', "no '-- SQL Application: <name>' header line"],
      ['VP-X5', 'warning', 'not portable to Velostream: COUNT(DISTINCT …)'],
    ]);
    expect(codes('-- SQL Application: app\nSELECT a FROM t', { portability: 'velostream' })).toEqual([]);
    expect(codes('SELECT COUNT(DISTINCT x) AS n FROM t')).toEqual([]);
  });
});
