/**
 * The registry every host starts from: file connectors always, memory connectors over a given
 * (or fresh) store, and the Kafka types over the in-process topic store when one is given (the
 * harness's default mode). A real Kafka adapter registers `kafka_source`/`kafka_sink` itself.
 */
import { fileSinkFactory, fileSourceFactory } from './file/factories';
import { memoryFactories, MemoryStore } from './memory/memory';
import { ConnectorRegistry } from './registry';
import { topicStoreFactories } from './topics/topic-connectors';
import type { TopicStore } from './topics/topic-store';

export interface BuiltinConnectorOptions {
  memory?: MemoryStore;
  /** Serve `kafka_source`/`kafka_sink` from this in-process store. */
  topicStore?: TopicStore;
}

export function createConnectorRegistry(options: BuiltinConnectorOptions = {}): ConnectorRegistry {
  const registry = new ConnectorRegistry()
    .registerSource('file_source', fileSourceFactory)
    .registerSource('file_source_mmap', fileSourceFactory)
    .registerSink('file_sink', fileSinkFactory);
  const memory = memoryFactories(options.memory ?? new MemoryStore());
  registry.registerSource('memory', memory.source).registerSink('memory', memory.sink);
  if (options.topicStore) {
    const topics = topicStoreFactories(options.topicStore);
    registry.registerSource('kafka_source', topics.source).registerSink('kafka_sink', topics.sink);
  }
  return registry;
}
