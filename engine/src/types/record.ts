import type { Value } from './values/types';

/** One message flowing through a query: payload fields plus the system columns of §10. */
export interface StreamRecord {
  fields: Record<string, Value>;
  /** `_TIMESTAMP`: processing/ingest time, epoch ms. */
  timestamp: number;
  /** `_EVENT_TIME`: epoch ms, or null when the source set none. */
  eventTime: number | null;
  /** `_OFFSET` and `_PARTITION`. */
  offset: number;
  partition: number;
  /** Message key (Kafka key, or the PRIMARY KEY / GROUP BY key of an output). */
  key: Value;
  /** Kafka-style headers; null when the record has none (saves an allocation per record). */
  headers: Map<string, string> | null;
}

/** Records travel in batches; operators never await per record. */
export type Batch = StreamRecord[];
