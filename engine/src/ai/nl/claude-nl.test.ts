import { AiError } from '../errors';
import { FAKE_API_KEY, fakeMessagesServer, fakeServerEnv } from '../fake-messages-server';
import type { NlCatalog } from './catalog';
import { claudeEngine, splitAnswer } from './claude-nl';

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
  ],
  parameters: { min_price: '100' },
};
const GOOD = 'Here you go:\n```sql\nSELECT symbol, AVG(price) AS avg_price FROM trades GROUP BY symbol EMIT CHANGES;\n```\nAverages price per symbol.';

describe('Claude NL→SQL through the real SDK against a local Messages API', () => {
  test('one streamed request with the catalog, parameters and recent cells; valid SQL comes back with its explanation', async () => {
    const server = await fakeMessagesServer([{ text: GOOD }]);
    try {
      const result = await claudeEngine({ env: fakeServerEnv(server.url) }).toSql('average price per symbol', { catalog, recentCells: ['SELECT * FROM trades;'] });
      expect(result).toMatchObject({ engine: 'claude', valid: true, sql: 'SELECT symbol, AVG(price) AS avg_price FROM trades GROUP BY symbol EMIT CHANGES;' });
      expect(result.explanation).toContain('Averages price per symbol.');
      expect(server.seen).toHaveLength(1);
      const { path, headers, body } = server.seen[0];
      expect(path).toBe('/v1/messages');
      expect(headers.authorization).toBe(`Bearer ${FAKE_API_KEY}`);
      expect(body.stream).toBe(true);
      expect(body.model).toBe('claude-test');
      expect(body.system).toContain('EMIT CHANGES');
      const prompt = body.messages[0].content;
      expect(prompt).toContain("stream trades: symbol string (values 'AAPL', 'MSFT'), price float (1..500), ts integer (event time)");
      expect(prompt).toContain('- min_price = 100');
      expect(prompt).toContain('SELECT * FROM trades;');
      expect(prompt).toMatch(/## Request\naverage price per symbol$/);
    } finally {
      await server.close();
    }
  });

  test('invalid SQL gets one repair round carrying the validator error; the repaired SQL is returned', async () => {
    const server = await fakeMessagesServer([{ text: '```sql\nSELECT sym, AVG(price) FROM trades GROUP BY sym EMIT CHANGES;\n```' }, { text: GOOD }]);
    try {
      const result = await claudeEngine({ env: fakeServerEnv(server.url) }).toSql('average price per symbol', { catalog });
      expect(result.valid).toBe(true);
      expect(server.seen).toHaveLength(2);
      const repair = server.seen[1].body.messages;
      expect(repair.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      expect(repair[1].content).toContain('GROUP BY sym');
      expect(repair[2].content).toMatch(/does not validate:\n- line 1, column \d+: .*sym/);
    } finally {
      await server.close();
    }
  });

  test('still invalid after the repair round → AiError with the SQL and the error', async () => {
    const bad = '```sql\nSELECT nope FROM trades;\n```';
    const server = await fakeMessagesServer([{ text: bad }, { text: bad }]);
    try {
      const error = await claudeEngine({ env: fakeServerEnv(server.url) })
        .toSql('something', { catalog })
        .catch((e) => e);
      expect(error).toBeInstanceOf(AiError);
      expect(error.message).toMatch(/still invalid after one repair round: .*nope/);
      expect(error.sql).toBe('SELECT nope FROM trades;');
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  test.each([
    [401, 'authentication_error', /Claude rejected the API key \(401\)/],
    [429, 'rate_limit_error', /rate limited by the Claude API \(429\)/],
    [404, 'not_found_error', /model not found \(404\)/],
    [400, 'invalid_request_error', /Claude API error 400: bad thing/],
  ])('HTTP %d → a readable AiError without the key', async (status, type, message) => {
    const server = await fakeMessagesServer([{ status, type, message: 'bad thing' }]);
    try {
      const error = await claudeEngine({ env: { ...fakeServerEnv(server.url) } })
        .toSql('x', { catalog })
        .catch((e) => e);
      expect(error).toBeInstanceOf(AiError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('sk-secret');
    } finally {
      await server.close();
    }
  });

  test('an unreachable server is a connection AiError', async () => {
    const server = await fakeMessagesServer([{ text: GOOD }]);
    await server.close();
    const error = await claudeEngine({ env: fakeServerEnv(server.url) })
      .toSql('x', { catalog })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AiError);
    expect(error.message).toMatch(/cannot reach the Claude API/);
  });

  test('code fences are stripped; prose around them is the explanation', () => {
    expect(splitAnswer('Sure.\n```SQL\nSELECT 1;\n```\nDone.')).toEqual({ sql: 'SELECT 1;', explanation: 'Sure.\n\nDone.' });
    expect(splitAnswer('SELECT 2;')).toEqual({ sql: 'SELECT 2;', explanation: '' });
  });
});
