-- SQL Application: kafka_large_orders
-- Orders of 50 or more, doubled, with the origin header and source partition; keyed by customer.
CREATE STREAM large_orders AS
SELECT id, customer, amount, amount * 2 AS doubled, HEADER('origin') AS origin, _PARTITION AS src_partition
FROM orders
WHERE amount >= 50
EMIT CHANGES
WITH (
  'orders.type' = 'kafka_source',
  'orders.topic' = '${IN_TOPIC}',
  'orders.group.id' = '${GROUP}',
  'large_orders.type' = 'kafka_sink',
  'large_orders.topic' = '${OUT_TOPIC}',
  'large_orders.key.field' = 'customer'
);
