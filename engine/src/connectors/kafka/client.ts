/**
 * kafkajs clients as the connectors use them: quiet unless `VELO_KAFKA_LOG` asks for a level,
 * and retrying long enough to ride out a broker restart (a job reconnects and continues).
 */
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

/** Client retries: ~1 minute of back-off in total before an operation fails. */
const RETRY: NonNullable<KafkaConfig['retry']> = { initialRetryTime: 250, maxRetryTime: 5000, retries: 15 };

const LEVELS: Readonly<Record<string, logLevel>> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

export function kafkaClient(brokers: readonly string[], clientId: string, retry: KafkaConfig['retry'] = RETRY): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: LEVELS[(process.env.VELO_KAFKA_LOG ?? '').toLowerCase()] ?? logLevel.NOTHING,
    retry,
    connectionTimeout: 3000,
  });
}

/** Ensures `topic` exists with `partitions` partitions (creating it; an existing topic is left as is). */
export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export function describeKafkaError(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } };
  const message = e?.message ?? String(error);
  const cause = e?.cause?.message;
  return cause && !message.includes(cause) ? `${message}: ${cause}` : message;
}

/** A client that gives up within about `timeoutMs` (inspection, the start-up probe). */
export function quickClient(brokers: readonly string[], timeoutMs: number): Kafka {
  return kafkaClient(brokers, 'velo-probe', { retries: 2, initialRetryTime: 100, maxRetryTime: Math.min(1000, timeoutMs) });
}

/**
 * Rejects soon when no broker answers, so a job with a wrong `bootstrap.servers` fails at start
 * with a clear error instead of retrying for a minute; later outages are retried (a restart).
 */
export async function probeBrokers(brokers: readonly string[], timeoutMs = 5000): Promise<void> {
  const admin = quickClient(brokers, timeoutMs).admin();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      admin.connect(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
  }
}
