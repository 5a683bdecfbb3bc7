/**
 * Comm registry (spec §6): frontend- and kernel-opened comms, routed by comm_id to handlers that
 * other layers register per target name. The registry publishes kernel → frontend traffic on IOPub.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log';
import type { JsonObject, MessageHeader, ParentHeader } from '../protocol/messages';

export type IopubSend = (
  msgType: string,
  content: JsonObject,
  parent: ParentHeader,
) => Promise<void>;

/** One message received on a comm. */
export interface CommMessage {
  data: JsonObject;
  buffers: Buffer[];
  /** Header of the message carrying it: the parent for an answer. */
  header: MessageHeader;
}

export interface Comm {
  readonly id: string;
  readonly targetName: string;
  /** Sends `comm_msg` on IOPub; parent defaults to the message that opened the comm. */
  send(data: JsonObject, parent?: MessageHeader): Promise<void>;
  /** Closes from the kernel side: publishes `comm_close` and forgets the comm. */
  close(data?: JsonObject): Promise<void>;
}

/** What a target handler returns to receive the comm's later traffic. */
export interface CommListener {
  onMessage?(message: CommMessage, comm: Comm): void | Promise<void>;
  onClose?(message: CommMessage | undefined, comm: Comm): void | Promise<void>;
}

export type CommTargetHandler = (comm: Comm, open: CommMessage) => CommListener | void;

interface OpenComm {
  comm: Comm;
  listener: CommListener;
}

export class CommRegistry {
  private readonly targets = new Map<string, CommTargetHandler>();
  private readonly open = new Map<string, OpenComm>();

  constructor(
    private readonly publish: IopubSend,
    private readonly log: Logger,
  ) {}

  /** Registers (or replaces) the handler for comms opened by the frontend with this target name. */
  registerTarget(targetName: string, handler: CommTargetHandler): void {
    this.targets.set(targetName, handler);
  }

  unregisterTarget(targetName: string): void {
    this.targets.delete(targetName);
  }

  /** comm_info_reply content: open comms, optionally only those of one target. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const comms: Record<string, { target_name: string }> = {};
    for (const [id, { comm }] of this.open) {
      if (targetName === undefined || comm.targetName === targetName)
        comms[id] = { target_name: comm.targetName };
    }
    return comms;
  }

  /** Frontend `comm_open`: unknown targets are refused at once with `comm_close`. */
  async handleOpen(content: JsonObject, buffers: Buffer[], header: MessageHeader): Promise<void> {
    const id = String(content.comm_id ?? '');
    const targetName = String(content.target_name ?? '');
    const handler = this.targets.get(targetName);
    if (!id || !handler) {
      this.log.info(`comm_open for unknown target "${targetName}"`);
      await this.publish('comm_close', { comm_id: id, data: {} }, header);
      return;
    }
    const comm = this.createComm(id, targetName, header);
    const listener = handler(comm, { data: asObject(content.data), buffers, header }) ?? {};
    this.open.set(id, { comm, listener });
  }

  async handleMessage(
    content: JsonObject,
    buffers: Buffer[],
    header: MessageHeader,
  ): Promise<void> {
    const entry = this.lookup(content, 'comm_msg');
    if (entry)
      await entry.listener.onMessage?.(
        { data: asObject(content.data), buffers, header },
        entry.comm,
      );
  }

  async handleClose(content: JsonObject, buffers: Buffer[], header: MessageHeader): Promise<void> {
    const entry = this.lookup(content, 'comm_close');
    if (!entry) return;
    this.open.delete(entry.comm.id);
    await entry.listener.onClose?.({ data: asObject(content.data), buffers, header }, entry.comm);
  }

  /** Opens a comm from the kernel side (`comm_open` on IOPub). */
  async openComm(
    targetName: string,
    data: JsonObject,
    parent: MessageHeader,
    listener: CommListener = {},
  ): Promise<Comm> {
    const comm = this.createComm(randomUUID(), targetName, parent);
    this.open.set(comm.id, { comm, listener });
    await this.publish('comm_open', { comm_id: comm.id, target_name: targetName, data }, parent);
    return comm;
  }

  private createComm(id: string, targetName: string, openedBy: MessageHeader): Comm {
    return {
      id,
      targetName,
      send: (data, parent = openedBy) => this.publish('comm_msg', { comm_id: id, data }, parent),
      close: async (data = {}) => {
        if (!this.open.delete(id)) return;
        await this.publish('comm_close', { comm_id: id, data }, openedBy);
      },
    };
  }

  private lookup(content: JsonObject, msgType: string): OpenComm | undefined {
    const entry = this.open.get(String(content.comm_id ?? ''));
    if (!entry) this.log.info(`${msgType} for unknown comm_id ignored`);
    return entry;
  }
}

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}
