import type { MimeBundle, OutputPublisher } from '../session/executor';
import { LiveDisplay, type QueryCounters } from './live-display';
import { RESULT_MIME } from './result-json';
import { col, meta, record } from '../../test/helpers/display';
import { NO_CHART } from './viz';

interface Sent {
  kind: 'display' | 'update';
  data: MimeBundle;
  displayId?: string;
  coalesce?: boolean;
}

function recorder(): { output: OutputPublisher; sent: Sent[] } {
  const sent: Sent[] = [];
  const output = {
    parent: {} as OutputPublisher['parent'],
    stream: async () => {},
    displayData: async (data: MimeBundle, o?: { displayId?: string }) => void sent.push({ kind: 'display', data, displayId: o?.displayId }),
    updateDisplayData: async (data: MimeBundle, o: { displayId: string; coalesce?: boolean }) =>
      void sent.push({ kind: 'update', data, displayId: o.displayId, coalesce: o.coalesce }),
    executeResult: async () => {},
    clearOutput: async () => {},
  };
  return { output, sent };
}

const json = (s: Sent) => s.data[RESULT_MIME] as { status: string; rows: unknown[][]; counters: { updates_sent: number } };

function setup(live = true) {
  const { output, sent } = recorder();
  const counters: QueryCounters = { records_in: 0, records_out: 0, late_records: 0 };
  const display = new LiveDisplay(meta({ columns: [col('n', 'INTEGER')] }), {
    output,
    live,
    refresh: 4,
    rowLimit: 50,
    htmlRowLimit: 50,
    keepRows: 1000,
    counters: () => counters,
    chooseViz: () => NO_CHART,
    now: () => 0,
  });
  return { display, sent, counters };
}

describe('LiveDisplay', () => {
  it('first tick sends display_data, later ticks update only when something changed, finish sends the final snapshot', async () => {
    const { display, sent, counters } = setup();
    display.addRecords([record({ n: 1 })]);
    counters.records_in = 1;
    await display.tick();
    await display.tick(); // nothing changed: no message
    display.addRecords([record({ n: 2 })]);
    counters.records_in = 2;
    await display.tick();
    await display.finish('done', { reason: 'complete' });
    expect(sent.map((s) => [s.kind, s.displayId, s.coalesce, json(s).status, json(s).rows.length])).toEqual([
      ['display', 'vs-12345678-1', undefined, 'running', 1],
      ['update', 'vs-12345678-1', true, 'running', 2],
      ['update', 'vs-12345678-1', false, 'done', 2],
    ]);
    expect(json(sent[2]).counters.updates_sent).toBe(2);
  });

  it('a query that ends before the first tick sends one display_data holding the final snapshot', async () => {
    const { display, sent } = setup();
    display.addRecords([record({ n: 1 })]);
    await display.finish('done', { reason: 'complete' });
    await display.tick();
    expect(sent).toHaveLength(1);
    expect(sent[0].kind).toBe('display');
    expect(json(sent[0]).status).toBe('done');
  });

  it('names the job once it runs in the background', async () => {
    const { display, sent } = setup();
    await display.tick();
    display.setJob('q3_1');
    await display.tick();
    expect((sent[1].data['text/plain'] as string).split('\n')[0]).toContain('job q3_1 · %stop q3_1');
  });

  it('sends updates on a timer at most refresh times per second', async () => {
    jest.useFakeTimers();
    try {
      const { display, sent, counters } = setup();
      display.start();
      for (let ms = 0; ms < 1000; ms += 50) {
        display.addRecords([record({ n: ms })]);
        counters.records_in++;
        jest.advanceTimersByTime(50);
        await Promise.resolve();
      }
      await display.finish('stopped', { reason: 'stop' });
      // ticks at 250, 500, 750, 1000 ms, then the final snapshot
      expect(sent.map((s) => s.kind)).toEqual(['display', 'update', 'update', 'update', 'update']);
      expect(json(sent[4]).status).toBe('stopped');
    } finally {
      jest.useRealTimers();
    }
  });

  it('while IOPub holds an update back, later ticks wait for it and the next update shows the newest rows', async () => {
    const { output, sent } = recorder();
    const releases: Array<() => void> = [];
    const record_ = output.updateDisplayData;
    output.updateDisplayData = async (data, o) => {
      await record_(data, o);
      await new Promise<void>((resolve) => releases.push(resolve)); // the socket is backed up
    };
    const counters: QueryCounters = { records_in: 0, records_out: 0, late_records: 0 };
    const display = new LiveDisplay(meta({ columns: [col('n', 'INTEGER')] }), {
      output, live: true, refresh: 4, rowLimit: 50, keepRows: 1000, counters: () => counters, chooseViz: () => NO_CHART,
    });
    await display.tick();
    for (let n = 1; n <= 50; n++) {
      display.addRecords([record({ n })]);
      counters.records_in = n;
      void display.tick();
      await new Promise((r) => setImmediate(r));
    }
    const settle = async (count: number) => {
      for (let i = 0; i < 100 && sent.length < count; i++) {
        releases.shift()?.();
        await new Promise((r) => setImmediate(r));
      }
    };
    await settle(3);
    // one more change while that update is stuck, then the query ends: the final overtakes it
    display.addRecords([record({ n: 51 })]);
    void display.tick();
    const finished = display.finish('done');
    await settle(4);
    releases.forEach((release) => release());
    await finished;
    // the first update was stuck while 49 more ticks came: one waiting update rendered all 50 rows
    expect(sent.map((s) => [s.kind, json(s).status, json(s).rows.length])).toEqual([
      ['display', 'running', 0],
      ['update', 'running', 1],
      ['update', 'running', 50],
      ['update', 'done', 51],
    ]);
  });

  it('resolves unknown column types from the first value', async () => {
    const { output, sent } = recorder();
    const display = new LiveDisplay(meta({ columns: [col('v', 'NULL')] }), {
      output, live: true, refresh: 4, rowLimit: 50, keepRows: 10,
      counters: () => ({ records_in: 0, records_out: 0, late_records: 0 }),
      chooseViz: () => NO_CHART,
    });
    display.addRecords([record({ v: null }), record({ v: 2.5 })]);
    await display.finish('done', { reason: 'complete' });
    expect((sent[0].data[RESULT_MIME] as { columns: unknown[] }).columns).toEqual([{ name: 'v', type: 'FLOAT', role: 'value' }]);
  });
});
