/** Tables of sources, jobs and source descriptions shared by magics, SHOW and DESCRIBE. */
import type { KafkaTopicInfo, Value } from '@velostream/engine';
import { escapeMarkup } from '../../display/escape';
import type { MimeBundle } from '../../session/executor';
import type { Description } from './describe';
import type { Job } from './jobs';
import type { SourceListing } from './notebook';
import { staticTable, textListing } from '../static-result';

export const SOURCE_COLUMNS = ['name', 'kind', 'bounded', 'binding', 'columns'];

export function sourceRows(sources: readonly SourceListing[]): (string | number)[][] {
  return sources.map((s) => [s.name, s.kind, s.bounded === null ? 'unknown' : s.bounded ? 'yes' : 'no', s.binding, s.columns.length]);
}

export const TOPIC_COLUMNS = ['topic', 'partitions', 'messages', 'last_message'];

export function topicRows(topics: readonly KafkaTopicInfo[]): (string | number)[][] {
  return topics.map((t) => [t.topic, t.partitions, t.messages, t.lastTimestamp === null ? '' : new Date(t.lastTimestamp).toISOString()]);
}

const JOB_COLUMNS = ['name', 'status', 'cell', 'started', 'elapsed', 'in', 'out', 'rec/s'];

/**
 * `%jobs` / SHOW JOBS: the cell is the execution count users see in the prompt (`[3]`), counts
 * have thousands separators as in the display summaries.
 */
export function jobListing(jobs: readonly Job[], now = Date.now()): MimeBundle {
  const rows = jobs.map((job) => {
    const progress = job.run.handle.progress();
    const elapsedMs = progress.elapsedMs || now - job.startedAt;
    return [
      job.name,
      job.run.status,
      `[${job.executionCount}]`,
      new Date(job.startedAt).toISOString().slice(11, 19),
      `${(elapsedMs / 1000).toFixed(1)} s`,
      progress.recordsIn,
      progress.recordsOut,
      Math.round(progress.recordsIn / Math.max(elapsedMs / 1000, 0.001)),
    ];
  });
  return textListing(JOB_COLUMNS, rows, { counts: ['in', 'out', 'rec/s'] });
}

const DEPLOYED_COLUMNS = ['name', 'app', 'version', 'status', 'started', 'in', 'out'];

/** `%jobs --deployed`: the job runner's jobs as its API lists them. */
export function deployedJobListing(jobs: ReadonlyArray<Record<string, unknown>>): MimeBundle {
  const rows = jobs.map((j) => {
    const p = j.progress as { recordsIn: number; recordsOut: number };
    return [String(j.name), String(j.app), Number(j.version), String(j.status), String(j.startedAt), p.recordsIn, p.recordsOut];
  });
  return textListing(DEPLOYED_COLUMNS, rows, { counts: ['in', 'out'] });
}

/** `%describe` / DESCRIBE: the columns table, then the sample rows as a second table. */
export function describeBundle(described: Description, rowLimit: number): MimeBundle {
  const { source, columns, sample } = described;
  const head = `${source.name}: ${source.kind}, ${source.bounded === null ? 'boundedness unknown' : source.bounded ? 'bounded' : 'unbounded'}, binding ${source.binding}`;
  const columnTable = textListing(
    ['column', 'type', 'nullable', 'role'],
    columns.map((c) => [c.name, c.type, c.nullable ? 'yes' : 'no', c.role]),
  );
  if (sample.length === 0) return prefixed(columnTable, head);
  const names = Object.keys(sample[0]);
  const sampleTable = staticTable(
    { columns: names.map((name) => ({ name, type: 'any' as const })), rows: sample.map((row) => names.map((n) => row[n] ?? null) as Value[]) },
    rowLimit,
  );
  return {
    ...prefixed(columnTable, head),
    'text/plain': `${head}\n${columnTable['text/plain']}\n\nsample\n${sampleTable['text/plain']}`,
    'text/html': `<p>${escapeMarkup(head)}</p>\n${columnTable['text/html']}\n<p>sample</p>\n${sampleTable['text/html']}`,
  };
}

function prefixed(bundle: MimeBundle, head: string): MimeBundle {
  return { ...bundle, 'text/plain': `${head}\n${bundle['text/plain']}`, 'text/html': `<p>${escapeMarkup(head)}</p>\n${bundle['text/html']}` };
}
