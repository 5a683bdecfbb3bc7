/**
 * The frontend end of the kernel's `velostream.assist` comm (kernel spec §6.2): one comm per
 * kernel, reopened when a restart disposed it; each `complete` request becomes an Answer that
 * collects the streamed `chunk`s and ends with the kernel's one `result`.
 */

/** The part of a JupyterLab comm the client uses (a fake one in unit tests). */
export interface AssistComm {
  readonly isDisposed: boolean;
  send(data: Record<string, unknown>): void;
  onMsg: (data: Record<string, unknown>) => void;
}

export type Engine = 'offline' | 'claude';

/** What the kernel has sent for one request so far. */
export interface AnswerState {
  text: string;
  done: boolean;
  engine?: Engine;
  error?: string;
  cancelled?: boolean;
}

/** One request's answer: its state after each message, as an async sequence. */
export class Answer {
  private readonly current: AnswerState = { text: '', done: false };
  private wake: (() => void) | null = null;
  private version = 0;

  constructor(readonly requestId: string) {}

  get state(): AnswerState {
    return { ...this.current };
  }

  receive(data: Record<string, unknown>): void {
    if (data.type === 'chunk') {
      this.current.text += String(data.text ?? '');
      // The kernel names the engine on each chunk, so the ghost text can say it from the start.
      if (data.engine) this.current.engine = data.engine as Engine;
    } else if (data.type === 'result') {
      const items = (data.items as { insertText: string; engine?: Engine }[] | undefined) ?? [];
      // The result carries the validated text, which may be shorter than the streamed one.
      this.current.text = items[0]?.insertText ?? '';
      this.current.engine =
        items[0]?.engine ?? (data.engine as Engine | undefined) ?? this.current.engine;
      this.current.error = (data.error as { message?: string } | undefined)?.message;
      this.current.cancelled = data.cancelled === true;
      this.current.done = true;
    } else return;
    this.version++;
    this.wake?.();
  }

  /** Resolves at the next message (at once when one arrived since `seen`); returns the new version. */
  async next(seen: number): Promise<number> {
    while (this.version === seen && !this.current.done)
      await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    return this.version;
  }
}

export class AssistClient {
  private comm: AssistComm | null = null;
  private readonly answers = new Map<string, Answer>();
  private nextRequest = 0;

  constructor(private readonly openComm: () => AssistComm) {}

  complete(request: { prefix: string; suffix: string; cellId: string }): Answer {
    const comm = this.ensureComm();
    const answer = new Answer(`assist-${++this.nextRequest}`);
    this.answers.set(answer.requestId, answer);
    comm.send({
      type: 'complete',
      request_id: answer.requestId,
      prefix: request.prefix,
      suffix: request.suffix,
      cell_id: request.cellId,
      stream: true,
      max_items: 1,
    });
    return answer;
  }

  private ensureComm(): AssistComm {
    if (this.comm && !this.comm.isDisposed) return this.comm;
    // Requests on a disposed comm (kernel restarted) will never be answered.
    for (const answer of this.answers.values())
      answer.receive({ type: 'result', items: [], cancelled: true });
    this.answers.clear();
    const comm = this.openComm();
    comm.onMsg = (data) => {
      const answer = this.answers.get(String(data.request_id));
      answer?.receive(data);
      if (data.type === 'result') this.answers.delete(String(data.request_id));
    };
    this.comm = comm;
    return comm;
  }
}
