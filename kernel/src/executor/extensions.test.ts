/**
 * Issue 9 in a notebook: the documentation's forms run in %%sql cells, %explain plans them and
 * completion keeps working on them. Data: engine/test/fixtures/extensions/trades.csv.
 */
import * as path from 'path';
import { newExecutor, plain, resultJson, runCell } from '../../test/helpers/cell';

const TRADES = path.resolve(__dirname, '../../../engine/test/fixtures/extensions/trades.csv');
const DECLARE = `CREATE STREAM trades (symbol STRING, price DECIMAL(10, 2), qty INTEGER, ts TIMESTAMP)
WITH (type = 'file_source', path = '${TRADES}', format = 'csv');`;

describe('X23–X35 in notebook cells', () => {
  it('a source declaration with bare keys is read by name by a later cell', async () => {
    const { executor } = newExecutor();
    const declared = await runCell(executor, DECLARE);
    expect(declared.outcome.status).toBe('ok');
    expect(plain(declared.outputs[0])).toBe('declared stream trades (file_source)\n');
    const run = await runCell(executor, 'SELECT d.symbol, d.notional FROM (SELECT symbol, price * qty AS notional FROM trades) AS d WHERE d.notional > 80;', { allowStdin: false });
    expect(run.outcome.status).toBe('ok');
    const json = resultJson(run.outputs[run.outputs.length - 1]);
    expect(json).toMatchObject({ status: 'done', bounded: true });
    expect(json.rows).toEqual([['MSFT', '84.00'], ['MSFT', '132.00']]);
  });

  it('GROUP BY TUMBLE and a running SUM(COUNT(*)) OVER run in a cell', async () => {
    const { executor } = newExecutor();
    await runCell(executor, DECLARE);
    const run = await runCell(
      executor,
      `SELECT symbol, COUNT(*) AS n,
              SUM(COUNT(*)) OVER (PARTITION BY symbol ORDER BY _window_start ROWS UNBOUNDED PRECEDING) AS running_n
       FROM trades GROUP BY symbol, TUMBLE(ts, INTERVAL 1 MINUTE);`,
      { allowStdin: false },
    );
    expect(run.outcome.status).toBe('ok');
    const json = resultJson(run.outputs[run.outputs.length - 1]);
    const aapl = json.rows.filter((r) => r[0] === 'AAPL').map((r) => r.slice(1));
    expect(aapl).toEqual([[2, 2], [1, 3], [1, 4]]);
  });

  it('%explain plans a declaration and a Flink-style window; SHOW CREATE shows the declaration', async () => {
    const { executor } = newExecutor();
    const explained = await runCell(executor, `%%explain\n${DECLARE}`);
    expect(plain(explained.outputs[0])).toContain('declare stream');
    await runCell(executor, DECLARE);
    const plan = await runCell(executor, '%explain SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol, TUMBLE(ts, INTERVAL 1 MINUTE);');
    expect(plain(plan.outputs[0])).toContain('window       | {"kind":"tumbling","size_ms":60000}');
    expect(plain(plan.outputs[0])).toContain('sources      | trades (file_source)');
    const shown = await runCell(executor, 'SHOW CREATE STREAM trades;');
    expect(plain(shown.outputs[0])).toBe(`CREATE STREAM trades WITH ('type' = 'file_source', 'path' = '${TRADES}', 'format' = 'csv')\n`);
  });

  it('completion offers the declared source and its columns; paths and derived tables do not break it', async () => {
    const { executor } = newExecutor();
    await runCell(executor, DECLARE);
    expect((await executor.complete('SELECT * FROM tra', 17)).matches).toEqual(['trades']);
    const code = 'SELECT qt FROM (SELECT * FROM trades) AS d CROSS JOIN trades t WHERE t.symbol ~ \'^A\'';
    expect((await executor.complete(code, 9)).matches).toContain('qty');
    const path = 'SELECT customer.profile.em FROM trades';
    expect((await executor.complete(path, 26)).matches).toEqual(expect.any(Array));
  });
});
