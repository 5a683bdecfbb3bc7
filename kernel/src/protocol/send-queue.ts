/**
 * One FIFO send queue per socket with a single drain loop: zeromq v6 allows only one pending send()
 * per socket (zeromq.js#381). Writers await `enqueue`; a failed send is logged and the queue goes on.
 */
export type SendFunction = (frames: Buffer[]) => Promise<void>;

interface Pending {
  frames: Buffer[];
  /** Messages with the same key may replace each other while unsent (IOPub display updates). */
  coalesceKey?: string;
  settle: Array<() => void>;
}

export class SendQueue {
  private readonly pending: Pending[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly send: SendFunction,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves once the frames were handed to the socket (or the send failed and was logged). */
  enqueue(frames: Buffer[], coalesceKey?: string): Promise<void> {
    return new Promise((resolve) => {
      const replaceable =
        coalesceKey === undefined
          ? undefined
          : this.pending.find((p) => p.coalesceKey === coalesceKey);
      if (replaceable) {
        replaceable.frames = frames;
        replaceable.settle.push(resolve);
      } else {
        this.pending.push({ frames, coalesceKey, settle: [resolve] });
      }
      this.draining ??= this.drain();
    });
  }

  /** Resolves when everything queued so far has been sent. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  get length(): number {
    return this.pending.length;
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        try {
          await this.send(next.frames);
        } catch (error) {
          this.onError(error);
        }
        for (const settle of next.settle) settle();
      }
    } finally {
      this.draining = undefined;
    }
  }
}
