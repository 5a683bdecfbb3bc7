import { parse } from '../sql/parse';
import { partitioningWarnings } from './partitioning';

const warnings = (sql: string) => partitioningWarnings(parse(sql).statements);
const kafka = (extra = '') => `WITH ('clicks.type' = 'kafka_source', 'clicks.topic' = 'clicks'${extra}, 'out.type' = 'kafka_sink', 'out.topic' = 'out')`;

describe('scale-out partitioning warnings (deploy spec §3)', () => {
  test('a windowed GROUP BY over a topic keyed by another field: warned at the source, with the key found and the one needed', () => {
    const [w, ...more] = warnings(`CREATE TABLE out AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id WINDOW TUMBLING(10s) ${kafka(", 'clicks.key.field' = 'session_id'")};`);
    expect(more).toEqual([]);
    expect(w).toMatchObject({ severity: 'warning', code: 'VW560', line: 1, column: 56, token: 'clicks' });
    expect(w.message).toBe("source 'clicks' is keyed by 'session_id', but the job keeps state by 'user_id': runners sharing its partitions would each hold part of a group");
    expect(w.hint).toBe("partition the topic by user_id (the message key) and set 'clicks.key.field' = 'user_id'");
  });

  test('no declared key is reported as such; a key among the GROUP BY columns, a stateless job and a file source are fine', () => {
    expect(warnings(`CREATE TABLE out AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id ${kafka()};`).map((w) => w.message)).toEqual([
      "source 'clicks' declares no key field ('clicks.key.field'), but the job keeps state by 'user_id': runners sharing its partitions would each hold part of a group",
    ]);
    expect(warnings(`CREATE TABLE out AS SELECT region, user_id, COUNT(*) AS n FROM clicks GROUP BY region, user_id ${kafka(", 'clicks.key.field' = 'user_id'")};`)).toEqual([]);
    expect(warnings(`CREATE STREAM out AS SELECT * FROM clicks WHERE n > 1 ${kafka()};`)).toEqual([]);
    expect(warnings(`CREATE TABLE out AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id WITH ('clicks.type' = 'file_source', 'clicks.path' = 'c.csv');`)).toEqual([]);
  });

  test('each Kafka side of a join must be keyed by its join column', () => {
    const sql = `CREATE STREAM out AS SELECT c.user_id, o.total FROM clicks c JOIN orders o ON c.user_id = o.customer_id WITHIN 1m
      WITH ('clicks.type' = 'kafka_source', 'clicks.topic' = 'c', 'clicks.key.field' = 'user_id', 'orders.type' = 'kafka_source', 'orders.topic' = 'o', 'orders.key.field' = 'order_id');`;
    expect(warnings(sql).map((w) => w.message)).toEqual(["source 'orders' is keyed by 'order_id', but the job keeps state by 'customer_id': runners sharing its partitions would each hold part of a group"]);
  });
});
