-- SQL Application: protobuf_big_trades
-- Trades arrive as Protobuf (trade.proto beside the app); large ones leave as Protobuf BigTrade.
CREATE STREAM big_trades AS
SELECT id, symbol, price * quantity AS notional
FROM trades
WHERE quantity >= 50
EMIT CHANGES
WITH (
  'trades.type' = 'kafka_source',
  'trades.topic' = 'proto_trades',
  'trades.format' = 'protobuf',
  'trades.schema.file' = 'trade.proto',
  'trades.protobuf.message' = 'velostream.e2e.Trade',
  'big_trades.type' = 'kafka_sink',
  'big_trades.topic' = 'proto_big_trades',
  'big_trades.format' = 'protobuf',
  'big_trades.schema.file' = 'trade.proto',
  'big_trades.protobuf.message' = 'velostream.e2e.BigTrade'
);
