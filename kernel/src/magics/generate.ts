import { parseSchema, type DataSchema } from '@velostream/engine';
import { cellError, isCellError } from '../executor/errors';
import type { Magic } from './magic';

/** The built-in demo schema (kernel spec §4.2): id, ts, symbol, price DECIMAL(2), qty. */
function demoSchema(name: string): DataSchema {
  const { schema } = parseSchema(
    `name: ${name}
fields:
  - {name: id, type: integer, constraints: {sequence: {start: 1}}}
  - {name: ts, type: timestamp}
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT, GOOG, AMZN, NVDA]}}}
  - {name: price, type: "decimal(2)", constraints: {range: {min: 50, max: 500}}}
  - {name: qty, type: integer, constraints: {range: {min: 1, max: 1000}}}
`,
    '<demo schema>',
  );
  return schema!;
}

export const generateMagic: Magic = {
  name: 'generate',
  forms: ['line'],
  usage: '%generate NAME [--records N] [--seed S] [--endless [--rate R]] [--to memory|kafka]',
  summary: "synthetic records from NAME's schema (or a demo schema) as a source named NAME",
  options: [
    { name: 'records', kind: 'integer', value: 'N', help: 'records to generate (default %config records)' },
    { name: 'seed', kind: 'integer', value: 'S', help: 'seed (default %config seed)' },
    { name: 'endless', kind: 'flag', help: 'an unbounded source instead' },
    { name: 'rate', kind: 'number', value: 'R', help: 'records per second of --endless (default 100)' },
    { name: 'to', kind: 'string', value: 'memory|kafka', choices: ['memory', 'kafka'], help: 'where the records go' },
  ],
  argument: 'schema',
  async run(call, ctx) {
    const { notebook, exec } = ctx;
    const [name, ...extra] = call.args.positional;
    const o = call.args.options;
    if (!name || extra.length > 0 || !/^[A-Za-z_][\w]*$/.test(name))
      return cellError('MagicError', 'usage: %generate NAME [--records N] [--seed S] [--endless [--rate R]]');
    if (o.to === 'kafka') return cellError('MagicError', '%generate --to kafka is not available yet: no Kafka connection in this kernel');
    if (o.rate !== undefined && !o.endless) return cellError('MagicError', '--rate needs --endless');
    const known = notebook.schema(name);
    const schema = known ?? demoSchema(name);
    if (!known) await exec.output.stream('stdout', `no schema named ${name}: using the demo schema (id, ts, symbol, price, qty)\n`);
    const seed = (o.seed as number | undefined) ?? notebook.settings.values.seed;
    if (o.endless) {
      const rate = (o.rate as number | undefined) ?? 100;
      notebook.generateEndless(schema, seed, rate);
      await exec.output.stream('stdout', `${name}: endless seeded source, ${rate.toLocaleString('en-US')} records/s (seed ${seed})\n`);
      return undefined;
    }
    const records = (o.records as number | undefined) ?? schema.recordCount ?? notebook.settings.values.records;
    const made = notebook.generate(schema, records, seed);
    if (isCellError(made)) return made;
    await exec.output.stream('stdout', `${name}: generated ${records.toLocaleString('en-US')} records (seed ${seed})\n`);
    return undefined;
  },
};
