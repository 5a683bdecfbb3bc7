import { downsample, niceCeiling, renderChart, PALETTE } from './chart-svg';
import type { VizSpec } from './types';
import { col } from '../../test/helpers/display';

const spec = (kind: VizSpec['kind'], x: string | null, y: string[], series: string | null = null): VizSpec => ({
  kind,
  x,
  y,
  series,
  title: null,
  origin: 'inferred',
});

const columns = [col('symbol', 'STRING', 'group_key'), col('ws', 'INTEGER', 'window_start'), col('avg', 'FLOAT')];
const rows = [
  ['A', 0, 1],
  ['A', 60000, 3],
  ['B', 0, 10],
  ['B', 60000, 20],
];

describe('renderChart', () => {
  it('line: 640×200 img with a title, one polyline per series, legend, axis labels', () => {
    const svg = renderChart(spec('line', 'ws', ['avg'], 'symbol'), columns, rows)!;
    expect(svg).toMatch(/^<svg [^>]*width="640" height="200"[^>]*role="img"/);
    expect(svg).toContain('<title>avg by ws</title>');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    // B has the larger latest value, so it is the first series and gets the first colour.
    expect(svg).toContain(`stroke="${PALETTE[0]}"`);
    expect(svg.indexOf('>B<')).toBeLessThan(svg.indexOf('>A<'));
    expect(svg).toContain('>00:00:00<'); // time axis tick
    expect(svg).toContain('>00:01:00<');
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('maps the extremes of the data onto the plot corners', () => {
    const svg = renderChart(spec('line', 'ws', ['avg']), columns, [['A', 0, 0], ['A', 10, 5]])!;
    // plot area: x 60…510, y 22…166
    expect(svg).toContain('points="60.0,166.0 510.0,22.0"');
  });

  it('bar: one rect per key, largest first; pie: one slice per label; gauge: the last value', () => {
    const byKey = [col('symbol', 'STRING', 'group_key'), col('n', 'INTEGER')];
    const bar = renderChart(spec('bar', 'symbol', ['n']), byKey, [['A', 1], ['B', 5], ['A', 2]])!;
    expect(bar.match(/<rect /g)).toHaveLength(2);
    expect(bar.indexOf('B: 5')).toBeLessThan(bar.indexOf('A: 2'));
    const pie = renderChart(spec('pie', 'symbol', ['n']), byKey, [['A', 1], ['B', 3]])!;
    expect(pie.match(/<path /g)).toHaveLength(2);
    const gauge = renderChart(spec('gauge', null, ['n']), byKey, [['A', 42]])!;
    expect(gauge).toContain('>42<');
    expect(gauge).toContain('>50<'); // scale maximum
  });

  it('draws nothing for none, table, or rows without numbers', () => {
    expect(renderChart(spec('none', null, []), columns, rows)).toBeNull();
    expect(renderChart(spec('table', 'ws', ['avg']), columns, rows)).toBeNull();
    expect(renderChart(spec('line', 'ws', ['avg']), columns, [['A', 0, null]])).toBeNull();
  });

  it('downsamples to at most 1,000 points by bucket averages', () => {
    const points = Array.from({ length: 3000 }, (_, i) => ({ x: i, y: i % 3 }));
    const out = downsample(points, 1000);
    expect(out).toHaveLength(1000);
    expect(out[0]).toEqual({ x: 1, y: 1 });
  });

  it('niceCeiling picks 1, 2 or 5 × 10^k', () => {
    expect([niceCeiling(42), niceCeiling(0.3), niceCeiling(100), niceCeiling(0)]).toEqual([50, 0.5, 100, 1]);
  });
});
