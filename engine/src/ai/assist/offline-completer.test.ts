import type { NlCatalog } from '../nl/catalog';
import { offlineCompleter } from './completer';
import { cellErrors, cleanModelText, fitInsertion } from './insertion';
import { offlineComplete } from './offline-completer';

const catalog: NlCatalog = {
  sources: [
    {
      name: 'trades',
      kind: 'stream',
      columns: [
        { name: 'symbol', type: 'string', values: ['AAPL', 'MSFT'] },
        { name: 'price', type: 'float', range: { min: 1, max: 500 } },
        { name: 'ts', type: 'integer', eventTime: true },
      ],
    },
    { name: 'sensors', kind: 'stream', columns: [{ name: 'device_id', type: 'string' }, { name: 'temperature', type: 'float' }, { name: 'ts', type: 'integer', eventTime: true }] },
    { name: 'products', kind: 'table', columns: [{ name: 'symbol', type: 'string' }, { name: 'sector', type: 'string' }] },
  ],
  parameters: { min_price: '100' },
};
const at = (cell: string) => {
  const [prefix, suffix = ''] = cell.split('▮');
  return offlineComplete(prefix, suffix, catalog);
};

describe('offline inline completer', () => {
  test('an aggregating select list gets the whole GROUP BY … WINDOW … EMIT tail, and the cell validates', () => {
    expect(at('SELECT symbol, AVG(price) FROM trades ▮')).toEqual({ text: "GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL;", valid: true });
  });

  test('names come from the catalog: sources after FROM, the source whose columns the select list reads', () => {
    expect(at('SELECT * FROM sen▮').text).toBe('sors;');
    expect(at('SELECT device_id, temperature FROM ▮').text).toBe('sensors;');
    expect(at('SELECT dev▮').text).toBe('ice_id FROM sensors;');
  });

  test('function calls come with their argument shape', () => {
    expect(at('SELECT symbol, COU▮').text).toBe("NT(*) FROM trades GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL;");
    expect(at('SELECT symbol, AVG(▮').text).toMatch(/^price\) FROM trades GROUP BY symbol/);
  });

  test('conditions use declared values and the notebook parameters', () => {
    expect(at("SELECT * FROM trades WHERE symbol = ▮").text).toBe("'AAPL';");
    expect(at('SELECT * FROM trades WHERE price > ▮').text).toBe('${min_price};');
  });

  test('joins get the table and the shared key; keywords follow the cell’s case and layout', () => {
    expect(at('SELECT * FROM trades t JOIN ▮').text).toBe('products p ON t.symbol = p.symbol;');
    expect(at('select symbol, count(*) from trades ▮').text).toBe("group by symbol window tumbling(ts, INTERVAL '1' MINUTE) emit final;");
    expect(at('SELECT symbol, AVG(price)\nFROM trades\n▮').text).toBe("GROUP BY symbol\nWINDOW TUMBLING(ts, INTERVAL '1' MINUTE)\nEMIT FINAL;");
  });

  test('only the statement at the cursor is completed; text after the cursor is respected', () => {
    expect(at('SELECT 1;\nSELECT * FROM tra▮').text).toBe('des;');
    expect(at('SELECT sym▮ FROM trades;')).toEqual({ text: 'bol', valid: true });
  });

  test('a cell it cannot make valid gets no worse: nothing is suggested inside a %%schema cell or after an error', () => {
    expect(at('%%schema trades\nfields:▮').text).toBe('');
    const broken = at('SELECT nope FROM trades WHERE ▮');
    expect(cellErrors(`SELECT nope FROM trades WHERE ${broken.text}`, catalog)).toBeLessThanOrEqual(cellErrors('SELECT nope FROM trades WHERE ', catalog));
  });

  test('a suggestion that breaks the cell is cut to its longest prefix that keeps the cell no worse', () => {
    expect(fitInsertion('SELECT symbol FROM trades ', 'WHERE price > 3 GARBAGE here', '', catalog)).toEqual({ text: 'WHERE price > 3', valid: true });
    expect(fitInsertion('SELECT symbol FROM trades;', ' )))', '', catalog).text).toBe('');
  });

  test('model text loses fences, an echoed prefix and lines beyond 20', () => {
    expect(cleanModelText('```sql\nSELECT * FROM trades;\n```', 'SELECT * ')).toBe('FROM trades;');
    expect(cleanModelText(Array.from({ length: 30 }, (_, i) => `-- ${i}`).join('\n'), '').split('\n')).toHaveLength(20);
  });

  test('the completer streams its text in order as chunks that add up to the result', async () => {
    const chunks: string[] = [];
    const answer = await offlineCompleter.complete({ prefix: 'SELECT symbol, AVG(price) FROM trades ', suffix: '' }, { catalog }, { onChunk: (c) => chunks.push(c) });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(answer.insertText);
    expect(answer).toMatchObject({ engine: 'offline', valid: true });
  });
});
