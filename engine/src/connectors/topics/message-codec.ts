/**
 * Records ↔ Kafka-shaped messages. One codec serves the in-process topic store and a Kafka
 * client adapter, so SQL semantics do not depend on which one carries the data.
 *
 * JSON (the default `value.serializer`): the value is the JSON object of the payload fields
 * (exact decimals as strings, instants as ISO text — the value printer's JSON); the key is the
 * record key's text (§10.4), or null; the message timestamp is the record's event time, else its
 * `_TIMESTAMP` ("on Kafka, event time travels as the message timestamp", §10.2). Encoded values
 * stay in their in-process form (`ValueForm`): the topic store writes the text when it is read.
 */
import type { StreamRecord } from '../../types/record';
import { fieldsToJson, formatValue } from '../../types/values/format';
import type { Value } from '../../types/values/types';
import { jsonToRow } from '../formats/json';
import type { OutgoingMessage, TopicMessage, ValueForm } from './topic-store';

export interface MessageCodec {
  encode(record: StreamRecord): OutgoingMessage;
  /** The payload fields of a message, or an error text when the value cannot be decoded. */
  decode(message: TopicMessage): Record<string, Value> | string;
}

/** The value printer's JSON of a record's fields, kept in process until its text is read. */
const recordJson: ValueForm = {
  encode: fieldsToJson,
  decoded: (fields) => (decodesToItself(fields) ? { ...fields } : undefined),
};

export const jsonCodec: MessageCodec = {
  encode(record) {
    return {
      key: record.key === null || record.key === undefined ? null : formatValue(record.key),
      payload: record.fields,
      form: recordJson,
      // Kafka cannot tell empty headers from none; dropping the empty map keeps it out of the log.
      headers: record.headers === null || record.headers.size === 0 ? null : record.headers,
      timestamp: record.eventTime ?? record.timestamp,
    };
  },
  decode(message) {
    const known = message.form?.decoded(message.payload!);
    if (known !== undefined) return known;
    if (message.value === null) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.value);
    } catch (e) {
      return `invalid JSON: ${(e as Error).message}`;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'expected a JSON object';
    return jsonToRow(parsed as Record<string, unknown>);
  },
};

/**
 * True when JSON-decoding the encoded fields gives back equal values: strings, booleans, NULL
 * and finite numbers only (decimals and instants come back as strings, so they go through the text).
 */
function decodesToItself(fields: Readonly<Record<string, Value>>): boolean {
  for (const name in fields) {
    const v = fields[name];
    const t = typeof v;
    if (v === null || t === 'string' || t === 'boolean') continue;
    if (t === 'number' && Number.isFinite(v) && !Object.is(v, -0)) continue;
    return false;
  }
  return true;
}
