/**
 * Kafka URIs (dialect X22, kernel §4.2): `kafka://topic`, `kafka://host:port/topic`,
 * `kafka://h1:p1,h2:p2/topic`, and a bare connection `kafka://host:port` (no topic).
 * A part after `kafka://` without `/` is a topic unless it looks like `host:port`.
 */
export interface KafkaUri {
  /** Brokers named in the URI, or null to use the connection / `KAFKA_BOOTSTRAP_SERVERS`. */
  brokers: string[] | null;
  /** Null for a connection URI. */
  topic: string | null;
}

export function parseKafkaUri(uri: string): KafkaUri | null {
  const m = /^kafka:\/\/(.*)$/i.exec(uri.trim());
  if (!m) return null;
  const rest = m[1];
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const hosts = rest.slice(0, slash);
    const topic = rest.slice(slash + 1).replace(/\/+$/, '');
    return { brokers: hosts === '' ? null : splitBrokers(hosts), topic: topic === '' ? null : topic };
  }
  if (rest === '') return { brokers: null, topic: null };
  return /^[^,]+:\d+(,[^,]+:\d+)*$/.test(rest) ? { brokers: splitBrokers(rest), topic: null } : { brokers: null, topic: rest };
}

function splitBrokers(text: string): string[] {
  return text.split(',').map((b) => b.trim()).filter((b) => b !== '');
}
