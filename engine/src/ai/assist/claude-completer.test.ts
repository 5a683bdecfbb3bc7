import { AiError } from '../errors';
import { FAKE_API_KEY, fakeMessagesServer, fakeServerEnv } from '../fake-messages-server';
import type { NlCatalog } from '../nl/catalog';
import { claudeCompleter } from './claude-completer';
import { chooseCompleter, offlineCompleter } from './completer';

const catalog: NlCatalog = {
  sources: [
    { name: 'trades', kind: 'stream', columns: [{ name: 'symbol', type: 'string' }, { name: 'price', type: 'float' }, { name: 'ts', type: 'integer', eventTime: true }] },
    { name: 'sensors', kind: 'stream', columns: [{ name: 'device_id', type: 'string' }] },
  ],
  parameters: { min_price: '100' },
};
const request = { prefix: 'SELECT symbol, AVG(price) FROM trades ', suffix: '' };
const TAIL = "GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL;";

describe('Claude inline completer through the real SDK against a local Messages API', () => {
  test('streams deltas in order without the fence; the prompt holds the named sources, parameters and the cell around the cursor', async () => {
    const server = await fakeMessagesServer([{ text: '```sql\n' + TAIL + '\n```' }]);
    try {
      const chunks: string[] = [];
      const answer = await claudeCompleter({ env: fakeServerEnv(server.url) }).complete(request, { catalog, recentCells: ['SELECT * FROM trades;'] }, { onChunk: (c) => chunks.push(c) });
      expect(answer).toEqual({ insertText: TAIL, engine: 'claude', valid: true });
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.join('')).toBe(TAIL);
      const { headers, body } = server.seen[0];
      expect(headers.authorization).toBe(`Bearer ${FAKE_API_KEY}`);
      expect(body).toMatchObject({ stream: true, model: 'claude-test' });
      const prompt = body.messages[0].content;
      expect(prompt).toContain('stream trades: symbol string, price float, ts integer (event time)');
      expect(prompt).not.toContain('sensors');
      expect(prompt).toContain('- min_price = 100');
      expect(prompt).toContain('## Cell before the cursor\nSELECT symbol, AVG(price) FROM trades \n## Cell after the cursor\n(nothing)');
    } finally {
      await server.close();
    }
  });

  test('an answer that breaks the cell is cut back by the validator', async () => {
    const server = await fakeMessagesServer([{ text: 'GROUP BY symbol EMIT CHANGES; and then some prose' }]);
    try {
      const answer = await claudeCompleter({ env: fakeServerEnv(server.url) }).complete(request, { catalog });
      expect(answer).toEqual({ insertText: 'GROUP BY symbol EMIT CHANGES;', engine: 'claude', valid: true });
    } finally {
      await server.close();
    }
  });

  test('aborting the signal stops the request with a cancelled AiError', async () => {
    const server = await fakeMessagesServer([{ text: TAIL, delayMs: 2000 }]);
    try {
      const controller = new AbortController();
      const pending = claudeCompleter({ env: fakeServerEnv(server.url) }).complete(request, { catalog }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await pending.catch((e) => e);
      expect(error).toBeInstanceOf(AiError);
      expect(error.message).toBe('inline completion: cancelled');
    } finally {
      await server.close();
    }
  });

  test.each([
    [401, 'authentication_error', /inline completion: Claude rejected the API key \(401\)/, 1],
    [429, 'rate_limit_error', /rate limited by the Claude API \(429\)/, 2],
    [500, 'api_error', /Claude API error 500: overloaded/, 2],
  ])('HTTP %d → a readable AiError without the key (maxRetries 1)', async (status, type, message, requests) => {
    const server = await fakeMessagesServer([{ status, type, message: 'overloaded' }]);
    try {
      const error = await claudeCompleter({ env: fakeServerEnv(server.url) })
        .complete(request, { catalog })
        .catch((e) => e);
      expect(error).toBeInstanceOf(AiError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('sk-secret');
      expect(server.seen).toHaveLength(requests);
    } finally {
      await server.close();
    }
  });

  test('Claude answers only with a key and ai not off', () => {
    expect(chooseCompleter({ ai: 'auto', env: {} })).toBe(offlineCompleter);
    expect(chooseCompleter({ ai: 'off', env: { ANTHROPIC_API_KEY: 'k' } })).toBe(offlineCompleter);
    expect(chooseCompleter({ ai: 'auto', env: { ANTHROPIC_API_KEY: 'k' } }).name).toBe('claude');
  });
});
