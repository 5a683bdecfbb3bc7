/**
 * The value codec of a topic from its format (dialect §12.2 `format` / `value.serializer`):
 * JSON needs nothing; Avro (`avsc`) and Protobuf (`protobufjs`) need a schema — inline
 * (`schema` / `value.schema`), a file (`schema.file`, `value.schema.file`, relative to the file
 * that set it), or for Avro a schema registry (`schema.registry.url`: the latest version of
 * subject `<topic>-value`, messages in the Confluent wire format: magic 0, schema id, Avro).
 *
 * Values: Avro/Protobuf records decode to the same fields as their JSON would (nested records
 * as maps, longs as numbers); on encode, exact decimals become numbers, instants epoch ms.
 */
import * as fs from 'fs';
import * as avro from 'avsc';
import * as protobuf from 'protobufjs';
import { formatScaled } from '../../types/values/format';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import { fail, ok, type Result } from '../errors';
import { jsonToRow } from '../formats/json';
import type { KafkaSettings } from './settings';
import { jsonValueCodec, type ValueCodec } from './value-codec';

export function valueCodecFor(settings: KafkaSettings, object: string): Result<ValueCodec> {
  if (settings.format === 'json') return ok(jsonValueCodec);
  const { inline, file, registryUrl, messageType } = settings.schema;
  let text = inline;
  if (text === undefined && file !== undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return fail({ code: 'CONFIG_FILE', message: `cannot read the ${settings.format} schema '${file}': ${(e as Error).message}`, object });
    }
  }
  try {
    if (settings.format === 'avro') {
      if (text !== undefined) return ok(avroCodec(avro.Type.forSchema(JSON.parse(text) as avro.Schema), null));
      if (registryUrl !== undefined) return ok(registryAvroCodec(registryUrl, `${settings.topic}-value`));
    } else if (text !== undefined) {
      return ok(protobufCodec(text, messageType));
    }
  } catch (e) {
    return fail({ code: 'INVALID_PROPERTY', message: `invalid ${settings.format} schema for '${object}': ${(e as Error).message}`, object });
  }
  const where = settings.format === 'avro' ? "'schema', 'schema.file' or 'schema.registry.url'" : "'schema' or 'schema.file' (a .proto)";
  return fail({ code: 'MISSING_PROPERTY', message: `format ${settings.format} needs a schema for '${object}'`, hint: `set ${where}`, object });
}

/** A record's fields as plain JS values for a schema library (decimals → numbers, instants → ms). */
function plain(value: Value): unknown {
  if (value instanceof Scaled) return Number(formatScaled(value));
  if (value instanceof Timestamp || value instanceof SqlDate) return value.ms;
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/** A decoded object as record fields: Buffers as text, the rest as JSON would give. */
function toFields(decoded: Record<string, unknown>): Record<string, Value> {
  const normal = JSON.parse(JSON.stringify(decoded, (_, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('utf8') : v)));
  return jsonToRow(normal as Record<string, unknown>);
}

function avroRecord(type: avro.Type, fields: Record<string, Value>): unknown {
  const record: Record<string, unknown> = {};
  for (const field of (type as avro.types.RecordType).fields ?? []) record[field.name] = plain(fields[field.name] ?? null);
  return record;
}

function avroCodec(type: avro.Type, registryId: number | null): ValueCodec {
  return {
    encode(fields) {
      const body = type.toBuffer(avroRecord(type, fields));
      if (registryId === null) return body;
      const header = Buffer.alloc(5);
      header.writeUInt32BE(registryId, 1);
      return Buffer.concat([header, body]);
    },
    decode(value) {
      if (value === null) return {};
      try {
        const body = registryId === null ? value : confluentBody(value);
        return toFields(type.fromBuffer(body) as Record<string, unknown>);
      } catch (e) {
        return `invalid Avro: ${(e as Error).message}`;
      }
    },
  };
}

function confluentBody(value: Buffer): Buffer {
  if (value.length < 5 || value[0] !== 0) throw new Error('not in the schema registry wire format (magic byte 0)');
  return value.subarray(5);
}

/** Avro with the subject's latest schema from a Confluent-compatible registry, fetched by `init`. */
function registryAvroCodec(url: string, subject: string): ValueCodec {
  let codec: ValueCodec | null = null;
  const unready = 'the schema registry has not answered yet';
  return {
    async init() {
      const response = await fetch(`${url.replace(/\/+$/, '')}/subjects/${encodeURIComponent(subject)}/versions/latest`);
      if (!response.ok) throw new Error(`schema registry ${url}: subject '${subject}' → HTTP ${response.status}`);
      const latest = (await response.json()) as { id: number; schema: string };
      codec = avroCodec(avro.Type.forSchema(JSON.parse(latest.schema) as avro.Schema), latest.id);
    },
    encode(fields) {
      if (!codec) throw new Error(unready);
      return codec.encode(fields);
    },
    decode(value) {
      return codec ? codec.decode(value) : unready;
    },
  };
}

function protobufCodec(text: string, messageType: string | undefined): ValueCodec {
  const root = protobuf.parse(text, { keepCase: true }).root;
  const type = messageType ? root.lookupType(messageType) : firstMessageType(root);
  return {
    encode(fields) {
      const object: Record<string, unknown> = {};
      for (const field of type.fieldsArray) {
        const v = fields[field.name];
        if (v !== undefined && v !== null) object[field.name] = plain(v);
      }
      return Buffer.from(type.encode(type.fromObject(object)).finish());
    },
    decode(value) {
      if (value === null) return {};
      try {
        const message = type.decode(value);
        return toFields(type.toObject(message, { longs: Number, enums: String, defaults: true }));
      } catch (e) {
        return `invalid Protobuf ${type.name}: ${(e as Error).message}`;
      }
    },
  };
}

function firstMessageType(root: protobuf.Root): protobuf.Type {
  const search = (ns: protobuf.NamespaceBase): protobuf.Type | undefined => {
    for (const nested of ns.nestedArray) {
      if (nested instanceof protobuf.Type) return nested;
      if (nested instanceof protobuf.Namespace) {
        const found = search(nested);
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = search(root);
  if (!found) throw new Error('the .proto defines no message');
  return found;
}
