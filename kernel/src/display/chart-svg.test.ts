import { downsample, renderChart } from './chart-svg';
import { niceCeiling, timeAxis, valueAxis, valueTickText } from './ticks';
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
  it('line: 640×200 img with a title, one polyline per series in key order, legend, axis labels', () => {
    const svg = renderChart(spec('line', 'ws', ['avg'], 'symbol'), columns, rows)!;
    expect(svg).toMatch(/^<svg [^>]*width="640" height="200" viewBox="0 0 640 200"[^>]*role="img"/);
    expect(svg).toContain('<title>avg by ws</title>');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    // Series in key order: A first (first colour) although B has the larger latest value.
    expect(svg.indexOf('>A<')).toBeLessThan(svg.indexOf('>B<'));
    expect(svg).toContain('>00:00:00<'); // time axis ticks on round times
    expect(svg).toContain('>00:00:30<');
    expect(svg).toContain('>00:01:00<');
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('maps the data onto the plot: x from first to last instant, y from 0 to the round tick above the maximum', () => {
    const svg = renderChart(spec('line', 'ws', ['avg']), columns, [['A', 0, 0], ['A', 10, 5]])!;
    // plot area: x 60…510, y 22…166; y ticks 0, 2, 4, 6 so 5 sits at 5/6 of the height
    expect(svg).toContain('points="60.0,166.0 510.0,46.0"');
    expect(yTickLabels(svg)).toEqual(['0', '2', '4', '6']);
  });

  it('y axis: a few round ticks, not only 0 and the raw maximum', () => {
    const byKey = [col('symbol', 'STRING', 'group_key'), col('avg', 'FLOAT')];
    const bar = renderChart(spec('bar', 'symbol', ['avg']), byKey, [['A', 151.0243883978462], ['B', 87.5]])!;
    expect(yTickLabels(bar)).toEqual(['0', '50', '100', '150', '200']);
    expect(bar).toContain('A: 151.024388'); // tooltips: floats with at most 6 decimals
  });

  it('bar: one rect per key in key order, so nearly equal bars never swap while values change', () => {
    const byKey = [col('symbol', 'STRING', 'group_key'), col('n', 'INTEGER')];
    const order = (rows: unknown[][]) =>
      [...renderChart(spec('bar', 'symbol', ['n']), byKey, rows as never)!.matchAll(/<title>(\w+): /g)].map((m) => m[1]);
    expect(order([['MSFT', 10], ['AAPL', 11], ['GOOG', 3]])).toEqual(['AAPL', 'GOOG', 'MSFT']);
    expect(order([['MSFT', 12], ['AAPL', 11], ['GOOG', 3]])).toEqual(['AAPL', 'GOOG', 'MSFT']);
    // more keys than fit: the top 20 by value, still in key order
    const many = Array.from({ length: 25 }, (_, i) => [`k${String(i).padStart(2, '0')}`, i]);
    const shown = order(many);
    expect(shown).toHaveLength(20);
    expect(shown[0]).toBe('k05');
    expect(shown).toEqual([...shown].sort());
  });

  it('bar, pie and gauge draw their marks', () => {
    const byKey = [col('symbol', 'STRING', 'group_key'), col('n', 'INTEGER')];
    const bar = renderChart(spec('bar', 'symbol', ['n']), byKey, [['A', 1], ['B', 5], ['A', 2]])!;
    expect(bar.match(/<rect /g)).toHaveLength(2);
    expect(bar.indexOf('A: 2')).toBeLessThan(bar.indexOf('B: 5'));
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

describe('ticks', () => {
  it('value axes widen to round ticks without float noise', () => {
    expect(valueAxis(0, 0.7)).toEqual({ min: 0, max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8], step: 0.2 });
    expect(valueAxis(151.2, 188.9).ticks).toEqual([150, 160, 170, 180, 190]);
  });

  it('tick labels carry the decimals their step needs, so close ticks never print alike', () => {
    const close = valueAxis(150.0001, 150.0004);
    expect(close.ticks.map(valueTickText(close))).toEqual(['150.0001', '150.0002', '150.0003', '150.0004']);
    const big = valueAxis(0, 2_400_000);
    expect(big.ticks.map(valueTickText(big))).toEqual(['0', '1,000,000', '2,000,000', '3,000,000']);
  });

  it('time axes tick on whole seconds or minutes inside the data', () => {
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 3, 250);
    expect(timeAxis(t0, t0 + 9000).ticks.map((t) => new Date(t).toISOString().slice(14, 19))).toEqual([
      '00:04', '00:06', '00:08', '00:10', '00:12',
    ]);
  });
});

/** Labels of the y ticks, bottom to top. */
function yTickLabels(svg: string): string[] {
  return [...svg.matchAll(/<text x="56" y="[\d.]+" text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);
}
