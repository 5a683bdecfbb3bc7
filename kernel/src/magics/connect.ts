/**
 * `%connect [URI…] [--name N]` (kernel spec §4.2): `kafka://host:port[,host:port]` (bare
 * `kafka://` uses `%config kafka` / `KAFKA_BOOTSTRAP_SERVERS`) connects with a 5 s timeout and
 * lists the topics, which then bind by name (`SELECT … FROM topic`). No URI lists connections.
 */
import { parseKafkaUri } from '@velostream/engine';
import { likeMatcher } from '../executor/catalog-answers';
import { cellError } from '../executor/errors';
import { topicRows, TOPIC_COLUMNS } from '../executor/notebook/listings';
import { textListing } from '../executor/static-result';
import type { Magic } from './magic';

export const connectMagic: Magic = {
  name: 'connect',
  forms: ['line'],
  usage: '%connect [URI…] [--name N]',
  summary: 'connect to Kafka (kafka://host:port) and list its topics; no URI lists connections',
  help: 'Topics of a connection are sources by name: `SELECT * FROM orders` reads topic orders (a consumer group per query, from earliest, no commits). `kafka://` alone uses `%config kafka` or KAFKA_BOOTSTRAP_SERVERS.',
  options: [{ name: 'name', kind: 'string', value: 'N', help: 'connection name (default kafka)' }],
  async run(call, ctx) {
    const { notebook } = ctx;
    const uris = call.args.positional;
    if (uris.length === 0) {
      const rows = notebook.kafka.list().map((c) => [c.name, `kafka://${c.brokers.join(',')}`, c.status, c.topics.length, c.error ?? '']);
      await ctx.exec.output.executeResult(textListing(['name', 'uri', 'status', 'topics', 'error'], rows));
      return undefined;
    }
    for (const uri of uris) {
      const parsed = parseKafkaUri(uri);
      if (!parsed) {
        return cellError('MagicError', `%connect: cannot connect to '${uri}'`, { hint: 'give kafka://host:port; files are read with WITH (file_source) or %generate' });
      }
      const brokers = parsed.brokers ?? notebook.kafka.defaultBrokers();
      if (brokers.length === 0) {
        return cellError('MagicError', '%connect kafka:// names no brokers and KAFKA_BOOTSTRAP_SERVERS is not set', { hint: 'write %connect kafka://host:port, or %config kafka=host:port' });
      }
      const name = (call.args.options.name as string | undefined) ?? 'kafka';
      const connection = await notebook.kafka.connect(brokers, name);
      notebook.changed();
      if (connection.status === 'error') return cellError('SourceError', `%connect: ${connection.error}`, { hint: 'is the broker running? (node scripts/kafka.mjs start)' });
      await ctx.exec.output.stream('stdout', `connected ${name} to kafka://${brokers.join(',')}: ${connection.topics.length} topics\n`);
      await ctx.exec.output.executeResult(textListing(TOPIC_COLUMNS, topicRows(connection.topics)));
    }
    return undefined;
  },
};

export const topicsMagic: Magic = {
  name: 'topics',
  forms: ['line'],
  usage: '%topics [--like PAT]',
  summary: 'Kafka topics of the connections: partitions, messages, last message time',
  options: [{ name: 'like', kind: 'string', value: 'PAT', help: 'topic pattern with % and _ wildcards' }],
  argument: 'topic',
  async run(call, ctx) {
    const { notebook } = ctx;
    if (notebook.kafka.list().length === 0) {
      const brokers = notebook.kafka.defaultBrokers();
      if (brokers.length === 0) return cellError('MagicError', 'no Kafka connection', { hint: 'run %connect kafka://host:port first' });
      await notebook.kafka.connect(brokers);
    } else {
      await notebook.kafka.refresh();
    }
    notebook.changed();
    const failed = notebook.kafka.list().find((c) => c.status === 'error');
    if (failed) return cellError('SourceError', `%topics: ${failed.error}`);
    const like = likeMatcher(call.args.options.like as string | undefined);
    const topics = notebook.kafka.list().flatMap((c) => c.topics).filter((t) => like(t.topic));
    await ctx.exec.output.executeResult(textListing(TOPIC_COLUMNS, topicRows(topics)));
    return undefined;
  },
};
