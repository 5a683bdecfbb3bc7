import { ProgressBar, progressEnabled } from './progress-bar';

function recorder(isTTY = true) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (t: string) => out.push(t) } };
}

describe('ProgressBar', () => {
  it('draws only on a TTY without --no-progress or CI', () => {
    expect(progressEnabled({ write: () => true, isTTY: true }, {}, false)).toBe(true);
    expect(progressEnabled({ write: () => true, isTTY: false }, {}, false)).toBe(false);
    expect(progressEnabled({ write: () => true, isTTY: true }, {}, true)).toBe(false);
    expect(progressEnabled({ write: () => true, isTTY: true }, { CI: 'true' }, false)).toBe(false);
  });

  it('redraws at most every 100 ms with count, rate and ETA, and erases itself', () => {
    const { out, stream } = recorder();
    let now = 0;
    const bar = new ProgressBar(stream, 'generate trades', 100_000, () => now);
    now = 200;
    bar.update(20_000);
    now = 250;
    bar.update(25_000);
    now = 500;
    bar.update(50_000);
    bar.finish();
    expect(out).toEqual([
      '\r\x1b[Kgenerate trades [#####...................] 20,000/100,000 100,000 rec/s ETA 1s',
      '\r\x1b[Kgenerate trades [############............] 50,000/100,000 100,000 rec/s ETA 1s',
      '\r\x1b[K',
    ]);
  });

  it('stays silent for a small, quick phase', () => {
    const { out, stream } = recorder();
    let now = 0;
    const bar = new ProgressBar(stream, 'generate t', 1000, () => now);
    now = 500;
    bar.update(900);
    bar.finish();
    expect(out).toEqual([]);
  });
});
