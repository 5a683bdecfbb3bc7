import type { MessageHeader } from '../../protocol/messages';
import { newExecutor, runCell } from '../../../test/helpers/cell';

const header = (id: string) => ({ msg_id: id, msg_type: 'comm_msg' }) as MessageHeader;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('velostream.catalog comm (§6.1)', () => {
  it('sends the catalog on open and after changes (debounced), with growing seq', async () => {
    const { executor, comms, commMessages } = newExecutor();
    await comms.handleOpen({ comm_id: 'c1', target_name: 'velostream.catalog', data: { v: 1 } }, [], header('open'));
    await settle(10);
    expect(commMessages).toHaveLength(1);
    expect(commMessages[0]).toMatchObject({ msgType: 'comm_msg', comm_id: 'c1', data: { type: 'catalog', v: 1, seq: 1, reason: 'open' } });

    await runCell(executor, '%%schema trades\nfields:\n  - {name: symbol, type: string}\n  - {name: price, type: "decimal(2)"}\n');
    await runCell(executor, "SET symbol = 'AAPL';");
    await settle(400);
    expect(commMessages).toHaveLength(2); // one debounced push for both changes
    const catalog = (commMessages[1].data as { seq: number; catalog: Record<string, unknown> });
    expect(catalog.seq).toBe(2);
    expect(catalog.catalog).toMatchObject({
      sources: [{ name: 'trades', kind: 'stream', bounded: false, binding: 'synthetic', columns: [{ name: 'symbol', type: 'STRING', nullable: false, role: 'value' }, { name: 'price', type: 'DECIMAL(2)', nullable: false, role: 'value' }] }],
      jobs: [],
      params: [{ name: 'symbol', type: 'STRING', value: 'AAPL' }],
      settings: { rows: 50, refresh: 4 },
    });
    await comms.handleClose({ comm_id: 'c1' }, [], header('close'));
  });

  it('marks the event-time field of a declared source', async () => {
    const { executor, comms, commMessages } = newExecutor();
    await runCell(executor, "CREATE STREAM ticks (symbol STRING, price DOUBLE, ts TIMESTAMP) WITH (type = 'file_source', path = 'ticks.csv', format = 'csv', 'event.time.field' = 'ts');");
    await comms.handleOpen({ comm_id: 'c3', target_name: 'velostream.catalog', data: { v: 1 } }, [], header('open'));
    await settle(10);
    const { catalog } = commMessages[0].data as { catalog: { sources: Record<string, unknown>[] } };
    expect(catalog.sources).toEqual([expect.objectContaining({ name: 'ticks', event_time: 'ts', path: 'ticks.csv' })]);
    await comms.handleClose({ comm_id: 'c3' }, [], header('close'));
  });

  it('answers describe, stop_job and unknown requests with their request_id', async () => {
    const { executor, comms, commMessages } = newExecutor();
    await runCell(executor, '%generate demo --records 10');
    await comms.handleOpen({ comm_id: 'c2', target_name: 'velostream.catalog', data: { v: 1 } }, [], header('open'));
    await comms.handleMessage({ comm_id: 'c2', data: { type: 'describe', request_id: 'r1', name: 'demo', sample: 2 } }, [], header('m1'));
    await comms.handleMessage({ comm_id: 'c2', data: { type: 'stop_job', request_id: 'r2', name: 'nope' } }, [], header('m2'));
    await comms.handleMessage({ comm_id: 'c2', data: { type: 'bogus', request_id: 'r3' } }, [], header('m3'));
    const answers = commMessages.map((m) => m.data as Record<string, unknown>).filter((d) => d.request_id);
    expect(answers[0]).toMatchObject({ type: 'describe_result', request_id: 'r1', name: 'demo', columns: [{ name: 'id' }, { name: 'ts' }, { name: 'symbol' }, { name: 'price', type: 'DECIMAL(2)' }, { name: 'qty' }] });
    expect((answers[0].sample_rows as Record<string, unknown>[]).map((r) => r.id)).toEqual([1, 2]);
    expect(answers[1]).toEqual({ type: 'error', request_id: 'r2', message: 'no running job named nope' });
    expect(answers[2]).toEqual({ type: 'error', request_id: 'r3', message: 'unknown request type bogus' });
    await comms.handleClose({ comm_id: 'c2' }, [], header('close'));
  });
});
