/**
 * Our side: runs a workload's SQL through the public API (`startQuery` + `Catalog`) either over
 * the CSV files (file_source connector: read, decode, infer, query) or over batches decoded
 * beforehand and injected by name (query processing only).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const E = require(path.join(__dirname, '..', '..', 'dist', 'index.js'));
const { INPUTS } = require('./inputs');

const READ_CHUNK_BYTES = 1 << 20;

/** The WITH clause that points each input name at its CSV file. */
function fileSources(names, files) {
  const properties = names.flatMap((name) => [
    `'${name}.type' = 'file_source'`,
    `'${name}.path' = '${files[name]}'`,
    `'${name}.format' = 'csv'`,
    ...(INPUTS[name].delimiter === ',' ? [] : [`'${name}.delimiter' = '${INPUTS[name].delimiter}'`]),
  ]);
  return `WITH (${properties.join(', ')})`;
}

/**
 * Decodes a CSV file with the engine's own decoder (the same typing the file source applies)
 * into batches of the connector's batch size, records shaped as the file source makes them,
 * each with its typed columns attached (`withColumns`), as DuckDB's loaded table has its own.
 */
function decodeFile(file, delimiter) {
  const decoder = new E.CsvDecoder({ delimiter }, (problem) => {
    throw new Error(`${file}:${problem.line}: ${problem.message}`);
  });
  const rows = [];
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  const text = new (require('string_decoder').StringDecoder)('utf8');
  try {
    for (let n; (n = fs.readSync(fd, buffer, 0, READ_CHUNK_BYTES, null)) > 0; ) decoder.push(text.write(buffer.subarray(0, n)), rows);
    decoder.push(text.end(), rows);
    decoder.end(rows);
  } finally {
    fs.closeSync(fd);
  }
  const now = Date.now();
  const batches = [];
  const dictionaries = new Map(); // one per string column, shared by all batches
  for (let start = 0; start < rows.length; start += E.DEFAULT_BATCH_SIZE) {
    const batch = rows.slice(start, start + E.DEFAULT_BATCH_SIZE).map((fields, i) => ({
      fields,
      timestamp: now,
      eventTime: null,
      offset: start + i,
      partition: 0,
      key: null,
      headers: null,
    }));
    batches.push(E.withColumns(batch, dictionaries));
    rows.fill(null, start, start + batch.length); // let the row array go as the batches fill up
  }
  return batches;
}

const planColumns = (name) => INPUTS[name].columns.map((c) => ({ name: c.name, type: c.ours }));

/**
 * Injected sources for the in-memory path: the stream as a bounded iterable of its batches (so
 * `atEnd` runs (and is awaited) once the last batch was pushed through the pipeline), tables as arrays.
 */
function injectedSources(workload, batchesByName, atEnd = () => {}) {
  const sources = {};
  for (const [name, batches] of Object.entries(batchesByName)) {
    if (name === workload.input) {
      sources[name] = {
        data: async function* stream() {
          for (const batch of batches) yield batch;
          await atEnd();
        },
        columns: planColumns(name),
        bounded: true,
      };
    } else {
      sources[name] = { data: batches, columns: planColumns(name), table: true };
    }
  }
  return sources;
}

/**
 * Runs the workload once. `sources` are injected sources (in-memory path) or null (CSV path:
 * the WITH clause names the files). `collect` keeps the output payloads (for --check).
 * Resolves with the output row count (and rows), or rejects with the engine's error value.
 */
async function runOurs(workload, { files, names, sources, collect = false, onHandle = () => {}, execution = 'auto' }) {
  const sql = `${workload.sql} ${fileSources(names, files)}`;
  const handle = E.startQuery(sql, new E.Catalog(), sources ? { sources, execution } : { execution });
  onHandle(handle);
  let outputRows = 0;
  const rows = collect ? [] : null;
  for await (const batch of handle) {
    outputRows += batch.length;
    if (rows) for (const record of batch) rows.push(record.fields);
  }
  const summary = await handle.done;
  if (summary.status !== 'completed') {
    const error = summary.error ?? { code: summary.status, message: `query ${summary.status}` };
    throw Object.assign(new Error(`${error.code}: ${error.message}`), { engineError: error });
  }
  return { outputRows, rows, progress: summary.progress };
}

/**
 * JS heap plus ArrayBuffer memory (typed arrays of the columnar path live outside the heap), once
 * garbage is collected: ArrayBuffers that died are released after the GC, so wait for that.
 */
async function heapAndBuffers() {
  for (let i = 0; i < 2; i++) {
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Bytes of JS heap and ArrayBuffers per aggregation group: measured after a full GC at the end of input (every group
 * of the open windows still held; the input batches are retained throughout and so cancel out)
 * minus the heap before the query, divided by the groups the runtime reports.
 */
async function measureState(workload, files, names, batchesByName, execution = 'auto') {
  if (typeof global.gc !== 'function') throw new Error('state measurement needs node --expose-gc');
  let handle = null;
  let atEnd = null;
  const sources = injectedSources(workload, batchesByName, async () => {
    atEnd = { heapUsed: await heapAndBuffers(), groups: handle.progress().groups };
  });
  const before = await heapAndBuffers();
  await runOurs(workload, { files, names, sources, execution, onHandle: (h) => (handle = h) });
  const stateBytes = atEnd.heapUsed - before;
  return { groups: atEnd.groups, stateMB: stateBytes / 2 ** 20, bytesPerKey: atEnd.groups > 0 ? Math.round(stateBytes / atEnd.groups) : null };
}

/** Our output values as text: exact decimals via the engine's own printing (§5.4). */
const valueText = (value) => E.formatValue(value);

module.exports = { decodeFile, injectedSources, runOurs, measureState, valueText };
