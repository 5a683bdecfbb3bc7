/**
 * One FIFO send queue per socket with a single drain loop: zeromq v6 allows only one pending send()
 * per socket (zeromq.js#381). Writers await `enqueue`; a failed send is logged and the queue goes on.
 *
 * The queue counts the bytes it holds so a reader can pause work that would add to it (`room`):
 * on IOPub, whose socket never drops (XPUB_NODROP), a client that stops reading makes sends wait,
 * and this queue is where waiting messages accumulate.
 */
export type SendFunction = (frames: Buffer[]) => Promise<void>;

interface Pending {
  frames: Buffer[];
  bytes: number;
  /** Messages with the same key may replace each other while unsent (IOPub display updates). */
  coalesceKey?: string;
  settle: Array<() => void>;
}

export class SendQueue {
  private readonly pending: Pending[] = [];
  private draining: Promise<void> | undefined;
  private queuedBytes = 0;
  private roomWaiters: Array<() => void> = [];

  constructor(
    private readonly send: SendFunction,
    private readonly onError: (error: unknown) => void,
    /** `room()` waits while the unsent messages hold more than this many bytes. */
    private readonly capacityBytes = Infinity,
  ) {}

  /** Resolves once the frames were handed to the socket (or the send failed and was logged). */
  enqueue(frames: Buffer[], coalesceKey?: string): Promise<void> {
    return new Promise((resolve) => {
      const bytes = frames.reduce((sum, frame) => sum + frame.length, 0);
      const replaceable =
        coalesceKey === undefined
          ? undefined
          : this.pending.find((p) => p.coalesceKey === coalesceKey);
      if (replaceable) {
        this.queuedBytes += bytes - replaceable.bytes;
        replaceable.frames = frames;
        replaceable.bytes = bytes;
        replaceable.settle.push(resolve);
      } else {
        this.queuedBytes += bytes;
        this.pending.push({ frames, bytes, coalesceKey, settle: [resolve] });
      }
      this.draining ??= this.drain();
    });
  }

  /** Resolves when everything queued so far has been sent. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Resolves at once while the queue holds at most `capacityBytes`, else once it has drained below. */
  room(): Promise<void> {
    if (this.queuedBytes <= this.capacityBytes) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  get length(): number {
    return this.pending.length;
  }

  /** Bytes of the messages not yet handed to the socket. */
  get bytes(): number {
    return this.queuedBytes;
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        try {
          await this.send(next.frames);
        } catch (error) {
          this.onError(error);
        }
        this.queuedBytes -= next.bytes;
        for (const settle of next.settle) settle();
        if (this.queuedBytes <= this.capacityBytes) this.wakeRoomWaiters();
      }
    } finally {
      this.draining = undefined;
    }
  }

  private wakeRoomWaiters(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
