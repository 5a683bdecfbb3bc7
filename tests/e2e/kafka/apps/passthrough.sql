-- SQL Application: kafka_passthrough
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
