/**
 * The registry every host starts from: file connectors always, memory connectors over a given
 * (or fresh) store, and the Kafka types over the in-process topic store when one is given (the
 * harness's default mode), else over a real broker (kafkajs).
 */
import { kafkaFactories, type KafkaFactoryOptions } from './kafka/factories';
import { fileSinkFactory, fileSourceFactory } from './file/factories';
import { memoryFactories, MemoryStore } from './memory/memory';
import { ConnectorRegistry } from './registry';
import { topicStoreFactories } from './topics/topic-connectors';
import type { TopicStore } from './topics/topic-store';

export interface BuiltinConnectorOptions {
  memory?: MemoryStore;
  /** Serve `kafka_source`/`kafka_sink` from this in-process store. */
  topicStore?: TopicStore;
  /** Settings of the real Kafka connectors (used when there is no `topicStore`). */
  kafka?: KafkaFactoryOptions;
}

export function createConnectorRegistry(options: BuiltinConnectorOptions = {}): ConnectorRegistry {
  const registry = new ConnectorRegistry()
    .registerSource('file_source', fileSourceFactory)
    .registerSource('file_source_mmap', fileSourceFactory)
    .registerSink('file_sink', fileSinkFactory);
  const memory = memoryFactories(options.memory ?? new MemoryStore());
  registry.registerSource('memory', memory.source).registerSink('memory', memory.sink);
  const topics = options.topicStore ? topicStoreFactories(options.topicStore) : kafkaFactories(options.kafka);
  registry.registerSource('kafka_source', topics.source).registerSink('kafka_sink', topics.sink);
  return registry;
}
