/**
 * Issue 9 in a notebook: the documentation's forms run in %%sql cells, %explain plans them and
 * completion keeps working on them. Data: engine/test/fixtures/extensions/trades.csv.
 */
import * as path from 'path';
import { newExecutor, plain, resultJson, runCell } from '../../test/helpers/cell';

const TRADES = path.resolve(__dirname, '../../../engine/test/fixtures/extensions/trades.csv');
const DECLARE = `CREATE STREAM trades (symbol STRING, price DECIMAL(10, 2), qty INTEGER, ts TIMESTAMP)
WITH (type = 'file_source', path = '${TRADES}', format = 'csv');`;

const SCHEMA = `%%schema ticks_src
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT]}}}
  - {name: qty, type: integer, constraints: {range: {min: 1, max: 5}}}
`;

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
    expect(plain(shown.outputs[0])).toBe(`${DECLARE.replace(/;$/, '')}\n`);
    const described = await runCell(executor, 'DESCRIBE STREAM trades;');
    expect(plain(described.outputs[0])).toContain('trades: stream, boundedness unknown, binding');
  });

  it('SHOW STREAM HEALTH lists the sources of the notebook\'s jobs: records, position, state; with a name, one source', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    await runCell(executor, '%%sql --background --name ticks\nSELECT symbol, qty FROM ticks_src;');
    const cells = (text: string) => text.split('\n').map((line) => line.split('|').map((c) => c.trim()));
    try {
      let rows: string[][] = [];
      for (let i = 0; i < 100 && !rows.some((r) => r[3] === 'reading'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        rows = cells(plain((await runCell(executor, 'SHOW STREAM HEALTH;')).outputs[0]));
      }
      expect(rows[1]).toEqual(['statement', 'source', 'connector', 'state', 'records', 'position', 'lag', 'last_event_time', 'watermark']);
      const [statement, source, connector, state, records, position] = rows.find((r) => r[3] === 'reading')!;
      expect([statement, source, connector, state]).toEqual(['ticks', 'ticks_src', 'host data', 'reading']);
      expect(Number(records)).toBeGreaterThan(0);
      expect(Number(position)).toBeGreaterThan(0);
    } finally {
      await runCell(executor, 'STOP JOB ticks;');
    }
    const stopped = cells(plain((await runCell(executor, 'SHOW STREAM HEALTH ticks_src;')).outputs[0]));
    expect(stopped[3].slice(0, 4)).toEqual(['ticks', 'ticks_src', 'host data', 'stopped']);
    const explained = await runCell(executor, '%explain SHOW STREAM HEALTH ticks_src;');
    expect(plain(explained.outputs[0])).toContain("from      | the notebook's catalog and jobs");
    const unknown = await runCell(executor, 'SHOW STREAM HEALTH nothing_here;');
    expect(unknown.outcome).toMatchObject({ status: 'error', evalue: expect.stringContaining('no running or finished statement reads or writes nothing_here') });
  });

  it('STRING_AGG … ORDER BY and OVER (w ORDER BY …) run in a cell, %explain shows them, completion works inside them', async () => {
    const { executor } = newExecutor();
    await runCell(executor, DECLARE);
    const sql = `SELECT symbol, qty, SUM(qty) OVER (w ORDER BY ts ROWS 1 PRECEDING) AS last_two FROM trades WINDOW w AS (PARTITION BY symbol);`;
    const run = await runCell(executor, sql, { allowStdin: false });
    expect(run.outcome.status).toBe('ok');
    expect(resultJson(run.outputs[run.outputs.length - 1]).rows.filter((r) => r[0] === 'AAPL').map((r) => r[2])).toEqual([5, 7, 6, 5]);
    const agg = await runCell(executor, "SELECT symbol, STRING_AGG(qty, ',' ORDER BY qty DESC) AS q FROM trades GROUP BY symbol EMIT FINAL;", { allowStdin: false });
    expect(resultJson(agg.outputs[agg.outputs.length - 1]).rows).toEqual([['AAPL', '5,4,2,1'], ['MSFT', '6,4,3']]);
    const plan = await runCell(executor, "%explain SELECT symbol, STRING_AGG(qty, ',' ORDER BY qty DESC) AS q FROM trades GROUP BY symbol;");
    expect(JSON.stringify(plan.outputs[0].data)).toContain("STRING_AGG(',', qty ORDER BY qty DESC)");
    const partial = 'SELECT SUM(qty) OVER (w ORDER BY t';
    expect((await executor.complete(`${partial}) FROM trades WINDOW w AS (PARTITION BY symbol)`, partial.length)).matches).toContain('ts');
    const inAgg = "SELECT STRING_AGG(symbol, ',' ORDER BY q";
    expect((await executor.complete(`${inAgg}) FROM trades`, inAgg.length)).matches).toEqual(['qty']);
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
