/**
 * Published input records as topic messages (harness spec §3.3, §5.2). The value is the
 * generator's wire JSON (decimals as numbers with their P digits, instants as ISO text without
 * zone), kept in process: the store writes the text only if something reads it, and the job
 * receives what JSON-decoding that text would give — computed directly, without the round trip,
 * for every scalar the generator produces. The key is the record key's text; headers and the
 * event time (else the record timestamp) are carried over.
 */
import type { OutgoingMessage, TopicStore, ValueForm } from '../../connectors/topics/topic-store';
import { formatScaled, formatValue } from '../../types/values/format';
import { formatDateMs } from '../../types/values/time';
import type { StreamRecord } from '../../types/record';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import { encodeWireJson, timestampText } from '../generator/wire';

/** The generator's wire JSON (§5.2) and its decoded form. */
const wireJson: ValueForm = {
  encode: encodeWireJson,
  decoded: decodedWireJson,
};

/** Messages are built a slice at a time, so each dies young instead of outliving a whole input. */
const PUBLISH_SLICE = 1000;

/** Appends input records to `topic` in order (§3.6); returns how many were published. */
export function publishRecords(store: TopicStore, topic: string, records: readonly StreamRecord[]): number {
  for (let start = 0; start < records.length; start += PUBLISH_SLICE) {
    const end = Math.min(records.length, start + PUBLISH_SLICE);
    const messages = new Array<OutgoingMessage>(end - start);
    for (let i = start; i < end; i++) messages[i - start] = inputMessage(records[i]);
    store.produce(topic, messages);
  }
  return records.length;
}

function inputMessage(record: StreamRecord): OutgoingMessage {
  return {
    key: record.key === null || record.key === undefined ? null : formatValue(record.key),
    payload: record.fields,
    form: wireJson,
    headers: record.headers,
    timestamp: record.eventTime ?? record.timestamp,
  };
}

/**
 * What JSON-decoding `encodeWireJson(fields)` yields, for scalars: decimals become the number
 * their digits spell, instants and dates their wire text. Undefined for anything else (-0, NaN,
 * big integers, containers), which then goes through the text.
 */
function decodedWireJson(fields: Readonly<Record<string, Value>>): Record<string, Value> | undefined {
  const out: Record<string, Value> = {};
  for (const name in fields) {
    const v = fields[name];
    const t = typeof v;
    if (v === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v) && !Object.is(v, -0))) out[name] = v;
    else if (v instanceof Scaled) out[name] = decimalNumber(v);
    else if (v instanceof Timestamp) out[name] = timestampText(v.ms);
    else if (v instanceof SqlDate) out[name] = formatDateMs(v.ms);
    else return undefined;
  }
  return out;
}

/** Exact powers of ten as doubles (10^22 is the largest). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * The number a decimal's wire digits spell (`123.40` → 123.4). A safe-integer unscaled value over
 * an exact power of ten is one correctly rounded division, which is the same double as parsing
 * the digits; other decimals parse their text.
 */
function decimalNumber(d: Scaled): number {
  const u = d.unscaled;
  if (typeof u === 'number' && Number.isSafeInteger(u) && d.scale >= 0 && d.scale < POWERS_OF_TEN.length) return u === 0 ? 0 : u / POWERS_OF_TEN[d.scale];
  return Number(formatScaled(d));
}
