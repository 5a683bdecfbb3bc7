import type { OutputPublisher } from '../session/executor';
import { progressDisplays } from './progress-display';

type Sent = { kind: 'display' | 'update'; text: string; html: string; displayId?: string };

function recorder(): { output: OutputPublisher; sent: Sent[] } {
  const sent: Sent[] = [];
  const record = (kind: Sent['kind']) => async (data: Record<string, unknown>, options?: { displayId?: string }) => {
    sent.push({ kind, text: String(data['text/plain']), html: String(data['text/html']), displayId: options?.displayId });
  };
  const output = { displayData: record('display'), updateDisplayData: record('update') } as unknown as OutputPublisher;
  return { output, sent };
}

describe('progress displays', () => {
  test('one display per phase, updates at most every 250 ms under its id, a final line without the bar', () => {
    const { output, sent } = recorder();
    let clock = 1_000;
    const bar = progressDisplays(output, () => 'vs-1-7', () => clock)('process totals', 5000);
    bar.update(1000); // 0 ms after start: too soon
    clock += 300;
    bar.update(2500);
    clock += 100;
    bar.update(3000); // 100 ms after the last update: skipped
    clock += 300;
    bar.finish(5000);
    expect(sent.map((s) => [s.kind, s.displayId, s.text])).toEqual([
      ['display', 'vs-1-7', 'process totals: 0 of 5,000 records · 0.0 s'],
      ['update', 'vs-1-7', 'process totals: 2,500 of 5,000 records · 0.3 s'],
      ['update', 'vs-1-7', 'process totals: 5,000 of 5,000 records in 0.7 s'],
    ]);
    expect(sent[1].html).toContain('<progress value="2500" max="5000"></progress>');
    expect(sent[2].html).not.toContain('<progress');
  });
});
