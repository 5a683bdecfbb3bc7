import * as path from 'path';
import { loadSpec } from '../spec/load-spec';
import { runTests } from './run-tests';
import type { ProgressReporter } from './query-job';

const FIXTURE = path.join(__dirname, '../../../test/fixtures/trade_stats');

describe('progress of a test run', () => {
  test('the processing phase reports the query, its input total, the records read and its end', async () => {
    const phases: { label: string; total: number; updates: number[]; finished: boolean }[] = [];
    const progress = (label: string, total: number): ProgressReporter => {
      const phase = { label, total, updates: [] as number[], finished: false };
      phases.push(phase);
      return { update: (done) => phase.updates.push(done), finish: (done) => (phase.finished = done === 5000) };
    };
    const spec = loadSpec(path.join(FIXTURE, 'trade_stats.test.yaml')).spec!;
    await runTests({ sqlFile: path.join(FIXTURE, 'trade_stats.sql'), spec, schemasDir: path.join(FIXTURE, 'schemas'), progress });
    expect(phases.map((p) => [p.label, p.total, p.finished])).toEqual([[`process ${spec.queries[0].name}`, 5000, true]]);
    // Counts never go backwards and never pass the total.
    const updates = phases[0].updates;
    expect(updates.every((n, i) => n <= 5000 && (i === 0 || n >= updates[i - 1]))).toBe(true);
  });
});
