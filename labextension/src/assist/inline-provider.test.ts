import type { IInlineCompletionContext } from '@jupyterlab/completer';
import type { Kernel } from '@jupyterlab/services';
import type { Widget } from '@lumino/widgets';
import { AssistClient, type AssistComm } from './assist-client';
import { VelostreamInlineProvider, type AssistItem } from './inline-provider';

const TAIL = "GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL;";

/** A comm whose kernel side the test plays: it records requests and answers when told. */
class FakeComm implements AssistComm {
  isDisposed = false;
  sent: Record<string, unknown>[] = [];
  onMsg: (data: Record<string, unknown>) => void = () => undefined;
  send(data: Record<string, unknown>): void {
    this.sent.push(data);
  }
  reply(data: Record<string, unknown>): void {
    this.onMsg({ request_id: this.sent[this.sent.length - 1].request_id, ...data });
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp() {
  const comms: FakeComm[] = [];
  const client = new AssistClient(() => {
    const comm = new FakeComm();
    comms.push(comm);
    return comm;
  });
  const provider = new VelostreamInlineProvider({
    clientFor: async (kernel) => ((kernel as unknown as { velo: boolean }).velo ? client : null),
    cellIdOf: (widget) => (widget as unknown as { cell: string | null }).cell,
  });
  const context = (velo: boolean, cell: string | null = 'cell-1') =>
    ({
      widget: { cell } as unknown as Widget,
      triggerKind: 1,
      session: { kernel: { velo } as unknown as Kernel.IKernelConnection },
    }) as unknown as IInlineCompletionContext;
  return { comms, provider, context };
}

async function collect(stream: AsyncGenerator<{ response: AssistItem }>): Promise<AssistItem[]> {
  const items: AssistItem[] = [];
  for await (const { response } of stream) items.push(response);
  return items;
}

describe('VelostreamInlineProvider', () => {
  it('asks the kernel with the text around the cursor and streams the ghost text, ending with the validated answer', async () => {
    const { comms, provider, context } = setUp();
    const text = 'SELECT symbol, AVG(price) FROM trades \n-- next';
    const fetched = provider.fetch({ text, offset: 38 }, context(true));
    await tick();
    expect(comms[0].sent).toEqual([
      {
        type: 'complete',
        request_id: 'assist-1',
        prefix: 'SELECT symbol, AVG(price) FROM trades ',
        suffix: '\n-- next',
        cell_id: 'cell-1',
        stream: true,
        max_items: 1,
      },
    ]);
    expect(provider.name).toBe('Velostream SQL');
    comms[0].reply({ type: 'chunk', item: 0, text: 'GROUP BY symbol ', engine: 'offline' });
    const { items } = await fetched;
    expect(items).toEqual([
      { insertText: 'GROUP BY symbol ', engine: 'offline', isIncomplete: true, token: 'assist-1' },
    ]);
    // Named before the answer ends: the completer's widget reads it when the ghost text first shows.
    expect(provider.name).toBe('Velostream SQL (offline, grammar and schema)');
    const streamed = collect(provider.stream!(items[0].token!));
    comms[0].reply({ type: 'chunk', item: 0, text: "WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) " });
    await tick();
    comms[0].reply({ type: 'chunk', item: 0, text: 'EMIT FINAL; garbage' });
    await tick();
    comms[0].reply({
      type: 'result',
      items: [{ insertText: TAIL, engine: 'offline' }],
      engine: 'offline',
      done: true,
    });
    const updates = await streamed;
    expect(updates.map((u) => u.insertText)).toEqual([
      "GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) ",
      `${TAIL} garbage`,
      TAIL,
    ]);
    expect(updates[updates.length - 1]).toEqual({
      insertText: TAIL,
      engine: 'offline',
      isIncomplete: false,
    });
  });

  it('shows an answer that comes whole, an error, and nothing for a cancelled request', async () => {
    const { comms, provider, context } = setUp();
    const whole = provider.fetch({ text: 'SELECT ', offset: 7 }, context(true));
    await tick();
    comms[0].reply({
      type: 'result',
      items: [{ insertText: '* FROM trades;', engine: 'claude' }],
      done: true,
    });
    expect((await whole).items).toEqual([{ insertText: '* FROM trades;', engine: 'claude' }]);
    expect(provider.name).toBe('Velostream SQL (Claude)');

    const failing = provider.fetch({ text: 'SELECT ', offset: 7 }, context(true));
    await tick();
    comms[0].reply({
      type: 'result',
      items: [],
      done: true,
      error: { message: 'inline completion timed out after 10 s' },
    });
    expect((await failing).items).toEqual([
      { insertText: '', error: { message: 'inline completion timed out after 10 s' } },
    ]);

    const superseded = provider.fetch({ text: 'SELECT ', offset: 7 }, context(true));
    await tick();
    comms[0].reply({ type: 'result', items: [], done: true, cancelled: true });
    expect((await superseded).items).toEqual([]);
  });

  it('stays silent for other kernels and outside notebook cells', async () => {
    const { comms, provider, context } = setUp();
    expect((await provider.fetch({ text: 'SELECT ', offset: 7 }, context(false))).items).toEqual(
      [],
    );
    expect(
      (await provider.fetch({ text: 'SELECT ', offset: 7 }, context(true, null))).items,
    ).toEqual([]);
    expect(comms).toHaveLength(0);
  });

  it('reopens the comm after a kernel restart disposed it, ending requests the old comm left open', async () => {
    const { comms, provider, context } = setUp();
    const orphan = provider.fetch({ text: 'SELECT ', offset: 7 }, context(true));
    await tick();
    comms[0].isDisposed = true;
    const fresh = provider.fetch({ text: 'SELECT ', offset: 7 }, context(true));
    await tick();
    expect((await orphan).items).toEqual([]);
    expect(comms).toHaveLength(2);
    comms[1].reply({
      type: 'result',
      items: [{ insertText: '* FROM trades;', engine: 'offline' }],
      done: true,
    });
    expect((await fresh).items).toEqual([{ insertText: '* FROM trades;', engine: 'offline' }]);
  });
});
