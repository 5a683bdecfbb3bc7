import { fakeMessagesServer } from '@velostream/engine';
import type { JsonObject, MessageHeader } from '../../protocol/messages';
import { CommRegistry } from '../../session/comms';
import { newExecutor, runCell } from '../../../test/helpers/cell';
import { registerAssistComm } from './assist-comm';

const header = (id: string) => ({ msg_id: id, msg_type: 'comm_msg' }) as MessageHeader;
const TAIL = "GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '1' MINUTE) EMIT FINAL;";
const SCHEMA = '%%schema trades\nfields:\n  - {name: symbol, type: string}\n  - {name: price, type: float}\n  - {name: ts, type: integer}\n';

async function until(messages: JsonObject[], done: (d: Record<string, unknown>[]) => boolean, ms = 5000): Promise<Record<string, unknown>[]> {
  const started = Date.now();
  for (;;) {
    const data = messages.map((m) => m.data as Record<string, unknown>);
    if (done(data) || Date.now() - started > ms) return data;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('velostream.assist comm (§6.2)', () => {
  it('streams the offline suggestion as chunks in order, then one result that validates', async () => {
    const { executor, comms, commMessages } = newExecutor();
    await runCell(executor, SCHEMA);
    await comms.handleOpen({ comm_id: 'a1', target_name: 'velostream.assist', data: { v: 1 } }, [], header('open'));
    await comms.handleMessage({ comm_id: 'a1', data: { type: 'complete', request_id: 'r1', cell_id: 'c1', prefix: 'SELECT symbol, AVG(price) FROM trades ', suffix: '', stream: true } }, [], header('m1'));
    const data = await until(commMessages, (d) => d.some((x) => x.type === 'result'));
    const chunks = data.filter((d) => d.type === 'chunk');
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.request_id === 'r1' && c.item === 0 && c.engine === 'offline')).toBe(true);
    expect(chunks.map((c) => c.text).join('')).toBe(TAIL);
    expect(data[data.length - 1]).toEqual({ type: 'result', request_id: 'r1', done: true, engine: 'offline', items: [{ insertText: TAIL, engine: 'offline' }] });
  });

  it('cancel, a newer request for the same cell and an unknown type each end a request with one result', async () => {
    const server = await fakeMessagesServer([{ text: TAIL, delayMs: 3000 }]);
    const messages: JsonObject[] = [];
    const comms = new CommRegistry(async (_t, content) => void messages.push(content), { error() {}, warn() {}, info() {}, debug() {} } as never);
    const { executor } = newExecutor();
    await runCell(executor, SCHEMA);
    registerAssistComm(comms, executor.notebook, { error() {}, warn() {}, info() {}, debug() {} } as never, { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
    try {
      await comms.handleOpen({ comm_id: 'a2', target_name: 'velostream.assist', data: { v: 1 } }, [], header('open'));
      const complete = (id: string, cell: string) => comms.handleMessage({ comm_id: 'a2', data: { type: 'complete', request_id: id, cell_id: cell, prefix: 'SELECT symbol, AVG(price) FROM trades ', suffix: '', stream: true } }, [], header(id));
      await complete('r1', 'c1');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sent = Date.now();
      await comms.handleMessage({ comm_id: 'a2', data: { type: 'cancel', request_id: 'r1' } }, [], header('x1'));
      let data = await until(messages, (d) => d.some((x) => x.request_id === 'r1'));
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(data.filter((d) => d.request_id === 'r1')).toEqual([{ type: 'result', request_id: 'r1', done: true, items: [], cancelled: true }]);

      await complete('r2', 'c1');
      await complete('r3', 'c1');
      await comms.handleMessage({ comm_id: 'a2', data: { type: 'bogus', request_id: 'r4' } }, [], header('x4'));
      data = await until(messages, (d) => d.some((x) => x.request_id === 'r2') && d.some((x) => x.request_id === 'r4'));
      expect(data.filter((d) => d.request_id === 'r2')).toEqual([{ type: 'result', request_id: 'r2', done: true, items: [], cancelled: true }]);
      expect(data.find((d) => d.request_id === 'r4')).toMatchObject({ type: 'result', error: { message: 'unknown request type bogus' } });
      await comms.handleClose({ comm_id: 'a2' }, [], header('close'));
      data = await until(messages, (d) => d.some((x) => x.request_id === 'r3'));
      expect(data.filter((d) => d.request_id === 'r3')).toEqual([{ type: 'result', request_id: 'r3', done: true, items: [], cancelled: true }]);
    } finally {
      await server.close();
    }
  });

  it('a provider error is a readable error in the result', async () => {
    const server = await fakeMessagesServer([{ status: 401, type: 'authentication_error', message: 'bad key' }]);
    const messages: JsonObject[] = [];
    const comms = new CommRegistry(async (_t, content) => void messages.push(content), { error() {}, warn() {}, info() {}, debug() {} } as never);
    const { executor } = newExecutor();
    registerAssistComm(comms, executor.notebook, { error() {}, warn() {}, info() {}, debug() {} } as never, { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url });
    try {
      await comms.handleOpen({ comm_id: 'a3', target_name: 'velostream.assist', data: { v: 1 } }, [], header('open'));
      await comms.handleMessage({ comm_id: 'a3', data: { type: 'complete', request_id: 'r1', cell_id: 'c', prefix: 'SELECT ', suffix: '' } }, [], header('m'));
      const data = await until(messages, (d) => d.some((x) => x.type === 'result'));
      expect(data[data.length - 1]).toEqual({ type: 'result', request_id: 'r1', done: true, items: [], error: { message: 'inline completion: Claude rejected the API key (401); check ANTHROPIC_API_KEY' } });
    } finally {
      await server.close();
    }
  });
});
