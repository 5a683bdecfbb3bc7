/**
 * The `velostream.catalog` comm (kernel spec §6.1): the full catalog after open, after every
 * change (debounced 250 ms) and for job counters at most once per second while jobs run, plus
 * the job runner's deployed jobs (`deployed_jobs`, checked every 2 s);
 * `refresh`, `describe` and `stop_job` requests answered with their `request_id`.
 */
import type { Comm, CommRegistry } from '../../session/comms';
import type { JsonObject } from '../../protocol/messages';
import { jsonValue } from '../../display/values';
import { describeSource } from '../notebook/describe';
import { isCellError } from '../errors';
import type { Notebook } from '../notebook/notebook';

export const CATALOG_TARGET = 'velostream.catalog';
const DEBOUNCE_MS = 250;
const COUNTERS_MS = 1000;
/** How often the job runner is asked for its jobs while a catalog comm is open. */
const DEPLOYED_MS = 2000;

export function catalogSnapshot(notebook: Notebook): JsonObject {
  const schema = (name: string) => notebook.schema(name);
  return {
    connections: notebook.kafka.list().map((c) => ({
      uri: `kafka://${c.brokers.join(',')}`,
      kind: 'kafka',
      name: c.name,
      status: c.status,
      error: c.error,
      topics: c.topics.map((t) => ({ name: t.topic, partitions: t.partitions, messages: t.messages, last_timestamp: t.lastTimestamp })),
    })),
    sources: notebook.sources().map((s) => ({
      name: s.name,
      kind: s.kind,
      bounded: s.bounded,
      binding: s.binding,
      ...(s.properties.topic ? { topic: s.properties.topic } : {}),
      ...(s.properties.path ? { path: s.properties.path } : {}),
      columns: sourceColumns(notebook, s.name),
      ...(schema(s.name)?.keyField ? { key_field: schema(s.name)!.keyField } : {}),
      ...(s.properties['event.time.field'] ? { event_time: s.properties['event.time.field'] } : {}),
    })),
    jobs: notebook.jobs.all().map((job) => {
      const p = job.run.handle.progress();
      const seconds = Math.max(p.elapsedMs / 1000, 0.001);
      const end = job.run.end;
      return {
        name: job.name,
        status: job.run.status,
        cell_id: job.cellId ?? null,
        display_id: job.run.display.displayId,
        statement: job.statement,
        started_at: new Date(job.startedAt).toISOString(),
        records_in: p.recordsIn,
        records_out: p.recordsOut,
        rate: Math.round(p.recordsIn / seconds),
        error: end?.status === 'failed' ? (end.summary.error?.message ?? 'failed') : null,
      };
    }),
    deployed_jobs: notebook.deployed.list(),
    metrics: notebook.jobs.running().flatMap((job) => {
      const p = job.run.handle.progress();
      return [
        { name: 'velo_records_in_total', type: 'counter', help: 'records read', job: job.name, series: [{ labels: {}, value: p.recordsIn }] },
        { name: 'velo_records_out_total', type: 'counter', help: 'records produced', job: job.name, series: [{ labels: {}, value: p.recordsOut }] },
      ];
    }),
    params: notebook.params.entries().map(([name, value]) => ({ name, type: value.type, value: value.text })),
    settings: notebook.settings.toJSON() as JsonObject,
  };
}

/** Columns with type, nullability and role, as `%describe` shows them. */
function sourceColumns(notebook: Notebook, name: string): JsonObject[] {
  const described = describeSource(notebook, name, 0);
  return isCellError(described) ? [] : described.columns.map((c) => ({ ...c }));
}

export function registerCatalogComm(comms: CommRegistry, notebook: Notebook): void {
  comms.registerTarget(CATALOG_TARGET, (comm) => {
    let seq = 0;
    let debounce: NodeJS.Timeout | undefined;
    const push = (reason: string) => comm.send({ type: 'catalog', v: 1, seq: ++seq, reason, catalog: catalogSnapshot(notebook) });
    const unsubscribe = notebook.onChange(() => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void push('change'), DEBOUNCE_MS);
    });
    const counters = setInterval(() => {
      if (notebook.jobs.running().length > 0) void push('counters');
    }, COUNTERS_MS);
    const deployed = setInterval(() => {
      void notebook.deployed.refresh().then((changed) => (changed ? push('deployed') : undefined));
    }, DEPLOYED_MS);
    void notebook.deployed.refresh().finally(() => void push('open'));
    const close = () => {
      unsubscribe();
      clearTimeout(debounce);
      clearInterval(counters);
      clearInterval(deployed);
    };
    return {
      onMessage: (message, c) => answer(message.data, c, notebook, push),
      onClose: close,
    };
  });
}

async function answer(data: JsonObject, comm: Comm, notebook: Notebook, push: (reason: string) => Promise<void>): Promise<void> {
  const requestId = data.request_id ?? null;
  const fail = (message: string) => comm.send({ type: 'error', request_id: requestId, message });
  switch (data.type) {
    case 'refresh':
      await notebook.kafka.refresh();
      return push('refresh');
    case 'describe': {
      const name = String(data.name ?? '');
      const sample = typeof data.sample === 'number' ? data.sample : 5;
      const described = describeSource(notebook, name, sample);
      if (isCellError(described)) return fail(described.message);
      return comm.send({
        type: 'describe_result',
        request_id: requestId,
        name,
        columns: described.columns.map((c) => ({ ...c })),
        sample_rows: described.sample.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonValue(v)]))) as JsonObject[],
      });
    }
    case 'stop_job': {
      const name = String(data.name ?? '');
      if (!(await notebook.jobs.stop(name))) return fail(`no running job named ${name}`);
      return comm.send({ type: 'ack', request_id: requestId, ok: true });
    }
    default:
      return fail(`unknown request type ${String(data.type)}`);
  }
}
