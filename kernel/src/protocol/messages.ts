/**
 * Jupyter message shapes (messaging protocol 5.3). Pure types and header construction; no sockets.
 */
import { randomUUID } from 'node:crypto';

export const PROTOCOL_VERSION = '5.3';

export type Channel = 'shell' | 'control' | 'stdin' | 'iopub';

/** A JSON object as carried in headers, metadata and content. */
export type JsonObject = { [key: string]: unknown };

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [extra: string]: unknown;
}

/** The parent of a message: a request header, or `{}` (only for `status: starting`). */
export type ParentHeader = MessageHeader | Record<string, never>;

/** A verified, decoded message as received from a client. */
export interface IncomingMessage {
  channel: Channel;
  /** ROUTER identity frames: replies and stdin requests go back to them. */
  identities: Buffer[];
  header: MessageHeader;
  parentHeader: JsonObject;
  metadata: JsonObject;
  content: JsonObject;
  buffers: Buffer[];
}

/** A message the kernel is about to send; the header is created at encoding time. */
export interface OutgoingMessage {
  msgType: string;
  parent: ParentHeader;
  content: JsonObject;
  metadata?: JsonObject;
  identities?: Buffer[];
}

/** Creates headers for one kernel process: one session id, a fresh msg_id and date per message. */
export class HeaderFactory {
  constructor(
    readonly session: string = randomUUID(),
    private readonly username: string = 'velostream',
  ) {}

  create(msgType: string): MessageHeader {
    return {
      msg_id: randomUUID(),
      session: this.session,
      username: this.username,
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    };
  }
}

/** `<x>_request` → `<x>_reply`. */
export function replyType(requestType: string): string {
  return requestType.replace(/_request$/, '_reply');
}
