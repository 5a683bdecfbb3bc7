-- SQL Application: avro_notional
-- Trades arrive as Avro (schema file beside the app); totals per symbol leave as Avro.
CREATE TABLE notional_by_symbol AS
SELECT symbol PRIMARY KEY, COUNT(*) AS trades, SUM(quantity) AS total_quantity, SUM(price * quantity) AS notional
FROM trades
GROUP BY symbol
EMIT CHANGES
WITH (
  'trades.type' = 'kafka_source',
  'trades.topic' = 'avro_trades',
  'trades.format' = 'avro',
  'trades.schema.file' = 'trade.avsc',
  'notional_by_symbol.type' = 'kafka_sink',
  'notional_by_symbol.topic' = 'avro_notional_by_symbol',
  'notional_by_symbol.format' = 'avro',
  'notional_by_symbol.schema.file' = 'notional.avsc'
);
