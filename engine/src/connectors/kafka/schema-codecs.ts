/**
 * The value codec of a topic from its format: JSON needs nothing; Avro and Protobuf need a
 * schema (inline, a file beside the app, or a schema registry URL).
 */
import { fail, ok, type Result } from '../errors';
import type { KafkaSettings } from './settings';
import { jsonValueCodec, type ValueCodec } from './value-codec';

export function valueCodecFor(settings: KafkaSettings, object: string): Result<ValueCodec> {
  if (settings.format === 'json') return ok(jsonValueCodec);
  return fail({ code: 'CONNECTOR_NOT_AVAILABLE', message: `Kafka format '${settings.format}' is not available yet`, hint: 'use json', object });
}
