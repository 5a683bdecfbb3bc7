#!/usr/bin/env node
// `node produce-cli.mjs TOPIC FROM COUNT [--avro SCHEMA.avsc]`: trades {id, symbol, price,
// quantity} with ids FROM…FROM+COUNT-1, as JSON or as plain Avro with the given schema (the
// Python kernel tests have no Kafka client of their own).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { produce } from './kafka-helpers.mjs';

const [topic, from, count, option, schemaFile] = process.argv.slice(2);
const avro = option === '--avro' ? createRequire(import.meta.url)('avsc').Type.forSchema(JSON.parse(readFileSync(schemaFile, 'utf8'))) : null;
const encode = (trade) => (avro ? avro.toBuffer(trade) : JSON.stringify(trade));
const symbols = ['AAPL', 'MSFT', 'GOOG'];
await produce(
  topic,
  Array.from({ length: Number(count) }, (_, k) => {
    const id = Number(from) + k;
    return { key: symbols[id % 3], value: encode({ id, symbol: symbols[id % 3], price: 100 + (id % 50), quantity: 1 + (id % 7) }) };
  }),
);
