/**
 * The three inputs as both engines see them: file, delimiter, and column types — ours (what §12.3
 * inference gives for the generated text, declared for injected batches) and DuckDB's (declared
 * to read_csv, so decimals stay DECIMAL and nothing is sniffed).
 */
'use strict';

/** @type {Record<string, {delimiter: string, columns: {name: string, ours: string, duckdb: string}[]}>} */
const INPUTS = {
  trades: {
    delimiter: ',',
    columns: [
      { name: 'ts', ours: 'integer', duckdb: 'BIGINT' },
      { name: 'symbol', ours: 'string', duckdb: 'VARCHAR' },
      { name: 'account', ours: 'integer', duckdb: 'BIGINT' },
      { name: 'client', ours: 'integer', duckdb: 'INTEGER' },
      { name: 'price', ours: 'decimal', duckdb: 'DECIMAL(10,2)' },
      { name: 'qty', ours: 'decimal', duckdb: 'DECIMAL(10,3)' },
    ],
  },
  symbols: {
    delimiter: ',',
    columns: [
      { name: 'symbol', ours: 'string', duckdb: 'VARCHAR' },
      { name: 'sector', ours: 'string', duckdb: 'VARCHAR' },
      { name: 'lot_size', ours: 'integer', duckdb: 'INTEGER' },
    ],
  },
  measurements: {
    delimiter: ';',
    columns: [
      { name: 'station', ours: 'string', duckdb: 'VARCHAR' },
      { name: 'temp', ours: 'decimal', duckdb: 'DECIMAL(4,1)' },
    ],
  },
};

/** The inputs a workload reads: its stream, then its lookup tables. */
const inputsOf = (workload) => [workload.input, ...(workload.tables ?? [])];

module.exports = { INPUTS, inputsOf };
