/**
 * Published input records as topic messages (harness spec §3.3, §5.2): the value is the
 * generator's wire JSON (decimals as numbers with their P digits, instants as ISO text), the key
 * the record key's text, headers and the event time (else the record timestamp) carried over.
 * The decoded payload rides along when JSON decoding would give it back exactly (§3.3 decoding
 * cache), which spares the job a JSON.parse per record.
 */
import type { OutgoingMessage } from '../../connectors/topics/topic-store';
import { formatScaled, formatValue } from '../../runtime/values/format';
import type { StreamRecord } from '../../runtime/record';
import { Scaled, type Value } from '../../runtime/values/types';
import { encodeWireJson } from '../generator/wire';

export function inputMessage(record: StreamRecord): OutgoingMessage {
  const decoded = decodedForm(record.fields);
  return {
    key: record.key === null || record.key === undefined ? null : formatValue(record.key),
    value: encodeWireJson(record.fields),
    headers: record.headers,
    timestamp: record.eventTime ?? record.timestamp,
    ...(decoded ? { decoded } : {}),
  };
}

/** What JSON-decoding the wire text yields, when that is cheap to know; else undefined. */
function decodedForm(fields: Record<string, Value>): Record<string, Value> | undefined {
  const out: Record<string, Value> = {};
  for (const name in fields) {
    const v = fields[name];
    const t = typeof v;
    if (v === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v) && !Object.is(v, -0))) out[name] = v;
    else if (v instanceof Scaled) out[name] = Number(formatScaled(v));
    else return undefined;
  }
  return out;
}
