import type { NlCatalog } from './catalog';
import { offlineResult } from './nl-to-sql';

// A schema unlike the conformance ones: names, synonyms and values come from the catalog.
const catalog: NlCatalog = {
  sources: [
    {
      name: 'card_payments',
      kind: 'stream',
      columns: [
        { name: 'payment_id', type: 'string' },
        { name: 'card_id', type: 'string' },
        { name: 'merchant_id', type: 'integer' },
        { name: 'channel', type: 'string', values: ['online', 'in_store', 'phone'] },
        { name: 'amount', type: 'decimal' },
        { name: 'qty', type: 'integer' },
        { name: 'unit_price', type: 'float' },
        { name: 'created_ts', type: 'integer', eventTime: true },
      ],
    },
    {
      name: 'merchants',
      kind: 'table',
      columns: [
        { name: 'merchant_id', type: 'integer' },
        { name: 'country', type: 'string', values: ['DE', 'FR'] },
        { name: 'risk_band', type: 'string', values: ['low', 'high'] },
      ],
    },
  ],
};

const sql = (request: string) => offlineResult(request, catalog);

describe('offline NL → SQL over any catalog', () => {
  test.each([
    ['average amount per channel', 'SELECT channel, AVG(amount) AS avg_amount FROM card_payments GROUP BY channel EMIT CHANGES;'],
    ['number of payments per card every 5 minutes', "SELECT card_id, COUNT(*) AS payment_count FROM card_payments GROUP BY card_id WINDOW TUMBLING(created_ts, INTERVAL '5' MINUTE) EMIT FINAL;"],
    ['hourly total amount for each merchant', "SELECT merchant_id, SUM(amount) AS total_amount FROM card_payments GROUP BY merchant_id WINDOW TUMBLING(created_ts, INTERVAL '1' HOUR) EMIT FINAL;"],
    ['payments per card per 30 seconds', "SELECT card_id, COUNT(*) AS payment_count FROM card_payments GROUP BY card_id WINDOW TUMBLING(created_ts, INTERVAL '30' SECOND) EMIT FINAL;"],
    ['online payments with amount between 100 and 200', "SELECT * FROM card_payments WHERE amount BETWEEN 100 AND 200 AND channel = 'online';"],
    ['payments with qty at least 3', 'SELECT * FROM card_payments WHERE qty >= 3;'],
    ['online or phone payments', "SELECT * FROM card_payments WHERE channel IN ('online', 'phone');"],
    ['cards with more than 5 payments per minute', "SELECT card_id, COUNT(*) AS payment_count FROM card_payments GROUP BY card_id WINDOW TUMBLING(created_ts, INTERVAL '1' MINUTE) HAVING COUNT(*) > 5 EMIT FINAL;"],
    ['channels whose average amount is above 50', 'SELECT channel, AVG(amount) AS avg_amount FROM card_payments GROUP BY channel HAVING AVG(amount) > 50 EMIT CHANGES;'],
    ['payment sessions per card with a 2 minute inactivity gap', "SELECT card_id, COUNT(*) AS payment_count FROM card_payments GROUP BY card_id WINDOW SESSION(created_ts, INTERVAL '2' MINUTE) EMIT FINAL;"],
    ['moving average of amount over the last 20 payments per card', 'SELECT card_id, amount, AVG(amount) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY card_id ORDER BY created_ts) AS moving_avg_amount FROM card_payments;'],
    ['total amount by country', 'SELECT m.country, SUM(c.amount) AS total_amount FROM card_payments c JOIN merchants m ON c.merchant_id = m.merchant_id GROUP BY m.country EMIT CHANGES;'],
    ['volume weighted average price per channel', 'SELECT channel, SUM(unit_price * qty) / SUM(qty) AS vwap FROM card_payments GROUP BY channel EMIT CHANGES;'],
    ['distinct cards per channel', 'SELECT channel, COUNT(DISTINCT card_id) AS distinct_card_id FROM card_payments GROUP BY channel EMIT CHANGES;'],
  ])('%s', (request, expected) => {
    const result = sql(request);
    expect(result.sql).toBe(expected);
    expect(result.valid).toBe(true);
    expect(result.unmapped).toEqual([]);
  });

  test('"volume" maps to a quantity column by synonym when there is no volume column', () => {
    expect(sql('total volume per channel').sql).toBe('SELECT channel, SUM(qty) AS total_qty FROM card_payments GROUP BY channel EMIT CHANGES;');
  });

  test('a rolling VWAP is a ratio of two rolling sums', () => {
    const result = sql('rolling vwap over the last 10 payments per card');
    expect(result.sql).toBe('SELECT card_id, unit_price, SUM(unit_price * qty) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY card_id ORDER BY created_ts) / SUM(qty) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY card_id ORDER BY created_ts) AS vwap FROM card_payments;');
    expect(result.valid).toBe(true);
  });

  test('the explanation quotes the words behind each part', () => {
    const { explanation } = sql('maximum amount per channel every 10 minutes');
    expect(explanation).toContain('- tumbling window of 10 minutes (“every 10 minutes”)');
    expect(explanation).toContain('- measure: MAX(amount) (“maximum amount”)');
    expect(explanation).toContain('- group by channel (“channel”)');
  });

  test('words it cannot map are listed, not guessed', () => {
    const result = sql('average amount per channel for left-handed customers');
    expect(result.sql).toBe('SELECT channel, AVG(amount) AS avg_amount FROM card_payments GROUP BY channel EMIT CHANGES;');
    expect(result.explanation).toMatch(/could not map: “left”, “handed”, “customers”/);
  });

  test('an aggregate word without a numeric column gives no SQL and says why', () => {
    const result = sql('average wobble per channel');
    expect(result).toMatchObject({ sql: '', valid: false });
    expect(result.explanation).toContain('no numeric column for “average”');
  });

  test('top N within windows sorts each window and states the dialect limit', () => {
    const result = sql('top 3 cards by total amount every minute');
    expect(result.sql).toBe("SELECT card_id, SUM(amount) AS total_amount FROM card_payments GROUP BY card_id WINDOW TUMBLING(created_ts, INTERVAL '1' MINUTE) ORDER BY total_amount DESC EMIT FINAL;");
    expect(result.explanation).toContain('keeping only the first 3 is not expressible');
  });
});
