import { randomUUID } from 'node:crypto';
import { silentLogger } from '../log';
import type {
  Channel,
  IncomingMessage,
  JsonObject,
  MessageHeader,
  OutgoingMessage,
} from '../protocol/messages';
import type { Transport } from '../protocol/sockets';
import { CommRegistry } from './comms';
import type { ExecuteOutcome, ExecutionContext, Executor } from './executor';
import { History } from './history';
import { KernelSession } from './session';

interface Sent {
  channel: Channel;
  msgType: string;
  parentId: string | undefined;
  content: JsonObject;
  identities?: Buffer[];
}

class FakeTransport implements Transport {
  readonly session = 'kernel-session';
  readonly sent: Sent[] = [];
  /** IOPub takes messages but never finishes sending them (a client stopped reading). */
  iopubStalled = false;
  async send(channel: Channel, message: OutgoingMessage): Promise<void> {
    if (channel === 'iopub' && this.iopubStalled) await new Promise(() => {});
    this.sent.push({
      channel,
      msgType: message.msgType,
      parentId: (message.parent as MessageHeader).msg_id,
      content: message.content,
      identities: message.identities,
    });
  }
  /** Compact trace of what one request caused, e.g. `iopub:status:busy`, `shell:execute_reply`. */
  trace(request: IncomingMessage): string[] {
    return this.sent
      .filter((s) => s.parentId === request.header.msg_id)
      .map(
        (s) =>
          `${s.channel}:${s.msgType}${s.msgType === 'status' ? ':' + String(s.content.execution_state) : ''}`,
      );
  }
  find(request: IncomingMessage, msgType: string): Sent[] {
    return this.sent.filter((s) => s.parentId === request.header.msg_id && s.msgType === msgType);
  }
}

/** A stub executor whose behaviour is chosen by the cell text. */
class StubExecutor implements Executor {
  shutdownCalls = 0;
  maxResults: number | undefined;
  release: (() => void) | undefined;

  kernelInfo() {
    return {
      implementation: 'stub',
      implementation_version: '0.0.1',
      language_info: { name: 'stub-language', file_extension: '.stub' },
      banner: 'stub banner',
      help_links: [],
    };
  }

  /** Open parentheses continue the cell: enough to show the session asks the executor. */
  isComplete(code: string) {
    const open = (code.match(/\(/g) ?? []).length - (code.match(/\)/g) ?? []).length;
    return open > 0 ? { status: 'incomplete' as const, indent: '    '.repeat(open) } : { status: 'complete' as const };
  }

  async execute(code: string, ctx: ExecutionContext): Promise<ExecuteOutcome> {
    switch (code) {
      case 'fail':
        await ctx.output.stream('stdout', 'before failing\n');
        return {
          status: 'error',
          ename: 'SqlSyntaxError',
          evalue: 'bad (line 1, column 1)',
          traceback: ['tb'],
        };
      case 'throw':
        throw new Error('boom');
      case 'wait':
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        return {
          status: 'error',
          ename: 'KeyboardInterrupt',
          evalue: 'query cancelled',
          traceback: [],
        };
      case 'stuck':
        return new Promise(() => {}); // ignores its abort signal
      case 'block':
        await new Promise<void>((resolve) => (this.release = resolve));
        return { status: 'ok' };
      case 'two live results': {
        // b is the cell's last result; a (say, a query gone to the background) keeps updating after it
        const display = (id: string, text: string) =>
          ctx.output.displayData({ 'text/plain': text }, { displayId: id });
        const update = (id: string, text: string) =>
          ctx.output.updateDisplayData({ 'text/plain': text }, { displayId: id });
        await display('a', 'a: first snapshot');
        await display('b', 'b: first snapshot');
        await update('b', 'b: final snapshot');
        await update('a', 'a: later snapshot');
        return { status: 'ok' };
      }
      case 'six results': {
        await ctx.output.displayData({ 'text/plain': 'a' }, { displayId: 'a' });
        await ctx.output.executeResult({ 'text/plain': 'r1' });
        await ctx.output.executeResult({ 'text/plain': 'r2' });
        await ctx.output.displayData({ 'text/plain': 'b' }, { displayId: 'b' });
        await ctx.output.updateDisplayData({ 'text/plain': 'b2' }, { displayId: 'b' });
        await ctx.output.updateDisplayData({ 'text/plain': 'a2' }, { displayId: 'a' });
        await ctx.output.executeResult({ 'text/plain': 'r3' });
        await ctx.output.stream('stdout', 'note\n');
        await ctx.output.executeResult({ 'text/plain': 'r4' });
        await ctx.output.executeResult({ 'text/plain': 'r5' });
        return { status: 'ok' };
      }
      case 'ask':
        try {
          await ctx.output.stream('stdout', `got ${await ctx.input('name? ')}\n`);
        } catch (error) {
          await ctx.output.stream('stderr', `${(error as { code: string }).code}\n`);
        }
        return { status: 'ok' };
      default:
        await ctx.output.stream('stdout', 'hi\n');
        await ctx.output.executeResult({ 'text/plain': `result of ${code}` });
        return { status: 'ok', payload: [] };
    }
  }
  async complete(code: string, cursor: number) {
    if (code === 'throw') throw new Error('completer bug');
    // Replace the word before the cursor (UTF-16 positions).
    const start = code.slice(0, cursor).search(/\w*$/);
    return {
      matches: ['SELECT'],
      cursorStart: start,
      cursorEnd: cursor,
      items: [{ start, end: cursor, text: 'SELECT', type: 'keyword' }],
    };
  }
  async inspect() {
    return { found: true, data: { 'text/plain': 'doc', 'text/markdown': '*doc*' } };
  }
  async evaluateUserExpressions(expressions: Record<string, string>) {
    return Object.fromEntries(
      Object.entries(expressions).map(([k, v]) => [
        k,
        { status: 'ok' as const, data: { 'text/plain': v }, metadata: {} },
      ]),
    );
  }
  resultLimit(): number {
    return this.maxResults ?? Infinity;
  }
  interrupt(): void {}
  async shutdown(): Promise<void> {
    this.shutdownCalls++;
  }
}

function request(
  msgType: string,
  content: JsonObject = {},
  channel: Channel = 'shell',
  metadata: JsonObject = {},
): IncomingMessage {
  const header: MessageHeader = {
    msg_id: randomUUID(),
    session: 'client',
    username: 'u',
    date: new Date().toISOString(),
    msg_type: msgType,
    version: '5.3',
  };
  return {
    channel,
    identities: [Buffer.from('client-id')],
    header,
    parentHeader: {},
    metadata,
    content,
    buffers: [],
  };
}

const execute = (code: string, extra: JsonObject = {}) =>
  request('execute_request', { code, silent: false, store_history: true, ...extra });

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  if (!condition()) throw new Error('timed out waiting');
}

function setup() {
  const transport = new FakeTransport();
  const executor = new StubExecutor();
  const comms = new CommRegistry(
    (msgType, content, parent) => transport.send('iopub', { msgType, content, parent }),
    silentLogger,
  );
  const history = History.inMemory(silentLogger);
  const shutdowns: boolean[] = [];
  const session = new KernelSession({
    transport,
    executor,
    comms,
    history,
    log: silentLogger,
    onShutdown: (r) => shutdowns.push(r),
  });
  const run = async (...requests: IncomingMessage[]) => {
    for (const r of requests) session.handle(r);
    await waitFor(() => requests.every((r) => transport.trace(r).includes('iopub:status:idle')));
  };
  return { transport, executor, comms, history, session, shutdowns, run };
}

describe('KernelSession', () => {
  afterEach(() => jest.useRealTimers());

  it('greets each IOPub subscriber with the state so far: starting before any request, then the last busy or idle', async () => {
    const { transport, executor, session, run } = setup();
    const greetings = () =>
      transport.sent.filter((s) => s.parentId === undefined).map((s) => s.content.execution_state);
    await session.greetSubscriber();
    await run(request('kernel_info_request'));
    await session.greetSubscriber();
    const running = execute('block');
    session.handle(running);
    await waitFor(() => executor.release !== undefined);
    await session.greetSubscriber();
    expect(greetings()).toEqual(['starting', 'idle', 'busy']);
    expect(transport.sent[0]).toEqual({
      channel: 'iopub',
      msgType: 'status',
      parentId: undefined,
      content: { execution_state: 'starting' },
      identities: undefined,
    });
    executor.release!();
    await run(running);
  });

  it.each(['shell', 'control'] as const)(
    'answers kernel_info on %s between busy and idle',
    async (channel) => {
      const { transport, run } = setup();
      const r = request('kernel_info_request', {}, channel);
      await run(r);
      expect(transport.trace(r)).toEqual([
        'iopub:status:busy',
        `${channel}:kernel_info_reply`,
        'iopub:status:idle',
      ]);
      const reply = transport.find(r, 'kernel_info_reply')[0];
      expect(reply.identities).toEqual([Buffer.from('client-id')]);
      expect(reply.content).toMatchObject({
        status: 'ok',
        protocol_version: '5.3',
        implementation: 'stub',
        language_info: { name: 'stub-language', file_extension: '.stub' },
        banner: 'stub banner',
        debugger: false,
      });
    },
  );

  it('runs a cell: busy, execute_input, outputs, reply, idle, all parented to the request', async () => {
    const { transport, run } = setup();
    const r = execute('SELECT 1;', { user_expressions: { a: 'p' } });
    await run(r);
    expect(transport.trace(r)).toEqual([
      'iopub:status:busy',
      'iopub:execute_input',
      'iopub:stream',
      'iopub:execute_result',
      'shell:execute_reply',
      'iopub:status:idle',
    ]);
    expect(transport.find(r, 'execute_input')[0].content).toEqual({
      code: 'SELECT 1;',
      execution_count: 1,
    });
    expect(transport.find(r, 'execute_result')[0].content).toMatchObject({ execution_count: 1 });
    expect(transport.find(r, 'execute_reply')[0].content).toEqual({
      status: 'ok',
      execution_count: 1,
      payload: [],
      user_expressions: { a: { status: 'ok', data: { 'text/plain': 'p' }, metadata: {} } },
    });
  });

  it('counts only stored, non-blank cells; silent cells publish nothing but busy and idle', async () => {
    const { transport, run } = setup();
    const silent = execute('x', { silent: true });
    const unstored = execute('y', { store_history: false });
    const blank = execute('  \n');
    const stored = execute('z');
    await run(silent, unstored, blank, stored);
    expect(transport.trace(silent)).toEqual([
      'iopub:status:busy',
      'shell:execute_reply',
      'iopub:status:idle',
    ]);
    expect(transport.find(silent, 'execute_reply')[0].content.execution_count).toBe(0);
    expect(transport.find(unstored, 'execute_input')[0].content.execution_count).toBe(0);
    expect(transport.find(unstored, 'execute_reply')[0].content.execution_count).toBe(0);
    expect(transport.trace(blank)).toEqual([
      'iopub:status:busy',
      'shell:execute_reply',
      'iopub:status:idle',
    ]);
    expect(transport.find(stored, 'execute_reply')[0].content.execution_count).toBe(1);
  });

  it('publishes exactly one error for a failed cell and aborts the queued cells when stop_on_error', async () => {
    const { transport, run } = setup();
    const failing = execute('fail');
    const queued = [execute('a'), execute('b')];
    await run(failing, ...queued);
    expect(transport.trace(failing)).toEqual([
      'iopub:status:busy',
      'iopub:execute_input',
      'iopub:stream',
      'iopub:error',
      'shell:execute_reply',
      'iopub:status:idle',
    ]);
    expect(transport.find(failing, 'execute_reply')[0].content).toEqual({
      status: 'error',
      execution_count: 1,
      ename: 'SqlSyntaxError',
      evalue: 'bad (line 1, column 1)',
      traceback: ['tb', 'the 2 queued cells after this one were not run'],
    });
    // The error output (what frontends show) explains the empty prompts below it.
    expect(transport.find(failing, 'error')[0].content.traceback).toEqual(['tb', 'the 2 queued cells after this one were not run']);
    for (const r of queued) {
      expect(transport.trace(r)).toEqual([
        'iopub:status:busy',
        'shell:execute_reply',
        'iopub:status:idle',
      ]);
      expect(transport.find(r, 'execute_reply')[0].content).toEqual({
        status: 'error',
        execution_count: 1,
        ename: 'ExecutionAborted',
        evalue: 'not run: an earlier cell failed',
        traceback: [],
      });
    }
    const later = execute('c');
    await run(later);
    expect(transport.find(later, 'execute_reply')[0].content).toMatchObject({
      status: 'ok',
      execution_count: 2,
    });
  });

  it('runs queued cells after a failure when stop_on_error is false', async () => {
    const { transport, run } = setup();
    const next = execute('a');
    const failing = execute('fail', { stop_on_error: false });
    await run(failing, next);
    expect(transport.find(next, 'execute_reply')[0].content).toMatchObject({
      status: 'ok',
      execution_count: 2,
    });
    // nothing was skipped, so the error says nothing about queued cells
    expect(transport.find(failing, 'error')[0].content.traceback).toEqual(['tb']);
  });

  it('names one skipped cell in the singular', async () => {
    const { transport, run } = setup();
    const failing = execute('fail');
    await run(failing, execute('a'));
    expect(transport.find(failing, 'error')[0].content.traceback).toEqual(['tb', 'the 1 queued cell after this one was not run']);
  });

  it('turns an executor exception into one InternalError', async () => {
    const { transport, run } = setup();
    const r = execute('throw');
    await run(r);
    expect(transport.find(r, 'error')).toHaveLength(1);
    expect(transport.find(r, 'execute_reply')[0].content).toMatchObject({
      status: 'error',
      ename: 'InternalError',
      evalue: 'boom',
    });
  });

  it('interrupt_request on control cancels the running cell, whose queued successors abort', async () => {
    const { transport, session, run } = setup();
    const running = execute('wait');
    const queued = execute('a');
    session.handle(running);
    session.handle(queued);
    await waitFor(() => transport.trace(running).includes('iopub:execute_input'));
    const interrupt = request('interrupt_request', {}, 'control');
    await run(interrupt, running, queued);
    expect(transport.find(interrupt, 'interrupt_reply')[0]).toMatchObject({
      channel: 'control',
      content: { status: 'ok' },
    });
    expect(transport.find(running, 'error')[0].content).toMatchObject({
      ename: 'KeyboardInterrupt',
    });
    expect(transport.find(queued, 'execute_reply')[0].content).toMatchObject({
      ename: 'ExecutionAborted',
    });
  });

  it('ends a cell whose executor ignores the interrupt within 1 s', async () => {
    // Kernel time, not wall-clock time: a loaded machine must not fail the test.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const { transport, session, run } = setup();
    const stuck = execute('stuck');
    session.handle(stuck);
    await waitFor(() => transport.trace(stuck).includes('iopub:execute_input'));
    session.interrupt();
    await new Promise((r) => setImmediate(r));
    expect(transport.find(stuck, 'execute_reply')).toEqual([]); // the executor gets its chance first
    jest.advanceTimersByTime(1000);
    await waitFor(() => transport.find(stuck, 'execute_reply').length === 1);
    expect(transport.find(stuck, 'execute_reply')[0].content).toMatchObject({
      status: 'error',
      ename: 'KeyboardInterrupt',
    });
    await run(stuck);
  });

  it('answers other shell requests during an execute and then re-asserts busy for the running cell', async () => {
    const { transport, executor, session, run } = setup();
    const running = execute('block');
    session.handle(running);
    await waitFor(() => executor.release !== undefined);
    const complete = request('complete_request', { code: 'SEL', cursor_pos: 3 });
    await run(complete);
    const order = transport.sent.map(
      (s) =>
        `${s.parentId === running.header.msg_id ? 'exec' : 'other'}:${s.msgType}:${s.content.execution_state ?? ''}`,
    );
    expect(order.slice(-4)).toEqual([
      'other:status:busy',
      'other:complete_reply:',
      'other:status:idle',
      'exec:status:busy',
    ]);
    executor.release!();
    await run(running);
  });

  it('answers kernel_info and interrupt at once while IOPub cannot send', async () => {
    const { transport, session } = setup();
    transport.iopubStalled = true;
    const info = request('kernel_info_request');
    const interrupt = request('interrupt_request', {}, 'control');
    session.handle(info);
    session.handle(interrupt);
    await waitFor(() => transport.find(interrupt, 'interrupt_reply').length === 1);
    expect(transport.find(info, 'kernel_info_reply')).toHaveLength(1);
  });

  it('shows at most resultLimit results of a cell and one line counting the rest, before the reply', async () => {
    const { transport, executor, run } = setup();
    executor.maxResults = 2;
    const cell = execute('six results');
    await run(cell);
    const outputs = transport
      .trace(cell)
      .filter((t) => !t.startsWith('iopub:status') && t !== 'iopub:execute_input');
    expect(outputs).toEqual([
      'iopub:display_data',
      'iopub:execute_result',
      'iopub:update_display_data', // a is shown, so its updates are too; b is not
      'iopub:stream',
      'iopub:stream',
      'shell:execute_reply',
    ]);
    expect(transport.find(cell, 'stream').map((s) => s.content.text)).toEqual([
      'note\n',
      '5 more results not shown\n',
    ]);
  });

  it('sends input_request on stdin with the shell identities, and delivers the input_reply', async () => {
    const { transport, session, run } = setup();
    const r = execute('ask', { allow_stdin: true });
    session.handle(r);
    await waitFor(() => transport.find(r, 'input_request').length === 1);
    const prompt = transport.find(r, 'input_request')[0];
    expect(prompt).toMatchObject({
      channel: 'stdin',
      content: { prompt: 'name? ', password: false },
      identities: [Buffer.from('client-id')],
    });
    session.handle({ ...request('input_reply', { value: 'Ada' }, 'stdin') });
    await run(r);
    expect(transport.find(r, 'stream')[0].content).toEqual({ name: 'stdout', text: 'got Ada\n' });
  });

  it('refuses stdin when the request does not allow it, and cancels a pending prompt on interrupt', async () => {
    const { transport, session, run } = setup();
    const refused = execute('ask', { allow_stdin: false });
    await run(refused);
    expect(transport.find(refused, 'input_request')).toHaveLength(0);
    expect(transport.find(refused, 'stream')[0].content).toEqual({
      name: 'stderr',
      text: 'VK010\n',
    });

    const cancelled = execute('ask', { allow_stdin: true });
    session.handle(cancelled);
    await waitFor(() => transport.find(cancelled, 'input_request').length === 1);
    session.interrupt();
    await run(cancelled);
    expect(transport.find(cancelled, 'stream')[0].content).toEqual({
      name: 'stderr',
      text: 'VK011\n',
    });
  });

  it('converts completion positions between code points and UTF-16', async () => {
    const { transport, run } = setup();
    const code = '😀 SEL'; // 😀 is one code point, two UTF-16 units
    const r = request('complete_request', { code, cursor_pos: 5 });
    await run(r);
    expect(transport.find(r, 'complete_reply')[0].content).toEqual({
      status: 'ok',
      matches: ['SELECT'],
      cursor_start: 2,
      cursor_end: 5,
      metadata: {
        _jupyter_types_experimental: [{ start: 2, end: 5, text: 'SELECT', type: 'keyword' }],
      },
    });
  });

  it('answers a valid empty completion when the executor fails', async () => {
    const { transport, run } = setup();
    const r = request('complete_request', { code: 'throw', cursor_pos: 5 });
    await run(r);
    expect(transport.find(r, 'complete_reply')[0].content).toEqual({
      status: 'ok',
      matches: [],
      cursor_start: 5,
      cursor_end: 5,
      metadata: { _jupyter_types_experimental: [] },
    });
  });

  it('answers inspect, is_complete and history', async () => {
    const { transport, run } = setup();
    await run(execute('SELECT 1;'));
    const inspect = request('inspect_request', { code: 'COUNT', cursor_pos: 5, detail_level: 0 });
    const isComplete = request('is_complete_request', { code: 'SELECT (1' });
    const history = request('history_request', {
      hist_access_type: 'tail',
      n: 5,
      output: true,
      raw: true,
    });
    await run(inspect, isComplete, history);
    expect(transport.find(inspect, 'inspect_reply')[0].content).toEqual({
      status: 'ok',
      found: true,
      data: { 'text/plain': 'doc', 'text/markdown': '*doc*' },
      metadata: {},
    });
    expect(transport.find(isComplete, 'is_complete_reply')[0].content).toEqual({
      status: 'incomplete',
      indent: '    ',
    });
    expect(transport.find(history, 'history_reply')[0].content).toEqual({
      status: 'ok',
      history: [[1, 1, ['SELECT 1;', 'result of SELECT 1;']]],
    });
  });

  it('records the final snapshot of the last live result in history, not its first one', async () => {
    const { run, history } = setup();
    await run(execute('two live results'));
    expect(history.query({ kind: 'tail', n: 1 })).toEqual([
      { session: 1, line: 1, input: 'two live results', output: 'b: final snapshot' },
    ]);
  });

  it('answers exit and quit with the ask_exit payload consoles leave on, without calling the executor', async () => {
    const { transport, run } = setup();
    const r = execute(' exit\n');
    await run(r);
    expect(transport.find(r, 'stream')).toHaveLength(0);
    expect(transport.find(r, 'execute_reply')[0].content).toMatchObject({
      status: 'ok',
      payload: [{ source: 'ask_exit', keepkernel: false }],
    });
  });

  it('gives unknown requests busy and idle but no reply', async () => {
    const { transport, run } = setup();
    const r = request('debug_request');
    await run(r);
    expect(transport.trace(r)).toEqual(['iopub:status:busy', 'iopub:status:idle']);
  });

  it('routes comms to registered targets and refuses unknown targets', async () => {
    const { transport, comms, run } = setup();
    const received: JsonObject[] = [];
    comms.registerTarget('velostream.catalog', (comm) => {
      void comm.send({ type: 'catalog', seq: 1 });
      return {
        onMessage: (message, c) => {
          received.push(message.data);
          return c.send({ type: 'ack', request_id: message.data.request_id }, message.header);
        },
      };
    });
    const open = request('comm_open', {
      comm_id: 'c1',
      target_name: 'velostream.catalog',
      data: { v: 1 },
    });
    const msg = request('comm_msg', { comm_id: 'c1', data: { type: 'refresh', request_id: 'r1' } });
    const info = request('comm_info_request', { target_name: 'velostream.catalog' });
    const refused = request('comm_open', { comm_id: 'c2', target_name: 'nobody', data: {} });
    await run(open, msg, info, refused);
    expect(transport.trace(open)).toEqual([
      'iopub:status:busy',
      'iopub:comm_msg',
      'iopub:status:idle',
    ]);
    expect(received).toEqual([{ type: 'refresh', request_id: 'r1' }]);
    expect(transport.find(msg, 'comm_msg')[0].content).toEqual({
      comm_id: 'c1',
      data: { type: 'ack', request_id: 'r1' },
    });
    expect(transport.find(info, 'comm_info_reply')[0].content).toEqual({
      status: 'ok',
      comms: { c1: { target_name: 'velostream.catalog' } },
    });
    expect(transport.find(refused, 'comm_close')[0].content).toEqual({ comm_id: 'c2', data: {} });

    const close = request('comm_close', { comm_id: 'c1', data: {} });
    const infoAfter = request('comm_info_request', {});
    await run(close, infoAfter);
    expect(transport.find(infoAfter, 'comm_info_reply')[0].content).toEqual({
      status: 'ok',
      comms: {},
    });
  });

  it('shuts down: stops the executor, replies with the restart flag, goes idle, then exits', async () => {
    const { transport, executor, shutdowns, run } = setup();
    const r = request('shutdown_request', { restart: true }, 'control');
    await run(r);
    expect(transport.trace(r)).toEqual([
      'iopub:status:busy',
      'control:shutdown_reply',
      'iopub:status:idle',
    ]);
    expect(transport.find(r, 'shutdown_reply')[0].content).toEqual({ status: 'ok', restart: true });
    expect(executor.shutdownCalls).toBe(1);
    expect(shutdowns).toEqual([true]);
  });
});
