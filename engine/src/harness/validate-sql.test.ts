import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from '../sql/diagnostics';
import { validate } from '../sql/validator';
import { validateSql, type EngineValidateOptions } from './validate-sql';
import { SHARED } from '../../test/shared';

const codes = (sql: string, options?: EngineValidateOptions) => validateSql(sql, options).map((d) => d.code);
const only = (sql: string, code: string, options?: EngineValidateOptions): Diagnostic => {
  const found = validateSql(sql, options).filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  return found[0];
};

const HINTS = `-- @data.price.type: strng\n-- @data.price: range [1, 10]\nSELECT price FROM trades`;
const WITH = `CREATE STREAM out AS SELECT price FROM trades WITH ('trades.type' = 'no_such_source', 'out.type' = 'memory_sink')`;

describe('the validator with the engine registry', () => {
  test('@data hint problems are reported at their line through the generator grammar', () => {
    expect(validateSql(HINTS).map((x) => [x.code, x.line])).toEqual([['VA430', 1]]);
  });

  test('WITH lists are checked by the built-in connectors', () => {
    expect(validateSql(WITH).map((d) => d.code)).toContain('VV351');
  });

  test('without a registry the validator makes neither check (it imports no higher layer)', () => {
    expect(validate(HINTS).map((x) => x.code)).toEqual([]);
    expect(validate(WITH).map((d) => d.code)).toEqual([]);
  });
});

describe('checks that read source properties', () => {
  const file = "'t.type' = 'file_source', 't.path' = './t.csv'";
  test('a window over a file without event time', () => {
    const d = only(`SELECT a, COUNT(*) AS n FROM t GROUP BY a WINDOW TUMBLING(1m) WITH (${file})`, 'VW507');
    expect(d.hint).toBe("set 'event.time.field' in WITH, or name the time column: TUMBLING(ts, 1m)");
    expect(codes(`SELECT a, COUNT(*) AS n FROM t GROUP BY a WINDOW TUMBLING(1m) WITH (${file}, 'event.time.field' = 'ts')`)).toEqual([]);
    expect(codes(`SELECT a, COUNT(*) AS n FROM t GROUP BY a WINDOW TUMBLING(ts, 1m) WITH (${file})`)).toEqual([]);
  });

  test('a stream–stream join without a bound gets a note', () => {
    const kafka = "'a.type' = 'kafka_source', 'b.type' = 'kafka_source'";
    expect(validateSql(`SELECT a.x FROM a JOIN b ON a.id = b.id WITH (${kafka})`).map((d) => [d.code, d.severity])).toEqual([['VW510', 'info']]);
    expect(codes(`SELECT a.x FROM a JOIN b ON a.id = b.id WITHIN INTERVAL '5' MINUTE WITH (${kafka})`)).toEqual([]);
  });
});

describe('CSV headers', () => {
  test('CSV header of a file source, resolved from WITH path relative to baseDir', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-validate-'));
    fs.writeFileSync(path.join(dir, 'trades.csv'), 'symbol,price,qty\nAAPL,1.50,3\n');
    const sql = "SELECT symbol, prise FROM trades WITH ('trades.type' = 'file_source', 'trades.path' = './trades.csv', 'trades.format' = 'csv')";
    expect(validateSql(sql, { baseDir: dir }).map((d) => [d.code, d.hint])).toEqual([['VV310', 'did you mean price?']]);
  });
});

describe('WITH properties', () => {
  test('every source and sink needs <name>.type, the hint shows the key', () => {
    const d = validateSql("CREATE STREAM out AS SELECT a FROM t WITH ('t.type' = 'kafka_source', 'out.topic' = 'x')");
    expect(d.map((x) => [x.code, x.token, x.hint])).toEqual([['VV350', 'out', "add 'out.type' = 'file_sink' (or kafka_sink) to the WITH clause"]]);
  });

  test('generic output.type is an error, ignored keys a warning, at the key', () => {
    const d = validateSql("CREATE STREAM o AS SELECT a FROM t WITH ('t.type' = 'kafka_source', 'o.type' = 'kafka_sink', 'output.type' = 'kafka_sink', 'cache.enabled' = 'true')");
    expect(d.map((x) => [x.code, x.severity, x.token])).toEqual([
      ['VV354', 'error', 'output.type'],
      ['VW551', 'warning', 'cache.enabled'],
    ]);
  });

  test('a statement without WITH is configured by its host', () => {
    expect(codes('CREATE STREAM o AS SELECT a FROM t')).toEqual([]);
  });

  test('CTE names need no type', () => {
    expect(codes("INSERT INTO o WITH c AS (SELECT a FROM t) SELECT a FROM c WITH ('t.type' = 'kafka_source', 'o.type' = 'kafka_sink')")).toEqual([]);
  });
});

describe('the spec worked examples (§17) validate without errors', () => {
  const spec = fs.readFileSync(path.join(SHARED, 'spec/dialect.md'), 'utf8');
  const examples = spec.slice(spec.indexOf('## 17.')).split('```sql').slice(1).map((block) => block.split('```')[0]);
  test('there are 13 examples', () => expect(examples).toHaveLength(13));
  test.each(examples.map((sql, i) => [i + 1, sql]))('example %i', (_, sql) => {
    expect(validateSql(sql as string).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
