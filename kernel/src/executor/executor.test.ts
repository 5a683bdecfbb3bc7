import { newExecutor, plain, resultJson, runCell } from '../../test/helpers/cell';
import { chartSvg } from '../../test/helpers/display';

const SCHEMA = `%%schema trades
fields:
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 10, max: 20}}}
  - {name: qty, type: integer, constraints: {range: {min: 1, max: 5}}}
`;

describe('executor: static results and errors', () => {
  it('SELECT 1 + 2 AS x gives one execute_result with exactly "1 row\\nx\\n-\\n3"', async () => {
    const { executor } = newExecutor();
    const run = await runCell(executor, 'SELECT 1 + 2 AS x;');
    expect(run.outcome).toEqual({ status: 'ok', payload: [] });
    expect(run.outputs.map((o) => o.type)).toEqual(['execute_result']);
    expect(plain(run.outputs[0])).toBe('1 row\nx\n-\n3');
  });

  it('a syntax error is one error value with a caret excerpt and nothing runs', async () => {
    const { executor } = newExecutor();
    const run = await runCell(executor, "SET a = 1;\nSELECT symbol, AVG(price)\nFORM trades;");
    expect(run.outputs).toEqual([]);
    expect(run.outcome).toMatchObject({ status: 'error', ename: 'SqlSyntaxError' });
    const outcome = run.outcome as { evalue: string; traceback: string[] };
    // FORM reads as an alias of AVG(price); the engine points at it and names the keyword it is one edit from
    expect(outcome.evalue).toMatch(/\(line 3, column 1\)$/);
    expect(outcome.traceback.slice(1, 6)).toEqual(['  1 | SET a = 1;', '  2 | SELECT symbol, AVG(price)', '  3 | FORM trades;', '    | ^^^^', 'hint: did you mean FROM?']);
    expect(outcome.traceback.join('\n')).not.toMatch(/at .*\.js:\d+/);
    // the SET did not run: parameters unchanged
    const set = await runCell(executor, 'SET;');
    expect(plain(set.outputs[0])).toBe('0 rows\nname | type | value\n-----+------+------');
  });

  it('unknown magics list the valid ones and suggest near names', async () => {
    const { executor } = newExecutor();
    const run = await runCell(executor, '%jbos');
    expect(run.outcome).toMatchObject({ status: 'error', ename: 'UnknownMagic' });
    const outcome = run.outcome as { evalue: string; traceback: string[] };
    expect(outcome.evalue).toContain('Line magics: %');
    expect(outcome.evalue).toContain('%jobs');
    expect(outcome.evalue).toContain('cell magics: %%sql');
    expect(outcome.traceback).toContain('hint: did you mean %jobs?');
  });

  it('bad magic options are a MagicError listing the valid options', async () => {
    const { executor } = newExecutor();
    const run = await runCell(executor, '%%sql --fast\nSELECT 1;');
    expect(run.outcome).toMatchObject({ ename: 'MagicError', evalue: expect.stringContaining('unknown option --fast; valid options: --name N, --preview D') });
  });

  it('a source without binding is a validation error with advice', async () => {
    const { executor } = newExecutor();
    const run = await runCell(executor, 'SELECT * FROM nowhere;');
    expect(run.outcome).toMatchObject({ ename: 'SqlValidationError', evalue: "source 'nowhere' has no type and no binding (line 1, column 15)" });
    expect((run.outcome as { traceback: string[] }).traceback).toContain('hint: define it with %%schema nowhere, %generate nowhere, or WITH (\'nowhere.type\' = \'file_source\', …)');
  });
});

describe('executor: parameters', () => {
  it('SET values are substituted textually in later statements and cells', async () => {
    const { executor } = newExecutor();
    await runCell(executor, "SET symbol = 'AAPL';\nSET n = 41;");
    const run = await runCell(executor, "SELECT '${symbol}' AS s, ${n} + 1 AS m;");
    expect(plain(run.outputs[0])).toBe('1 row\ns    |  m\n-----+---\nAAPL | 42');
    const list = await runCell(executor, 'SET');
    expect(plain(list.outputs[0])).toBe('2 rows\nname   | type    | value\n-------+---------+------\nsymbol | STRING  | AAPL\nn      | INTEGER | 41');
  });

  it('an unknown ${X} reaching the tokenizer hints at SET', async () => {
    const { executor } = newExecutor();
    const run = await runCell(executor, 'SELECT ${nope} AS x;');
    expect(run.outcome).toMatchObject({ ename: 'SqlSyntaxError' });
    expect((run.outcome as { traceback: string[] }).traceback).toContain('hint: ${nope} is not a parameter (define it with SET nope = …)');
  });
});

describe('executor: queries on generated and synthetic data', () => {
  it('%generate then a bounded query: one display_data holding the final snapshot (batch, live off)', async () => {
    const { executor } = newExecutor();
    const gen = await runCell(executor, '%generate demo --records 3');
    expect(plain(gen.outputs[1])).toBe('demo: generated 3 records (seed 42)\n');
    const run = await runCell(executor, 'SELECT id, symbol FROM demo;', { allowStdin: false });
    expect(run.outcome.status).toBe('ok');
    expect(run.outputs.map((o) => o.type)).toEqual(['display_data']);
    const json = resultJson(run.outputs[0]);
    expect(json).toMatchObject({ version: 1, status: 'done', mode: 'append', bounded: true, job: null });
    expect(json.rows.map((r) => r[0])).toEqual([1, 2, 3]);
    expect(plain(run.outputs[0]).split('\n')[0]).toMatch(/^done · 3 rows \(append\) · in 3 · out 3 · /);
    expect(run.outputs[0].displayId).toMatch(/^vs-abcdef12-\d+$/);
  });

  it('a GROUP BY on a %%schema source in batch mode runs for the preview, then stops with its final snapshot', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    await runCell(executor, '%config preview=300ms rate=2000');
    const started = Date.now();
    const run = await runCell(executor, 'SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol;', { allowStdin: false });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(run.outcome.status).toBe('ok');
    const last = run.outputs[run.outputs.length - 1];
    const json = resultJson(last);
    expect(json).toMatchObject({ status: 'stopped', mode: 'update', viz: { kind: 'bar', x: 'symbol', y: ['n'] } });
    expect(json.rows.map((r) => r[0]).sort()).toEqual(['AAPL', 'MSFT']);
    expect(chartSvg(last.data!['text/html'] as string)).toContain('<svg');
    expect(run.later).toEqual([]);
  });

  it('interactive + live: updates under one display_id, then a background job keeps updating after the cell returned', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    await runCell(executor, '%config preview=600ms rate=1000 refresh=10');
    const run = await runCell(executor, 'SELECT symbol, price FROM trades;', { cellId: 'cell-1' });
    expect(run.outcome.status).toBe('ok');
    const ids = new Set(run.outputs.map((o) => o.displayId));
    expect(ids.size).toBe(1);
    expect(run.outputs[0].type).toBe('display_data');
    expect(run.outputs.filter((o) => o.type === 'update_display_data').length).toBeGreaterThanOrEqual(2);
    const named = resultJson(run.outputs[run.outputs.length - 1]);
    expect(named).toMatchObject({ status: 'running', job: expect.stringMatching(/^q\d+_1$/) });
    await new Promise((r) => setTimeout(r, 400));
    expect(run.later.length).toBeGreaterThan(0);
    expect(run.later.every((o) => o.displayId === [...ids][0])).toBe(true);
    const jobs = await runCell(executor, '%jobs');
    expect(plain(jobs.outputs[0])).toContain(named.job as string);
    const stop = await runCell(executor, `%stop ${named.job}`);
    expect(plain(stop.outputs[0])).toBe(`stopped ${named.job}\n`);
    expect(resultJson(run.later[run.later.length - 1]).status).toBe('stopped');
  });

  it('interrupt stops a foreground query within 1 s with status stopped and keeps state', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    await runCell(executor, 'SET keep = 7;');
    const started = Date.now();
    const run = await runCell(executor, '%%sql --no-detach\nSELECT * FROM trades;', { interruptAfterMs: 200 });
    expect(Date.now() - started).toBeLessThan(1200);
    expect(run.outcome).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt', evalue: 'query cancelled' });
    expect(resultJson(run.outputs[run.outputs.length - 1]).status).toBe('stopped');
    const after = await runCell(executor, 'SELECT ${keep} AS k;');
    expect(plain(after.outputs[0])).toBe('1 row\nk\n-\n7');
    const sources = await runCell(executor, '%sources');
    expect(plain(sources.outputs[0])).toContain('trades | stream | no      | synthetic |       3');
  });

  it('CSAS registers a stream that a later cell reads', async () => {
    const { executor } = newExecutor();
    await runCell(executor, '%generate demo --records 20');
    const csas = await runCell(executor, 'CREATE STREAM big AS SELECT id, qty FROM demo WHERE qty > 500;', { allowStdin: false });
    expect(csas.outcome.status).toBe('ok');
    const count = resultJson(csas.outputs[csas.outputs.length - 1]).rows.length;
    const read = await runCell(executor, 'SELECT COUNT(*) AS n FROM big;', { allowStdin: false });
    expect(read.outcome.status).toBe('ok');
    expect(resultJson(read.outputs[read.outputs.length - 1])).toMatchObject({ mode: 'single', rows: [[count]], viz: { kind: 'gauge' } });
  });

  it('LIMIT n on an endless source ends the query once n rows are out', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    const started = Date.now();
    const run = await runCell(executor, 'SELECT symbol FROM trades LIMIT 3;', { allowStdin: false });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(resultJson(run.outputs[run.outputs.length - 1])).toMatchObject({ status: 'done', bounded: true });
    expect(resultJson(run.outputs[run.outputs.length - 1]).rows).toHaveLength(3);
  });

  it('--background starts a job at once; re-running or deleting its cell stops it', async () => {
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    const first = await runCell(executor, '%%sql --background --name ticks\nSELECT symbol FROM trades;', { cellId: 'c1' });
    expect(resultJson(first.outputs[first.outputs.length - 1])).toMatchObject({ status: 'running', job: 'ticks' });
    await runCell(executor, '%%sql --background --name ticks\nSELECT symbol FROM trades;', { cellId: 'c1' });
    expect(resultJson(first.later[first.later.length - 1]).status).toBe('stopped');
    const jobs = await runCell(executor, '%jobs', { cellId: 'c2', deletedCells: ['c1'] });
    expect(plain(jobs.outputs[0]).split('\n')[0]).toBe('0 rows');
  });
});
