/**
 * One sink that writes every batch to several (⊕X27: `CREATE STREAM s AS SELECT … INTO t`
 * writes `s` and `t`). A failure of any of them fails the write.
 */
import type { Batch } from '../types/record';
import type { Sink } from './connector';

export function teeSink(sinks: Sink[]): Sink {
  if (sinks.length === 1) return sinks[0];
  return {
    name: sinks.map((s) => s.name).join(', '),
    type: sinks.map((s) => s.type).join(', '),
    write: async (batch: Batch) => {
      await Promise.all(sinks.map((s) => s.write(batch)));
    },
    flush: async () => {
      await Promise.all(sinks.map((s) => s.flush()));
    },
    close: async () => {
      await Promise.all(sinks.map((s) => s.close()));
    },
  };
}
