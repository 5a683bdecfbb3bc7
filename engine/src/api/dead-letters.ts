/**
 * A statement's dead-letter queue. When its WITH asks for one (`enable_dlq = 'true'`, an
 * `error.topic`, or `late.data.strategy = 'dead_letter'`), every record that fails to evaluate
 * and every input row that fails to decode (with `late.data.strategy = 'dead_letter'` also every
 * record a window drops as too late) is written, with its error attached, beside the
 * output: to `error.topic` or `<output topic>-dlq` for a Kafka sink, to `<path>.dlq.jsonl` for a
 * file sink. Headers `error_type` and `error_message` carry the error (the harness's
 * `dlq_count` filters on `error_type`); file dead letters carry them as fields.
 */
import { ObjectProperties, type StatementProperties } from '../connectors/properties';
import type { ConnectorRegistry } from '../connectors/registry';
import type { ConnectorContext, Sink } from '../connectors/connector';
import type { ConnectorProblem } from '../connectors/errors';
import type { StreamRecord } from '../types/record';
import type { Value } from '../types/values/types';
import { fromConnectorError, toEngineError, type EngineError } from './errors';

export function wantsDeadLetters(properties: StatementProperties): boolean {
  return properties.get('enable_dlq')?.toLowerCase() === 'true' || properties.get('error.topic') !== undefined || lateToDeadLetters(properties);
}

/** `late.data.strategy = dead_letter`: records a window drops as too late are dead letters too. */
export function lateToDeadLetters(properties: StatementProperties): boolean {
  return properties.get('late.data.strategy')?.toLowerCase() === 'dead_letter';
}

/** The dead-letter sink's properties: the output's, with the topic or path of the dead letters. */
export function deadLetterProperties(output: ObjectProperties, properties: StatementProperties): ObjectProperties | null {
  const keys = Object.fromEntries(output.keys().map((k) => [k, output.get(k)!]));
  if (output.type === 'kafka_sink') return ObjectProperties.of(`${output.name}-dlq`, 'sink', { ...keys, topic: properties.get('error.topic') ?? `${output.topic}-dlq` });
  const path = output.path;
  if (output.type === 'file_sink' && path !== undefined) return ObjectProperties.of(`${output.name}-dlq`, 'sink', { type: 'file_sink', path: `${path}.dlq.jsonl`, format: 'jsonl' });
  return null;
}

export class DeadLetters {
  private writing: Promise<void> = Promise.resolve();
  private failure: EngineError | null = null;
  private written = 0;

  private constructor(private readonly sink: Sink) {}

  static open(props: ObjectProperties, registry: ConnectorRegistry, ctx: ConnectorContext): { ok: true; value: DeadLetters } | { ok: false; error: EngineError } {
    const created = registry.createSink(props, ctx);
    return created.ok ? { ok: true, value: new DeadLetters(created.value) } : { ok: false, error: fromConnectorError(created.error) };
  }

  /** A record the query could not evaluate: its fields as read, with the error. */
  failedRecord(record: StreamRecord, errorType: string, message: string): void {
    this.write({ ...record, fields: { ...record.fields, error_type: errorType, error_message: message }, headers: errorHeaders(record.headers, errorType, message) });
  }

  /** An input row that did not decode: where it was and why (its text is not kept). */
  badInput(problem: ConnectorProblem, now: number): void {
    const fields: Record<string, Value> = { source: problem.object, file: problem.file ?? null, line: problem.line ?? null, error_type: problem.code, error_message: problem.message };
    this.write({ fields, timestamp: now, eventTime: null, offset: this.written, partition: 0, key: null, headers: errorHeaders(null, problem.code, problem.message) });
  }

  /** Waits for every dead letter to be written and closes the sink; the first write error, if any. */
  async close(): Promise<EngineError | null> {
    await this.writing;
    try {
      await this.sink.close();
    } catch (e) {
      this.failure ??= { code: 'SINK', message: `${this.sink.name}: ${toEngineError(e).message}`, object: this.sink.name };
    }
    return this.failure;
  }

  private write(record: StreamRecord): void {
    this.written++;
    this.writing = this.writing
      .then(() => (this.failure ? undefined : this.sink.write([record])))
      .catch((e) => {
        this.failure ??= { code: 'SINK', message: `${this.sink.name}: ${toEngineError(e).message}`, object: this.sink.name };
      });
  }
}

function errorHeaders(headers: ReadonlyMap<string, string> | null, errorType: string, message: string): Map<string, string> {
  return new Map([...(headers ?? []), ['error_type', errorType], ['error_message', message]]);
}
