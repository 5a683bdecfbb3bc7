/**
 * The validator on the documentation forms (issue 9): positions and did-you-mean hints reach
 * into derived tables, declared sources, Flink-style windows and OVER in grouped queries.
 */
import * as path from 'path';
import { engineValidationRegistry } from '../harness/validate-sql';
import { validate } from '../sql/validator';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/extensions');
const DECLARE = `CREATE STREAM trades (symbol STRING, price DECIMAL(10, 2), qty INTEGER, ts TIMESTAMP)
WITH (type = 'file_source', path = './trades.csv', format = 'csv');
`;
const SINK = "\nWITH (o.type = 'file_sink', o.path = './o.csv');";

function errors(sql: string) {
  return validate(DECLARE + sql + SINK, { baseDir: FIXTURES })
    .filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, line: d.line, column: d.column, hint: d.hint }));
}

describe('validator on X23–X35', () => {
  test('a declared source: its columns are known to later statements', () => {
    expect(errors('CREATE STREAM o AS SELECT pricee FROM trades')).toEqual([{ code: 'VV310', line: 3, column: 27, hint: 'did you mean price?' }]);
  });

  test('a derived table: its output columns are known to the outer query', () => {
    expect(errors('CREATE STREAM o AS SELECT d.notionl FROM (SELECT symbol, price * qty AS notional FROM trades) AS d')).toEqual([
      { code: 'VV310', line: 3, column: 27, hint: 'did you mean notional?' },
    ]);
  });

  test('GROUP BY TUMBLE(time_col, …): the time column is checked', () => {
    expect(errors('CREATE STREAM o AS SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol, TUMBLE(tss, INTERVAL 1 MINUTE)')).toEqual([
      { code: 'VV310', line: 3, column: 85, hint: 'did you mean ts?' },
    ]);
  });

  test('OVER in a grouped query: functions are checked', () => {
    expect(errors('CREATE STREAM o AS SELECT symbol, SUMM(COUNT(*)) OVER (PARTITION BY symbol ROWS UNBOUNDED PRECEDING) AS s FROM trades GROUP BY symbol')).toEqual([
      { code: 'VV301', line: 3, column: 35, hint: 'did you mean SUM?' },
    ]);
  });

  test('a declaration with an unknown connector type is reported at its key', () => {
    const found = validate("CREATE STREAM s WITH (type = 'kafak_source', topic = 't');", { baseDir: FIXTURES, registry: engineValidationRegistry() });
    expect(found.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.column])).toEqual([['VV351', 1, 23]]);
  });
});
