-- SQL Application: kafka_health
-- ⊕X35: once the run ends, the Kafka source's records, position and lag behind the log end
CREATE STREAM copied AS
SELECT id, amount
FROM orders
EMIT CHANGES
WITH (
  'orders.type' = 'kafka_source',
  'orders.topic' = '${IN_TOPIC}',
  'orders.group.id' = '${GROUP}',
  'copied.type' = 'kafka_sink',
  'copied.topic' = '${OUT_TOPIC}'
);

SHOW STREAM HEALTH orders;
