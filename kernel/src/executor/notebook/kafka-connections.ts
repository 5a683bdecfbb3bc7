/**
 * The notebook's Kafka connections (kernel spec §4.2 `%connect`, §3.6 Kafka rule): brokers and
 * their topics as last listed, the default brokers for `kafka://topic` (the latest connection,
 * else `%config kafka` / `KAFKA_BOOTSTRAP_SERVERS`), the WITH defaults that bind a bare topic
 * name to Kafka, and the connector registry a statement runs with: each query reads in a consumer
 * group of its own, `velo-nb-<8 hex of the session>-<n>`, from `earliest`, never committing.
 */
import {
  createConnectorRegistry,
  KAFKA_BOOTSTRAP_ENV,
  listKafkaTopics,
  type Catalog,
  type ConnectorRegistry,
  type KafkaTopicInfo,
} from '@velostream/engine';
import type { Settings } from './settings';

/** `%connect` waits this long for a broker (§4.2). */
export const CONNECT_TIMEOUT_MS = 5000;

export interface KafkaConnection {
  name: string;
  brokers: string[];
  status: 'connected' | 'error';
  error: string | null;
  topics: KafkaTopicInfo[];
}

export class KafkaConnections {
  private readonly byName = new Map<string, KafkaConnection>();
  private queries = 0;

  constructor(
    private readonly settings: Settings,
    private readonly sessionHex: string,
  ) {}

  /** Lists the brokers' topics and keeps the connection (also when it failed, with its error). */
  async connect(brokers: string[], name = 'kafka'): Promise<KafkaConnection> {
    const connection: KafkaConnection = { name, brokers, status: 'connected', error: null, topics: [] };
    try {
      connection.topics = await listKafkaTopics(brokers, CONNECT_TIMEOUT_MS);
    } catch (e) {
      connection.status = 'error';
      connection.error = (e as Error).message;
    }
    this.byName.delete(name); // re-inserted last: the newest connection is the default
    this.byName.set(name, connection);
    return connection;
  }

  /** Re-lists the topics of every connection (`%topics`, the catalog comm's `refresh`). */
  async refresh(): Promise<void> {
    await Promise.all(this.list().map((c) => this.connect(c.brokers, c.name)));
  }

  list(): KafkaConnection[] {
    return [...this.byName.values()];
  }

  /** Brokers for `kafka://` without hosts: the newest connection, else `%config kafka`. */
  defaultBrokers(): string[] {
    const newest = this.list().at(-1);
    if (newest) return newest.brokers;
    return this.settings.values.kafka.split(',').map((b) => b.trim()).filter((b) => b !== '');
  }

  /** WITH defaults binding each listed topic's name to its Kafka topic (the first connection naming it wins). */
  bindings(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const connection of this.list()) {
      for (const { topic } of connection.topics) {
        out[topic] ??= { type: 'kafka_source', topic, 'bootstrap.servers': connection.brokers.join(',') };
      }
    }
    return out;
  }

  isTopic(name: string): boolean {
    return this.list().some((c) => c.topics.some((t) => t.topic === name));
  }

  /** Connectors for one statement: Kafka sources in a fresh group that never commits. */
  registry(catalog: Catalog): ConnectorRegistry {
    const brokers = this.defaultBrokers();
    return createConnectorRegistry({
      memory: catalog.store,
      kafka: {
        env: { ...process.env, ...(brokers.length ? { [KAFKA_BOOTSTRAP_ENV]: brokers.join(',') } : {}) },
        consumer: { groupId: () => `velo-nb-${this.sessionHex}-${++this.queries}`, commit: false },
      },
    });
  }
}
