/**
 * Request routing for shell and control (spec §1.5–§1.11): busy/idle around every request, the
 * execute queue with its counter and stop_on_error, interrupt, shutdown, stdin, history and comms.
 * Knows nothing about sockets (it talks to a Transport) or SQL (it talks to an Executor).
 */
import { KernelError } from '../errors';
import type { Logger } from '../log';
import { codePointToUtf16, utf16ToCodePoint } from '../protocol/cursor';
import {
  type Channel,
  type IncomingMessage,
  type JsonObject,
  type MessageHeader,
  type ParentHeader,
  PROTOCOL_VERSION,
  replyType,
} from '../protocol/messages';
import type { Transport } from '../protocol/sockets';
import type { CommRegistry } from './comms';
import type { ExecuteOutcome, ExecuteRequestInfo, ExecutionContext, Executor } from './executor';
import type { History } from './history';
import { ASK_EXIT_PAYLOAD, isExitCommand } from './exit-command';
import { CellOutput } from './output';
import { bool, int, parseExecuteRequest, parseHistoryRequest, str } from './requests';

export interface SessionOptions {
  transport: Transport;
  executor: Executor;
  comms: CommRegistry;
  history: History;
  log: Logger;
  /** Called once after a shutdown_request was answered (or on SIGTERM): flush, close, exit. */
  onShutdown(restart: boolean): void;
}

/** A cancelled cell must reply within 1 s of the interrupt (spec §1.11); keep a margin for the reply itself. */
const INTERRUPT_DEADLINE_MS = 900;

/** The executor gets this long to stop its jobs on shutdown (spec §1.11). */
const SHUTDOWN_GRACE_MS = 2000;

const ABORTED: Omit<ExecuteOutcome & { status: 'error' }, 'status'> = {
  ename: 'ExecutionAborted',
  evalue: 'not run: an earlier cell failed',
  traceback: [],
};

interface RunningCell {
  request: IncomingMessage;
  controller: AbortController;
}

interface PendingInput {
  resolve(value: string): void;
  reject(error: Error): void;
}

type Handler = (request: IncomingMessage) => Promise<JsonObject | undefined>;

type ExecutionState = 'starting' | 'busy' | 'idle';

export class KernelSession {
  private executionCount = 0;
  private readonly executeQueue: IncomingMessage[] = [];
  private draining = false;
  private running: RunningCell | undefined;
  private pendingInput: PendingInput | undefined;
  private shuttingDown = false;
  /** The last status published: what a client subscribed from the start would believe. */
  private executionState: ExecutionState = 'starting';
  private readonly handlers: Record<string, Handler>;
  /** Replies that must be valid even when their handler fails (§1.5). */
  private readonly fallbacks: Record<string, (request: IncomingMessage) => JsonObject>;

  constructor(private readonly options: SessionOptions) {
    this.handlers = {
      kernel_info_request: async () => ({
        status: 'ok',
        protocol_version: PROTOCOL_VERSION,
        ...this.options.executor.kernelInfo(),
        debugger: false,
        supported_features: [],
      }),
      complete_request: (r) => this.complete(r),
      inspect_request: (r) => this.inspect(r),
      is_complete_request: async (r) => ({ ...this.options.executor.isComplete(str(r.content.code)) }),
      history_request: async (r) => this.history(r),
      comm_info_request: async (r) => ({
        status: 'ok',
        comms: this.options.comms.info(
          typeof r.content.target_name === 'string' ? r.content.target_name : undefined,
        ),
      }),
      comm_open: (r) => this.noReply(this.options.comms.handleOpen(r.content, r.buffers, r.header)),
      comm_msg: (r) =>
        this.noReply(this.options.comms.handleMessage(r.content, r.buffers, r.header)),
      comm_close: (r) =>
        this.noReply(this.options.comms.handleClose(r.content, r.buffers, r.header)),
      interrupt_request: async () => {
        this.interrupt();
        return { status: 'ok' };
      },
      shutdown_request: async (r) => {
        this.shuttingDown = true;
        await this.stopEverything();
        return { status: 'ok', restart: bool(r.content.restart, false) };
      },
    };
    this.fallbacks = {
      complete_request: (r) => {
        const cursor = int(r.content.cursor_pos, 0);
        return {
          status: 'ok',
          matches: [],
          cursor_start: cursor,
          cursor_end: cursor,
          metadata: { _jupyter_types_experimental: [] },
        };
      },
      inspect_request: () => ({ status: 'ok', found: false, data: {}, metadata: {} }),
      is_complete_request: () => ({ status: 'unknown' }),
    };
  }

  /**
   * Tells a client that just subscribed to IOPub the current execution state, parent `{}`: the
   * `status: starting` of spec §1.2 for a client that subscribed before the first request, the
   * last busy/idle for a later one. A status published before any subscription reaches nobody, so
   * this replaces publishing `starting` once at bind time. It also shows the client that its
   * subscription is live, as protocol 5.5's `iopub_welcome` does, in a message 5.3 clients know.
   */
  greetSubscriber(): Promise<void> {
    return this.publish('status', { execution_state: this.executionState }, {});
  }

  /** Entry point for every verified message from shell, control and stdin. Never throws. */
  handle(request: IncomingMessage): void {
    if (request.channel === 'stdin') return this.handleStdin(request);
    if (request.header.msg_type === 'execute_request') {
      this.executeQueue.push(request);
      void this.drainExecuteQueue();
      return;
    }
    void this.handleImmediately(request);
  }

  /** interrupt_request and SIGINT: cancel the foreground cell and any stdin wait; never exits. */
  interrupt(): void {
    this.running?.controller.abort();
    this.pendingInput?.reject(new KernelError('VK011', 'input cancelled by interrupt'));
    this.pendingInput = undefined;
    this.options.executor.interrupt();
  }

  /** SIGTERM: the same as shutdown_request without a reply. */
  async terminate(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    await this.stopEverything();
    this.options.onShutdown(false);
  }

  /**
   * busy → reply → idle. The statuses are queued in order but not awaited: a client that stopped
   * reading IOPub holds them up, and must not delay kernel_info or interrupt replies.
   */
  private async handleImmediately(request: IncomingMessage): Promise<void> {
    const msgType = request.header.msg_type;
    void this.status('busy', request.header);
    const handler = Object.hasOwn(this.handlers, msgType) ? this.handlers[msgType] : undefined;
    if (!handler) {
      this.options.log.debug(`no handler for ${msgType} on ${request.channel}`);
    } else {
      let reply: JsonObject | undefined;
      try {
        reply = await handler(request);
      } catch (error) {
        this.options.log.error(`${msgType} failed: ${describe(error)}`);
        reply = (Object.hasOwn(this.fallbacks, msgType)
          ? this.fallbacks[msgType](request)
          : undefined) ?? {
          status: 'error',
          ename: 'InternalError',
          evalue: errorMessage(error),
          traceback: [],
        };
      }
      if (reply) await this.reply(request, reply);
    }
    void this.status('idle', request.header);
    // Keep the frontend's indicator busy while a cell still runs (JupyterLab reads every status).
    if (this.running && !this.shuttingDown) void this.status('busy', this.running.request.header);
    if (msgType === 'shutdown_request')
      this.options.onShutdown(bool(request.content.restart, false));
  }

  private async drainExecuteQueue(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.executeQueue.shift(); next; next = this.executeQueue.shift()) {
        await this.execute(next);
      }
    } finally {
      this.draining = false;
    }
  }

  private async execute(request: IncomingMessage): Promise<void> {
    const { userExpressions, ...info } = parseExecuteRequest(request.content, request.metadata);
    await this.status('busy', request.header);

    const blank = info.code.trim() === '';
    const stored = info.storeHistory && !blank;
    if (stored) this.executionCount++;
    const count = this.executionCount;
    const output = new CellOutput(
      (t, c, p, k) => this.publish(t, c, p, k),
      request.header,
      count,
      info.silent,
      this.options.executor.resultLimit?.(),
    );

    let outcome: ExecuteOutcome = { status: 'ok' };
    if (!blank) {
      if (!info.silent)
        await this.publish(
          'execute_input',
          { code: info.code, execution_count: count },
          request.header,
        );
      outcome = isExitCommand(info.code)
        ? { status: 'ok', payload: [ASK_EXIT_PAYLOAD] }
        : await this.runCell(request, info, count, output);
      await output.reportHiddenResults();
    }

    let reply: JsonObject;
    // stop_on_error: the cells queued behind a failed one are aborted; its error says so, since
    // frontends show them as empty prompts without any output of their own.
    const aborted = outcome.status === 'error' && info.stopOnError ? this.executeQueue.splice(0) : [];
    if (outcome.status === 'error') {
      const { ename, evalue } = outcome;
      const traceback = aborted.length > 0 ? [...outcome.traceback, notRunLine(aborted.length)] : outcome.traceback;
      await output.error(ename, evalue, traceback);
      reply = { status: 'error', execution_count: count, ename, evalue, traceback };
    } else {
      reply = {
        status: 'ok',
        execution_count: count,
        payload: outcome.payload ?? [],
        user_expressions: await this.userExpressions(userExpressions),
      };
    }
    if (stored) this.options.history.record(count, info.code, output.lastResultText);

    await this.reply(request, reply);
    // Requests that arrived while the error was being published were queued before the reply too.
    if (outcome.status === 'error' && info.stopOnError) aborted.push(...this.executeQueue.splice(0));
    await this.status('idle', request.header);
    for (const queued of aborted) await this.abort(queued);
  }

  /** A queued request skipped because an earlier cell failed: busy, error reply, idle; no execute_input. */
  private async abort(request: IncomingMessage): Promise<void> {
    await this.status('busy', request.header);
    await this.reply(request, {
      status: 'error',
      execution_count: this.executionCount,
      ...ABORTED,
    });
    await this.status('idle', request.header);
  }

  /** Runs the cell in the executor as the interruptible foreground work. */
  private async runCell(
    request: IncomingMessage,
    info: ExecuteRequestInfo,
    count: number,
    output: CellOutput,
  ): Promise<ExecuteOutcome> {
    const controller = new AbortController();
    this.running = { request, controller };
    const ctx: ExecutionContext = {
      request: info,
      executionCount: count,
      signal: controller.signal,
      output,
      input: (prompt, options) =>
        this.input(request, info.allowStdin, controller.signal, prompt, options?.password ?? false),
    };
    try {
      const execution = this.options.executor.execute(info.code, ctx);
      return await Promise.race([execution, this.interruptDeadline(controller.signal, execution)]);
    } catch (error) {
      this.options.log.error(`executor failed: ${describe(error)}`);
      return {
        status: 'error',
        ename: 'InternalError',
        evalue: errorMessage(error),
        traceback: [`InternalError: ${errorMessage(error)}`],
      };
    } finally {
      this.running = undefined;
    }
  }

  /**
   * Settles INTERRUPT_DEADLINE_MS after an interrupt if the executor has not ended the cell by
   * then, so the kernel answers within the protocol's 1 s even if an executor ignores its signal.
   */
  private interruptDeadline(
    signal: AbortSignal,
    execution: Promise<unknown>,
  ): Promise<ExecuteOutcome> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const clear = () => clearTimeout(timer);
      execution.then(clear, clear);
      signal.addEventListener(
        'abort',
        () => {
          timer = setTimeout(() => {
            this.options.log.warn(
              `executor did not stop within ${INTERRUPT_DEADLINE_MS} ms of an interrupt`,
            );
            resolve({
              status: 'error',
              ename: 'KeyboardInterrupt',
              evalue: 'interrupted',
              traceback: [],
            });
          }, INTERRUPT_DEADLINE_MS);
        },
        { once: true },
      );
    });
  }

  private async userExpressions(expressions: Record<string, string>): Promise<JsonObject> {
    if (Object.keys(expressions).length === 0) return {};
    try {
      return await this.options.executor.evaluateUserExpressions(expressions);
    } catch (error) {
      this.options.log.error(`user_expressions failed: ${describe(error)}`);
      const failed = {
        status: 'error',
        ename: 'InternalError',
        evalue: errorMessage(error),
        traceback: [],
      };
      return Object.fromEntries(Object.keys(expressions).map((name) => [name, failed]));
    }
  }

  private input(
    request: IncomingMessage,
    allowed: boolean,
    signal: AbortSignal,
    prompt: string,
    password: boolean,
  ): Promise<string> {
    if (!allowed)
      return Promise.reject(
        new KernelError('VK010', 'this request does not allow stdin (allow_stdin is false)'),
      );
    if (signal.aborted)
      return Promise.reject(new KernelError('VK011', 'input cancelled by interrupt'));
    this.pendingInput?.reject(new KernelError('VK011', 'input superseded by a newer prompt'));
    return new Promise<string>((resolve, reject) => {
      this.pendingInput = { resolve, reject };
      void this.options.transport.send('stdin', {
        msgType: 'input_request',
        parent: request.header,
        content: { prompt, password },
        identities: request.identities,
      });
    });
  }

  private handleStdin(message: IncomingMessage): void {
    if (message.header.msg_type !== 'input_reply' || !this.pendingInput) {
      this.options.log.info(`unexpected ${message.header.msg_type} on stdin ignored`);
      return;
    }
    this.pendingInput.resolve(str(message.content.value));
    this.pendingInput = undefined;
  }

  private async complete(request: IncomingMessage): Promise<JsonObject> {
    const code = str(request.content.code);
    const cursor = codePointToUtf16(code, int(request.content.cursor_pos, Number.MAX_SAFE_INTEGER));
    const result = await this.options.executor.complete(code, cursor);
    const points = (index: number) => utf16ToCodePoint(code, index);
    return {
      status: 'ok',
      matches: result.matches,
      cursor_start: points(result.cursorStart),
      cursor_end: points(result.cursorEnd),
      metadata: {
        _jupyter_types_experimental: (result.items ?? []).map((item) => ({
          ...item,
          start: points(item.start),
          end: points(item.end),
        })),
      },
    };
  }

  private async inspect(request: IncomingMessage): Promise<JsonObject> {
    const code = str(request.content.code);
    const cursor = codePointToUtf16(code, int(request.content.cursor_pos, Number.MAX_SAFE_INTEGER));
    const result = await this.options.executor.inspect(
      code,
      cursor,
      int(request.content.detail_level, 0),
    );
    return {
      status: 'ok',
      found: result.found,
      data: result.found ? result.data : {},
      metadata: result.metadata ?? {},
    };
  }

  private history(request: IncomingMessage): JsonObject {
    const query = parseHistoryRequest(request.content);
    const withOutput = bool(request.content.output, false);
    const entries = query ? this.options.history.query(query) : [];
    return {
      status: 'ok',
      history: entries.map((e) => [e.session, e.line, withOutput ? [e.input, e.output] : e.input]),
    };
  }

  /** Shutdown: cancel the foreground cell, then give the executor a bounded time to stop its jobs. */
  private async stopEverything(): Promise<void> {
    this.interrupt();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    try {
      await Promise.race([this.options.executor.shutdown(), grace]);
    } catch (error) {
      this.options.log.warn(`executor shutdown failed: ${describe(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async noReply(work: Promise<void>): Promise<undefined> {
    await work;
    return undefined;
  }

  private reply(request: IncomingMessage, content: JsonObject): Promise<void> {
    const channel: Channel = request.channel;
    return this.options.transport.send(channel, {
      msgType: replyType(request.header.msg_type),
      parent: request.header,
      content,
      identities: request.identities,
    });
  }

  private status(state: 'busy' | 'idle', parent: MessageHeader): Promise<void> {
    this.executionState = state;
    return this.publish('status', { execution_state: state }, parent);
  }

  private publish(
    msgType: string,
    content: JsonObject,
    parent: ParentHeader,
    coalesceKey?: string,
  ): Promise<void> {
    return this.options.transport.send('iopub', { msgType, parent, content }, coalesceKey);
  }
}

/** The line a failed cell's traceback ends with when queued cells were aborted after it. */
export function notRunLine(count: number): string {
  return count === 1
    ? 'the 1 queued cell after this one was not run'
    : `the ${count.toLocaleString('en-US')} queued cells after this one were not run`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
