-- SQL Application: kafka_minute_counts
-- Orders per customer per minute of message time (the Kafka timestamp is the event time).
CREATE TABLE minute_counts AS
SELECT customer PRIMARY KEY, COUNT(*) AS orders, SUM(amount) AS total, _window_start AS window_start
FROM orders
GROUP BY customer
WINDOW TUMBLING(1m)
EMIT FINAL
WITH (
  'orders.type' = 'kafka_source',
  'orders.topic' = '${IN_TOPIC}',
  'orders.group.id' = '${GROUP}',
  'minute_counts.type' = 'kafka_sink',
  'minute_counts.topic' = '${OUT_TOPIC}'
);
