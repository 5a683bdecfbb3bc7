/**
 * DuckDB side (`@duckdb/node-api`, `SET threads=1`): the same data, either loaded into tables
 * beforehand (in-memory path) or read by views over read_csv with declared column types (CSV path).
 * A run materialises the whole result into a temp table, so every output row is computed, and
 * nothing is converted to JS objects inside the timed region.
 */
'use strict';
const { DuckDBInstance } = require('@duckdb/node-api');
const { INPUTS } = require('./inputs');

function readCsv(name, file) {
  const { delimiter, columns } = INPUTS[name];
  const types = columns.map((c) => `'${c.name}': '${c.duckdb}'`).join(', ');
  return `read_csv('${file}', header = true, delim = '${delimiter}', columns = {${types}})`;
}

class Duck {
  /** @param {'memory'|'csv'} path */
  static async open(names, files, path) {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run('SET threads = 1');
    for (const name of names) {
      const kind = path === 'memory' ? 'TABLE' : 'VIEW';
      await connection.run(`CREATE ${kind} ${name} AS SELECT * FROM ${readCsv(name, files[name])}`);
    }
    return new Duck(connection);
  }

  constructor(connection) {
    this.connection = connection;
  }

  /** Runs `sql` into the temp table `result`; resolves with its row count. */
  async run(sql) {
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE result AS ${sql}`);
    const count = await this.connection.runAndReadAll('SELECT count(*) FROM result');
    return Number(count.getRowsJS()[0][0]);
  }

  /** The last result as objects of text: DECIMAL and BIGINT exact, DOUBLE as its JS number. */
  async resultRows() {
    const reader = await this.connection.runAndReadAll('SELECT * FROM result');
    return reader.getRowObjectsJson();
  }
}

module.exports = { Duck };
