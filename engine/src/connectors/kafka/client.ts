/**
 * kafkajs clients as the connectors use them: quiet unless `VELO_KAFKA_LOG` asks for a level,
 * retrying long enough to ride out a broker restart (a job reconnects and continues), and
 * owning every socket they open (see `closeSockets`).
 */
import { connect, type Socket } from 'node:net';
import { Kafka, logLevel, type ISocketFactory, type KafkaConfig } from 'kafkajs';

/** Client retries: ~1 minute of back-off in total before an operation fails. */
const RETRY: NonNullable<KafkaConfig['retry']> = { initialRetryTime: 250, maxRetryTime: 5000, retries: 15 };

const LEVELS: Readonly<Record<string, logLevel>> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/** The sockets each client opened and has not seen closed yet. */
const openSockets = new WeakMap<Kafka, Set<Socket>>();

export function kafkaClient(brokers: readonly string[], clientId: string, retry: KafkaConfig['retry'] = RETRY): Kafka {
  const sockets = new Set<Socket>();
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
  const kafka = new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: LEVELS[(process.env.VELO_KAFKA_LOG ?? '').toLowerCase()] ?? logLevel.NOTHING,
    retry,
    connectionTimeout: 3000,
    socketFactory,
  });
  openSockets.set(kafka, sockets);
  return kafka;
}

/**
 * Closes what a client's `disconnect` left open. After a broker restart kafkajs replaces its
 * seed broker object, but a consumer group keeps the old one as its coordinator and reconnects
 * it for heartbeats; `disconnect` no longer reaches that connection, whose socket and request
 * timers kept a finished `velo run` alive for minutes. The socket is destroyed with an error so
 * kafkajs takes its own socket-error path (which also stops the connection's timers).
 * Call it only once every producer, consumer and admin of the client is disconnected.
 */
export function closeSockets(kafka: Kafka): void {
  for (const socket of openSockets.get(kafka) ?? []) socket.destroy(new Error('the client was disconnected'));
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
  const client = quickClient(brokers, timeoutMs);
  const admin = client.admin();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      admin.connect(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
    closeSockets(client);
  }
}
