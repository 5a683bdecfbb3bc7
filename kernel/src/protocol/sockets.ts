/**
 * The five kernel sockets (spec §1.2): shell and control ROUTER, stdin ROUTER, iopub XPUB, heartbeat
 * REP. Each socket has one receive loop and one send queue. Everything above this module sees
 * verified `IncomingMessage`s and sends `OutgoingMessage`s.
 *
 * IOPub is an XPUB so the kernel learns when a client has subscribed: a PUB drops whatever it sends
 * before a subscriber's subscription has arrived (the ZeroMQ "slow joiner"), so a client that sends
 * a request right after connecting could lose its output. Shell requests are therefore served only
 * after the first subscription (or a grace period for clients that never subscribe).
 *
 * IOPub never drops a message (XPUB_NODROP, docs/decisions.md "IOPub back-pressure"): when a
 * client's pipe is full, sends wait, so its queue and the awaiting publishers slow down instead.
 * Shell requests are not read while IOPub holds more than IOPUB_QUEUE_LIMIT_BYTES unsent, which
 * bounds what a client that stops reading can make the kernel hold; control is always served.
 */
import * as zmq from 'zeromq';
import { KernelError } from '../errors';
import { type Logger, rateLimited } from '../log';
import { decode, encode, iopubTopic } from './codec';
import { type ConnectionInfo, type SocketName, socketAddress } from './connection';
import {
  type Channel,
  HeaderFactory,
  type IncomingMessage,
  type OutgoingMessage,
} from './messages';
import { type SendFunction, SendQueue } from './send-queue';
import { ReplayGuard, Signer } from './signer';

/** What the session layer needs from the wire: send a message on a channel. */
export interface Transport {
  readonly session: string;
  /** `coalesceKey`: an unsent IOPub message with the same key is replaced (display updates only). */
  send(channel: Channel, message: OutgoingMessage, coalesceKey?: string): Promise<void>;
}

type RequestChannel = Exclude<Channel, 'iopub'>;

export interface SocketListeners {
  /** Every verified message from shell, control and stdin. */
  request(message: IncomingMessage): void;
  /** A client subscribed to IOPub: what is published from now on reaches it. */
  subscribed(): void;
}

/** Sockets are closed at most this long after shutdown even if a peer never reads. */
const LINGER_MS = 1000;

/**
 * Shell requests wait at most this long after binding for a first IOPub subscription. Clients
 * connect within milliseconds of the bind, so this only delays a client that never subscribes.
 */
const IOPUB_GRACE_MS = 1500;

/**
 * ZeroMQ's per-client IOPub pipe, in messages. Small, so that a backed-up socket backs up into the
 * send queue, where display updates coalesce and bytes are counted, rather than into ZeroMQ.
 */
const IOPUB_SEND_HWM = 200;

/** Unsent IOPub bytes above which shell requests wait (only protocol messages can get this far). */
const IOPUB_QUEUE_LIMIT_BYTES = 8 * 1024 * 1024;

/** Longest pause between two attempts to hand a message to a full IOPub socket. */
const IOPUB_RETRY_MAX_MS = 20;

/** First byte of the message an XPUB socket receives for a subscription (0 is an unsubscription). */
const SUBSCRIBE = 1;

export class KernelSockets implements Transport {
  private readonly queues: Record<Channel, SendQueue>;
  private readonly warnRejected: (message: string) => void;
  private readonly replays = new ReplayGuard();

  private constructor(
    private readonly sockets: {
      shell: zmq.Router;
      control: zmq.Router;
      stdin: zmq.Router;
      iopub: zmq.XPublisher;
      hb: zmq.Reply;
    },
    /** When the sockets were bound: the IOPub grace period counts from here. */
    private readonly boundAt: number,
    private readonly signer: Signer,
    private readonly headers: HeaderFactory,
    private readonly log: Logger,
  ) {
    const queue = (send: SendFunction, name: string, capacityBytes?: number) =>
      new SendQueue(
        send,
        (error) => log.error(`send on ${name} failed: ${(error as Error).message}`),
        capacityBytes,
      );
    const plain = (socket: zmq.Router) => (frames: Buffer[]) => socket.send(frames);
    this.queues = {
      shell: queue(plain(sockets.shell), 'shell'),
      control: queue(plain(sockets.control), 'control'),
      stdin: queue(plain(sockets.stdin), 'stdin'),
      iopub: queue((frames) => sendUntilTaken(sockets.iopub, frames), 'iopub', IOPUB_QUEUE_LIMIT_BYTES),
    };
    this.warnRejected = rateLimited((message) => log.warn(message));
  }

  /** Binds exactly the ports of the connection file; a failed bind is a KernelError naming the socket. */
  static async bind(
    info: ConnectionInfo,
    log: Logger,
    headers = new HeaderFactory(),
  ): Promise<KernelSockets> {
    const signer = new Signer(info.signature_scheme, info.key);
    const sockets = {
      shell: new zmq.Router({ linger: LINGER_MS }),
      control: new zmq.Router({ linger: LINGER_MS }),
      stdin: new zmq.Router({ linger: LINGER_MS }),
      // allSubs: report every client's subscription, not only the first one to the same topic.
      iopub: new zmq.XPublisher({
        linger: LINGER_MS,
        verbosity: 'allSubs',
        noDrop: true,
        sendHighWaterMark: IOPUB_SEND_HWM,
      }),
      hb: new zmq.Reply({ linger: 0 }),
    };
    for (const name of Object.keys(sockets) as SocketName[]) {
      const address = socketAddress(info, name);
      try {
        await sockets[name].bind(address);
      } catch (error) {
        for (const socket of Object.values(sockets)) socket.close();
        throw new KernelError(
          'VK003',
          `cannot bind ${name} socket to ${address}: ${(error as Error).message}`,
        );
      }
    }
    return new KernelSockets(sockets, Date.now(), signer, headers, log);
  }

  get session(): string {
    return this.headers.session;
  }

  /**
   * Starts the receive loops. Control and stdin are served at once; shell from the first IOPub
   * subscription, or from IOPUB_GRACE_MS after binding if none arrives (requests wait in ZeroMQ).
   */
  listen(listeners: SocketListeners): void {
    void this.echoHeartbeats();
    void this.receive('control', listeners.request);
    void this.receive('stdin', listeners.request);
    // Resolved after the first subscription's listener ran, so whatever it publishes precedes
    // every reaction to a shell request.
    const firstSubscription = new Promise<void>((resolve) => {
      void this.watchSubscriptions(() => {
        listeners.subscribed();
        resolve();
      });
    });
    let grace: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => {
      grace = setTimeout(resolve, Math.max(0, this.boundAt + IOPUB_GRACE_MS - Date.now()));
    });
    void Promise.race([firstSubscription, graceOver]).then(() => {
      clearTimeout(grace);
      void this.receive('shell', listeners.request);
    });
  }

  send(channel: Channel, message: OutgoingMessage, coalesceKey?: string): Promise<void> {
    let frames: Buffer[];
    try {
      frames = encode(message, this.headers, this.signer);
    } catch (error) {
      // e.g. a BigInt in content: a bug upstream, but it must not stop the caller's busy/idle cycle.
      this.log.error(`cannot encode ${message.msgType}: ${(error as Error).message}`);
      return Promise.resolve();
    }
    if (channel === 'iopub') frames.unshift(iopubTopic(this.session, message.msgType));
    return this.queues[channel].enqueue(frames, coalesceKey);
  }

  /** Sends everything still queued, then closes all sockets. */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.flush()));
    for (const socket of Object.values(this.sockets)) socket.close();
  }

  private async receive(
    channel: RequestChannel,
    onRequest: (message: IncomingMessage) => void,
  ): Promise<void> {
    try {
      for await (const frames of this.sockets[channel]) {
        const result = decode(frames, channel, this.signer, this.replays);
        if (result.ok) onRequest(result.message);
        else if (result.problem === 'malformed')
          this.log.warn(`dropped message on ${channel}: ${result.detail}`);
        else this.warnRejected(`dropped message on ${channel}: ${result.detail}`);
        // Requests wait in ZeroMQ while a client that stopped reading IOPub holds it up.
        if (channel === 'shell') await this.queues.iopub.room();
      }
    } catch (error) {
      if (!this.sockets[channel].closed)
        this.log.error(`${channel} receive loop ended: ${(error as Error).message}`);
    }
  }

  /** Calls `subscribed` for every IOPub subscription (unsubscriptions are ignored). */
  private async watchSubscriptions(subscribed: () => void): Promise<void> {
    const iopub = this.sockets.iopub;
    try {
      for await (const [frame] of iopub) if (frame?.[0] === SUBSCRIBE) subscribed();
    } catch (error) {
      if (!iopub.closed)
        this.log.error(`iopub subscription loop ended: ${(error as Error).message}`);
    }
  }

  /** Echo loop, independent of all other work so a busy kernel still answers heartbeats. */
  private async echoHeartbeats(): Promise<void> {
    const hb = this.sockets.hb;
    try {
      for await (const frames of hb) await hb.send(frames);
    } catch (error) {
      if (!hb.closed) this.log.error(`heartbeat loop ended: ${(error as Error).message}`);
    }
  }
}

/**
 * Sends on the XPUB_NODROP IOPub socket, waiting while a client's pipe is full. libzmq reports a full
 * pipe as EAGAIN at once, and the socket still polls writable (XPUB's "has out" ignores NODROP), so
 * zeromq.js cannot wait for it: retry with a short, growing pause until the socket takes the message.
 */
async function sendUntilTaken(socket: zmq.XPublisher, frames: Buffer[]): Promise<void> {
  for (let pause = 1; ; pause = Math.min(pause * 2, IOPUB_RETRY_MAX_MS)) {
    try {
      return await socket.send(frames);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN' || socket.closed) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
