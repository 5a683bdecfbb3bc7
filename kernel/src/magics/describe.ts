import type { Value } from '@velostream/engine';
import { describeSource } from '../executor/notebook/describe';
import { cellError, isCellError } from '../executor/errors';
import { describeBundle } from '../executor/notebook/listings';
import { describeTopic, kafkaTopicOf } from '../executor/notebook/kafka-describe';
import type { Magic } from './magic';

export const describeMagic: Magic = {
  name: 'describe',
  forms: ['line'],
  usage: '%describe NAME [--sample N]',
  summary: 'columns (type, nullable, role), binding and sample rows of a source',
  options: [{ name: 'sample', kind: 'integer', value: 'N', help: 'sample rows (default 5)' }],
  argument: 'source',
  async run(call, ctx) {
    const [name, ...extra] = call.args.positional;
    if (!name || extra.length > 0) return cellError('MagicError', 'usage: %describe NAME [--sample N]');
    const count = (call.args.options.sample as number | undefined) ?? 5;
    const topic = kafkaTopicOf(ctx.notebook, name);
    let messages: Record<string, Value>[] | undefined;
    if (topic) {
      const inferred = await describeTopic(ctx.notebook, topic);
      if (isCellError(inferred)) return inferred;
      messages = inferred.sample.slice(0, count);
      const skipped = inferred.undecodable ? ` (${inferred.undecodable} undecodable)` : '';
      await ctx.exec.output.stream('stdout', `kafka topic ${inferred.topic}: schema inferred from ${inferred.sample.length} messages${skipped}; registered as schema ${inferred.name}\n${inferred.yaml}`);
    }
    const described = describeSource(ctx.notebook, topic?.name ?? name, count);
    if (isCellError(described)) return described;
    // A topic's sample rows are its real messages, not rows generated from the inferred schema.
    await ctx.exec.output.executeResult(describeBundle(messages ? { ...described, sample: messages } : described, ctx.notebook.settings.values.rows));
    return undefined;
  },
};
