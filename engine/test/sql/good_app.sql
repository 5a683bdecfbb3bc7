-- SQL Application: fixture_app
-- @app: fixture_app
CREATE STREAM big AS
SELECT symbol, price * qty AS notional FROM trades WHERE qty > 0
EMIT CHANGES
WITH ('trades.type' = 'file_source', 'big.type' = 'file_sink');

SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(1m)
