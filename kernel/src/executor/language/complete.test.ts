import { newExecutor, runCell } from '../../../test/helpers/cell';

async function kernelWithTrades() {
  const { executor } = newExecutor();
  await runCell(executor, '%%schema trades\nfields:\n  - {name: symbol, type: string}\n  - {name: price, type: float}\n');
  await runCell(executor, 'SET sym = 1;');
  return executor;
}

const at = (code: string) => code.length;

describe('completion (§5.1)', () => {
  it('SEL in an empty kernel gives exactly SELECT; lower-case prefixes insert lower case', async () => {
    const { executor } = newExecutor();
    expect((await executor.complete('SEL', 3)).matches).toEqual(['SELECT']);
    expect((await executor.complete('sel', 3)).matches).toEqual(['select']);
  });

  it('magics: %% on the first line gives cell magics, % at a line start gives line magics', async () => {
    const { executor } = newExecutor();
    expect((await executor.complete('%%te', 4)).matches).toEqual(['%%test']);
    const result = await executor.complete('SELECT 1;\n%jo', at('SELECT 1;\n%jo'));
    expect(result).toMatchObject({ matches: ['%jobs'], cursorStart: 10, cursorEnd: 13 });
    expect(result.items).toEqual([{ start: 10, end: 13, text: '%jobs', type: 'magic' }]);
  });

  it('sources after FROM, columns of the statement sources, alias-aware', async () => {
    const executor = await kernelWithTrades();
    expect((await executor.complete('SELECT * FROM tr', 16)).items).toEqual([{ start: 14, end: 16, text: 'trades', type: 'table' }]);
    const code = 'SELECT pr FROM trades';
    const columns = await executor.complete(code, 9);
    expect(columns.matches[0]).toBe('price');
    expect(columns.items![0]).toEqual({ start: 7, end: 9, text: 'price', type: 'column', signature: 'FLOAT (trades)' });
    expect((await executor.complete('SELECT t.s FROM trades t', 10)).matches).toEqual(['symbol']);
  });

  it('functions carry their signature; columns come before functions and keywords', async () => {
    const executor = await kernelWithTrades();
    const result = await executor.complete('SELECT AV FROM trades', 9);
    const avg = result.items!.find((i) => i.text === 'AVG');
    expect(avg).toMatchObject({ type: 'function', signature: expect.stringMatching(/^AVG\(.*\) → FLOAT$/) });
    const ordered = (await executor.complete('SELECT s FROM trades', 8)).items!.map((i) => i.type);
    expect(ordered.indexOf('column')).toBeLessThan(ordered.indexOf('function'));
    expect(ordered.lastIndexOf('function')).toBeLessThan(ordered.indexOf('keyword'));
  });

  it('after EMIT and WINDOW only their words; ${ gives parameters; magic options and names', async () => {
    const executor = await kernelWithTrades();
    expect((await executor.complete('SELECT 1 FROM trades EMIT ', 26)).matches).toEqual(['CHANGES', 'FINAL']);
    expect((await executor.complete('SELECT ${s', 10)).matches).toEqual(['sym']);
    expect((await executor.complete('%describe tr', 12)).matches).toEqual(['trades']);
    expect((await executor.complete('%%sql --li', 10)).items).toEqual([{ start: 6, end: 10, text: '--limit', type: 'property', signature: '--limit N' }]);
    expect((await executor.complete('%config ro', 10)).matches).toEqual(['rows=']);
  });

  it("WITH keys for the statement's sources and connector types after .type =", async () => {
    const executor = await kernelWithTrades();
    const keys = await executor.complete("SELECT * FROM t WITH ('t.ty", 27);
    expect(keys.matches).toEqual(["'t.type'"]);
    const types = await executor.complete("SELECT * FROM t WITH ('t.type' = 'file", 38);
    expect(types.matches).toEqual(["'file_source'", "'file_sink'"]);
  });
});

describe('inspection (§5.2)', () => {
  it('functions: signature and doc in text/plain and text/markdown', async () => {
    const { executor } = newExecutor();
    const result = await executor.inspect('SELECT COUNT', 12, 0);
    expect(result.found).toBe(true);
    expect(result.data['text/plain']).toMatch(/^COUNT\(.*\) — aggregate function/);
    expect(result.data['text/markdown']).toContain('**COUNT(');
  });

  it('sources: binding and columns; detail 1 adds sample rows; columns: type and source', async () => {
    const executor = await kernelWithTrades();
    const source = await executor.inspect('SELECT * FROM trades', 20, 0);
    expect(source.data['text/plain']).toBe('trades: stream, unbounded, binding synthetic\n\nsymbol  STRING NOT NULL\nprice  FLOAT NOT NULL');
    const detailed = await executor.inspect('SELECT * FROM trades', 20, 1);
    expect((detailed.data['text/plain'] as string).split('\n').slice(-8, -7)).toEqual(['sample']);
    const column = await executor.inspect('SELECT price FROM trades', 10, 0);
    expect(column.data['text/plain']).toBe('price: FLOAT (column of trades)');
  });

  it('magics and keywords show usage; nothing found is found: false with empty data', async () => {
    const { executor } = newExecutor();
    expect((await executor.inspect('%%sql', 5, 0)).data['text/plain']).toMatch(/^%%sql \[--name N\]/);
    expect((await executor.inspect('SELECT 1 FROM t WINDOW', 22, 0)).data['text/plain']).toContain('TUMBLING');
    expect(await executor.inspect('SELECT zzz', 10, 0)).toEqual({ found: false, data: {} });
  });
});
