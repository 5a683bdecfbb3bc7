/**
 * Message value bytes ↔ payload fields for one Kafka topic. JSON is the default (the value
 * printer's JSON, as the in-process topic store carries it); Avro and Protobuf codecs are built
 * from a schema (`schema-codecs.ts`). Decoding never throws: a bad value is an error text the
 * source reports under its failure strategy.
 */
import type { Value } from '../../types/values/types';
import { fieldsToJson } from '../../types/values/format';
import { jsonToRow } from '../formats/json';

export interface ValueCodec {
  /** Fetches what the codec needs first (a schema registry's schema); awaited before use. */
  init?(): Promise<void>;
  encode(fields: Record<string, Value>): Buffer | string;
  /** The fields of a message value, or why it cannot be decoded. A null value (tombstone) is `{}`. */
  decode(value: Buffer | null): Record<string, Value> | string;
}

export const jsonValueCodec: ValueCodec = {
  encode: fieldsToJson,
  decode(value) {
    if (value === null) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch (e) {
      return `invalid JSON: ${(e as Error).message}`;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'expected a JSON object';
    return jsonToRow(parsed as Record<string, unknown>);
  },
};
