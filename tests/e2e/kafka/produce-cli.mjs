#!/usr/bin/env node
// `node produce-cli.mjs TOPIC FROM COUNT`: JSON trades {id, symbol, price} with ids FROM…FROM+COUNT-1
// (the Python kernel tests have no Kafka client of their own).
import { produce } from './kafka-helpers.mjs';

const [topic, from, count] = process.argv.slice(2);
const symbols = ['AAPL', 'MSFT', 'GOOG'];
await produce(
  topic,
  Array.from({ length: Number(count) }, (_, k) => {
    const id = Number(from) + k;
    return { key: symbols[id % 3], value: JSON.stringify({ id, symbol: symbols[id % 3], price: 100 + (id % 50) }) };
  }),
);
