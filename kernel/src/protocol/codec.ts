/**
 * Wire codec: `[identity…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffer…]`.
 * Decoding verifies the signature before any JSON is parsed; failures are values, never exceptions.
 */
import type { Signer, ReplayGuard } from './signer';
import type {
  Channel,
  HeaderFactory,
  IncomingMessage,
  JsonObject,
  MessageHeader,
  OutgoingMessage,
} from './messages';

export const DELIMITER = Buffer.from('<IDS|MSG>', 'utf8');

export type DecodeResult =
  | { ok: true; message: IncomingMessage }
  | { ok: false; problem: 'malformed' | 'bad-signature' | 'replayed'; detail: string };

export function decode(
  frames: readonly Buffer[],
  channel: Channel,
  signer: Signer,
  replays?: ReplayGuard,
): DecodeResult {
  const at = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (at < 0) return { ok: false, problem: 'malformed', detail: 'no <IDS|MSG> delimiter' };
  if (frames.length - at - 1 < 5)
    return { ok: false, problem: 'malformed', detail: 'fewer than 5 frames after delimiter' };

  const signature = frames[at + 1];
  const signed = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, signed)) {
    return {
      ok: false,
      problem: 'bad-signature',
      detail: `invalid signature on ${describeType(signed[0])}`,
    };
  }
  if (replays && !replays.accept(signature.toString('ascii'))) {
    return {
      ok: false,
      problem: 'replayed',
      detail: `duplicate signature on ${describeType(signed[0])}`,
    };
  }

  const [header, parentHeader, metadata, content] = signed.map(parseObject);
  if (!header || !parentHeader || !metadata || !content) {
    return { ok: false, problem: 'malformed', detail: 'a signed frame is not a JSON object' };
  }
  if (typeof header.msg_type !== 'string' || typeof header.msg_id !== 'string') {
    return { ok: false, problem: 'malformed', detail: 'header lacks msg_type or msg_id' };
  }
  return {
    ok: true,
    message: {
      channel,
      identities: frames.slice(0, at),
      header: header as MessageHeader,
      parentHeader,
      metadata,
      content,
      buffers: frames.slice(at + 6),
    },
  };
}

/** Encodes with a fresh header; the signature is computed over the exact bytes sent. */
export function encode(message: OutgoingMessage, headers: HeaderFactory, signer: Signer): Buffer[] {
  const signed = [
    headers.create(message.msgType),
    message.parent,
    message.metadata ?? {},
    message.content,
  ].map((part) => Buffer.from(JSON.stringify(part), 'utf8'));
  return [
    ...(message.identities ?? []),
    DELIMITER,
    Buffer.from(signer.sign(signed), 'ascii'),
    ...signed,
  ];
}

/** IOPub topic frame: `kernel.<session>.<msg_type>`. */
export function iopubTopic(session: string, msgType: string): Buffer {
  return Buffer.from(`kernel.${session}.${msgType}`, 'utf8');
}

function parseObject(frame: Buffer): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(frame.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The message type for a log line, if the (unverified) header is readable; nothing else is revealed. */
function describeType(headerFrame: Buffer): string {
  const msgType = parseObject(headerFrame)?.msg_type;
  return typeof msgType === 'string' && /^[a-z_]{1,64}$/.test(msgType) ? msgType : 'a message';
}
